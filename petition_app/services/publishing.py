"""Publishing a resolved case's outcome in the public register (công khai kết quả giải quyết).

On resolving, staff choose whether the outcome is published: by default yes
for petitions, feedback and information requests, no for complaints and
denunciations, whose publication leadership alone approves (the approval is
recorded: who, when). Redaction is checked, not hoped for: a summary that still
holds the case's own names, ID, phone, e-mail or address, or anything shaped
like a personal identifier (domain/redaction.py), is refused; the form may ask
to mask them, and the refusal shows where.
"""
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..clock import local_date
from ..domain.access import Act
from ..domain.cases import CaseKind, CaseStatus
from ..domain.redaction import MASK, find_personal_data, fold, mask
from ..extensions import db
from ..models import Case, Publication, User
from ..richtext import html_to_text, render_markdown
from . import access
from .audit import record_event
from .cases import get_case
from .refusals import Refused

NEEDS_APPROVAL = frozenset({CaseKind.COMPLAINT, CaseKind.DENUNCIATION})


class PublicationRefused(Refused):
    """The summary may not be published as written; ``preview`` shows it masked."""

    decision = None  # read like a workflow refusal by the case page

    def __init__(self, field: str | None, message: str, preview: str | None = None):
        super().__init__(field, message)
        self.preview = preview


def published_by_default(kind: CaseKind) -> bool:
    return kind not in NEEDS_APPROVAL


def known_values(case: Case) -> tuple[str, ...]:
    """What the case itself holds about people: none of it may be published."""
    values = [case.accused]
    petitioner = case.petitioner
    if petitioner is not None:
        values += [petitioner.full_name, petitioner.citizen_id, petitioner.phone, petitioner.email,
                   petitioner.address, petitioner.org_name, petitioner.rep_name, petitioner.rep_contact]
    return tuple(v for v in values if v)


def check_publication(case: Case, actor: User, given) -> None:
    """Before a resolution is recorded: settle ``given.publish`` and refuse what may not be published.

    1. No choice given: the kind's default.
    2. A complaint or denunciation: only leadership approves publication.
    3. Asked to mask: the summary is masked (``[đã ẩn]``) before it is checked.
    4. Anything left that is or looks like personal data: refused, with the masked preview.
    """
    if given.publish is None:
        given.publish = published_by_default(case.kind)
    if not given.publish:
        return
    if case.kind in NEEDS_APPROVAL and not access.may(actor, case, Act.APPROVE_PUBLICATION):
        raise PublicationRefused("publish", _("Chỉ lãnh đạo Sở được phê duyệt công khai kết quả giải quyết "
                                              "khiếu nại, tố cáo. Bỏ chọn công khai để ghi kết quả."))
    known = known_values(case)
    if given.mask_personal_data and given.public_summary:
        given.public_summary = mask(given.public_summary, known=known)
    if find_personal_data(given.public_summary or "", known):
        raise PublicationRefused(
            "public_summary",
            _("Tóm tắt công khai còn thông tin cá nhân (họ tên, số CCCD, điện thoại, thư điện tử hoặc địa chỉ). "
              "Chọn “Tự động ẩn thông tin cá nhân” hoặc sửa lại; các chỗ sẽ ẩn được đánh dấu %(mask)s.", mask=MASK),
            preview=mask(given.public_summary, known=known))


def publish_later(actor: User, case_id: int, *, mask_personal_data: bool, now: datetime) -> Publication:
    """Leadership publishes a resolved outcome that was not published at resolution (phê duyệt công khai).

    1. The case, if the actor may see it (404 otherwise); resolved or closed, not yet published.
    2. Only leadership approves (the authorization table), for every kind.
    3. The stored summary is checked as at resolution; masked first if asked, the source kept masked.
    4. The register row and the audit event, committed together.
    """
    case = get_case(actor, case_id)
    if not access.may(actor, case, Act.APPROVE_PUBLICATION):
        raise PublicationRefused(None, _("Chỉ lãnh đạo Sở được phê duyệt công khai kết quả giải quyết."))
    if case.status not in (CaseStatus.RESOLVED, CaseStatus.CLOSED) or publication_of(case) is not None:
        raise PublicationRefused(None, _("Chỉ công khai được kết quả đã giải quyết và chưa công khai."))
    known = known_values(case)
    source = case.public_summary_source if case.public_summary_source is not None else \
        html_to_text(case.public_summary_html)
    if mask_personal_data and find_personal_data(source, known):
        source = mask(source, known=known)
        case.public_summary_source = source
        case.public_summary_html = render_markdown(source)
    if find_personal_data(source, known):
        raise PublicationRefused(
            None, _("Tóm tắt công khai còn thông tin cá nhân (họ tên, số CCCD, điện thoại, thư điện tử hoặc địa "
                    "chỉ). Chọn “Tự động ẩn thông tin cá nhân” hoặc sửa lại; các chỗ sẽ ẩn được đánh dấu %(mask)s.",
                    mask=MASK),
            preview=mask(source, known=known))
    publication = publish(case, actor, now, approved=True)
    record_event(case, "publish", now=now, actor=actor, note=None,
                 data={"masked": bool(mask_personal_data)})
    db.session.commit()
    return publication


def publish(case: Case, actor: User, now: datetime, approved: bool | None = None) -> Publication:
    """Add the case's outcome to the register (a snapshot of what the public may see); no commit.
    ``approved``: leadership approved it (by default, a complaint's or denunciation's publication is)."""
    approved = case.kind in NEEDS_APPROVAL if approved is None else approved
    resolved_on = local_date(case.resolved_at or now)
    publication = Publication(
        case_id=case.id, tracking_code=case.tracking_code, kind=case.kind, category=case.category,
        unit_id=case.unit_id, outcome=case.outcome, resolved_on=resolved_on,
        is_late=case.resolution_due is not None and resolved_on > case.resolution_due,
        summary_html=case.public_summary_html or "", search_text=search_text_of(case.public_summary_html,
                                                                                 case.tracking_code),
        published_at=now, published_by_id=actor.id,
        approved_by_id=actor.id if approved else None, approved_at=now if approved else None)
    db.session.add(publication)
    return publication


def publication_of(case: Case) -> Publication | None:
    """The case's row in the public register, if its outcome was published."""
    return db.session.scalar(sa.select(Publication).where(Publication.case_id == case.id))


def search_text_of(summary_html: str | None, tracking_code: str) -> str:
    """The folded (diacritics-free, lower-case) text the register searches."""
    return fold(f"{tracking_code} {html_to_text(summary_html)}")
