"""Triage beyond the workflow table: splitting a mixed petition (tách đơn) and the units
that coordinate on a case (đơn vị phối hợp)."""
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden

from ..domain.access import Act
from ..domain.cases import CaseKind, CaseStatus
from ..domain.tracking import new_tracking_code
from ..extensions import db
from ..models import Case, CaseCoordination, CaseLink, Petitioner, Unit, User
from . import access
from .audit import record_event
from .cases import get_case
from .deadlines import refresh_deadlines
from .workflow import ActionRefused, StaleCase

PETITIONER_FIELDS = ("type", "full_name", "citizen_id", "phone", "email", "address", "org_name", "tax_code",
                     "rep_name", "rep_position", "rep_contact", "cosigner_names", "consent_at", "is_protected",
                     "language")


@dataclass
class Part:
    subject: str
    content: str
    unit_id: int
    kind: CaseKind | None = None
    category: str | None = None


def split_off(user: User, case_id: int, part: Part, *, version: int, now: datetime) -> Case:
    """Make one issue of a received petition its own case, for its own unit, with its own clock.

    The new case keeps the petition's receipt date and triage deadline (the
    citizen filed once), gets its own tracking code, and is linked to the
    petition; the citizen's status page shows both.
    """
    case = get_case(user, case_id)
    if case.version != version:
        raise StaleCase()
    if not access.may(user, case, Act.SPLIT) or case.status is not CaseStatus.RECEIVED:
        raise ActionRefused(None, _("Chỉ tách được đơn đang chờ phân loại, bởi cán bộ tiếp nhận hoặc lãnh đạo."))
    if db.session.get(Unit, part.unit_id) is None:
        raise ActionRefused(None, _("Không có đơn vị này."), "unit_id")
    petitioner = None
    if case.petitioner is not None:
        petitioner = Petitioner(**{f: getattr(case.petitioner, f) for f in PETITIONER_FIELDS}, created_at=now)
        # A denouncer stays protected on every part, whatever kind the part becomes.
        petitioner.is_protected = access.identity_is_protected(case)
    child = Case(
        tracking_code=new_tracking_code(), kind=part.kind or case.kind, channel=case.channel,
        status=CaseStatus.RECEIVED, subject=part.subject, content=part.content, category=part.category,
        unit_id=part.unit_id, created_by_id=user.id, petitioner=petitioner, is_anonymous=case.is_anonymous,
        cosigner_count=case.cosigner_count, received_at=case.received_at, triage_due=case.triage_due,
        parent_id=case.id, location=case.location, complained_decision=case.complained_decision,
        learned_on=case.learned_on, filed_late=case.filed_late, late_reason=case.late_reason,
        late_reason_note=case.late_reason_note, consent_means=case.consent_means, accused=case.accused,
        info_form=case.info_form, info_delivery=case.info_delivery, created_at=now, updated_at=now,
    )
    refresh_deadlines(child)  # its own clock, under its own kind's policy, from the original receipt
    db.session.add(child)
    db.session.flush()
    db.session.add(CaseLink(case_id=child.id, other_case_id=case.id, relation="split", created_at=now,
                            created_by_id=user.id))
    record_event(child, "split_from", now=now, actor=user, to_status=CaseStatus.RECEIVED, first=True,
                 data={"parent": case.tracking_code})
    record_event(case, "split", now=now, actor=user, data={"child": child.tracking_code,
                                                           "unit_id": part.unit_id})
    case.updated_at = now  # bumps the version: a form built before the split is stale
    db.session.commit()
    return child


def add_coordinating_unit(user: User, case_id: int, unit_id: int, *, now: datetime) -> None:
    """The handling unit's head or leadership asks another unit to coordinate."""
    case = get_case(user, case_id)
    if not access.may(user, case, Act.INVITE):
        raise Forbidden()
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.id == case.unit_id:
        raise ActionRefused(None, _("Chọn một đơn vị khác với đơn vị chủ trì."), "unit_id")
    exists = db.session.scalar(sa.select(CaseCoordination.id).where(
        CaseCoordination.case_id == case.id, CaseCoordination.unit_id == unit.id))
    if exists:
        raise ActionRefused(None, _("Đơn vị này đã được mời phối hợp."), "unit_id")
    db.session.add(CaseCoordination(case_id=case.id, unit_id=unit.id, created_at=now, created_by_id=user.id))
    record_event(case, "coordinate", now=now, actor=user, data={"unit": unit.code})
    db.session.commit()


def add_coordination_input(user: User, case_id: int, note: str, *, now: datetime) -> None:
    """A coordinating unit's input (ý kiến phối hợp), kept on the case's record."""
    case = get_case(user, case_id)
    if not access.may(user, case, Act.GIVE_INPUT):
        raise Forbidden()
    if not note:
        raise ActionRefused(None, _("Vui lòng ghi ý kiến."), "note")
    record_event(case, "coordination_input", now=now, actor=user, note=note, data={"unit_id": user.unit_id})
    db.session.commit()
