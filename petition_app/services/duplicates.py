"""Finding earlier cases a new one may repeat, and linking them (Thông tư 05/2021/TT-TTCP:
a duplicate petition is archived, a repeat of a resolved matter is counted as such)."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from ..domain.access import Act
from ..domain.cases import CaseKind, CaseStatus
from ..domain.duplicates import Candidate, score
from ..domain.workflow import Action, ArchiveReason
from ..extensions import db
from ..models import Case, CaseLink, Petitioner, User
from . import access
from .audit import record_event
from .cases import get_case, visible_to
from .workflow import ActionInput, ActionRefused, take_action

LOOKBACK = timedelta(days=365)
TEXT_POOL = 500  # the most recent cases of the same kind compared by wording
SHOWN = 10
RESOLVED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


@dataclass
class Candidates:
    """Possible duplicates to show, and how many earlier cases share a protected sender's identity
    without being listed (a denouncer's identity is only shown through the audited reveal)."""

    shown: list[tuple[Case, Candidate]] = field(default_factory=list)
    hidden_identity_matches: int = 0


def find_candidates(user: User, case: Case, *, revealed: bool = False) -> Candidates:
    """Earlier cases from the last 12 months that share the petitioner or the wording, best first.

    Matching on a protected identity (Luật Tố cáo 2018, Điều 47) never says who: on a
    denunciation the matches are counted, and listed only to one who has just revealed the
    identity (an audited act); on any other case a protected sender's cases are never
    named as "same sender", so that the earlier case cannot identify the denouncer.
    """
    since = case.received_at - LOOKBACK
    earlier = sa.and_(Case.id != case.id, Case.received_at >= since, Case.received_at <= case.received_at,
                      visible_to(user))
    same_person = _same_petitioner_ids(case, earlier)
    if access.identity_is_protected(case):
        flagged = set(same_person) if revealed else set()
        hidden = 0 if revealed else len(same_person)
    else:
        flagged, hidden = {i for i, protected in same_person.items() if not protected}, 0
    pool = db.session.scalars(
        sa.select(Case).where(earlier, sa.or_(Case.kind == case.kind, Case.id.in_(flagged or [-1])))
        .order_by(Case.received_at.desc()).limit(TEXT_POOL)
    ).all()
    text = f"{case.subject}\n{case.content}"
    found = []
    for other in pool:
        same = other.id in flagged
        candidate = Candidate(other.id, score(text, f"{other.subject}\n{other.content}", same_petitioner=same),
                              same, other.status in RESOLVED)
        if candidate.is_likely_duplicate:
            found.append((other, candidate))
    found.sort(key=lambda pair: (-pair[1].score, -pair[0].id))
    return Candidates(found[:SHOWN], hidden)


def _same_petitioner_ids(case: Case, earlier) -> dict[int, bool]:
    """The earlier cases from the same person (CCCD, phone, e-mail, tax code): id -> is that sender
    protected there."""
    petitioner = case.petitioner
    if petitioner is None:
        return {}
    keys = [(Petitioner.citizen_id, petitioner.citizen_id), (Petitioner.phone, petitioner.phone),
            (Petitioner.email, petitioner.email), (Petitioner.tax_code, petitioner.tax_code)]
    matches = [column == value for column, value in keys if value]
    if not matches:
        return {}
    protected = sa.or_(Petitioner.is_protected, Case.kind == CaseKind.DENUNCIATION)
    return dict(db.session.execute(
        sa.select(Case.id, protected).join(Petitioner, Petitioner.id == Case.petitioner_id)
        .where(earlier, sa.or_(*matches))).all())


def link(user: User, case_id: int, other_id: int, relation: str, *, version: int, now: datetime) -> Case:
    """Link two cases; a duplicate is also archived (lưu đơn), which the workflow must allow."""
    case = get_case(user, case_id)
    other = get_case(user, other_id)
    if not access.may(user, case, Act.LINK):
        raise ActionRefused(None, _("Chỉ đơn vị chủ trì, bộ phận tiếp nhận hoặc lãnh đạo Sở được liên kết hồ sơ."))
    if other.id == case.id or relation not in ("duplicate", "related"):
        raise NotFound()
    existing = db.session.scalar(sa.select(CaseLink).where(CaseLink.case_id == case.id,
                                                          CaseLink.other_case_id == other.id))
    if existing is not None:
        raise ActionRefused(None, _("Hai hồ sơ này đã được liên kết."))
    text = f"{case.subject}\n{case.content}"
    db.session.add(CaseLink(case_id=case.id, other_case_id=other.id, relation=relation, created_at=now,
                            created_by_id=user.id,
                            score=score(text, f"{other.subject}\n{other.content}", same_petitioner=False)))
    if relation == "duplicate":
        # The archive action writes the event and commits the link with it, or neither happens.
        try:
            return take_action(case.id, Action.ARCHIVE, user, version=version, now=now, given=ActionInput(
                archive_reason=ArchiveReason.DUPLICATE, is_repeat=other.status in RESOLVED or None,
                note=_("Trùng với hồ sơ %(code)s", code=other.tracking_code)))
        except Exception:
            db.session.rollback()
            raise
    record_event(case, "link_related", now=now, actor=user, data={"other": other.tracking_code})
    db.session.commit()
    return case
