"""Which cases a member of staff may see (the rule lives here, not in templates)."""
import hashlib
import hmac
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import Forbidden, NotFound

from ..domain.cases import Role
from ..domain.second_factor import is_fresh
from ..extensions import db
from ..models import Attachment, Case, CaseCoordination, CaseLink, Unit, User
from . import access
from .audit import record_event
from .refusals import Refused


def visible_to(user: User) -> sa.ColumnElement[bool]:
    """A WHERE clause selecting the cases ``user`` may see.

    Supervisors and admins see every case; reception staff see their unit's
    cases, the ones they registered and those not yet routed; handlers and
    unit heads see their unit's cases and those their unit coordinates on.
    """
    if user.role.sees_all_units:
        return sa.true()
    clause = Case.unit_id == user.unit_id
    # Few cases are coordinated: listing their ids first keeps the unit's index usable (an OR
    # with a subquery made the planner scan: a unit's queue went from 47 to 95 ms at 1M cases).
    coordinated = list(db.session.scalars(
        sa.select(CaseCoordination.case_id).where(CaseCoordination.unit_id == user.unit_id)))
    if coordinated:
        clause = sa.or_(clause, Case.id.in_(coordinated))
    if user.role is Role.RECEPTION:
        clause = sa.or_(clause, Case.created_by_id == user.id, Case.unit_id.is_(None))
    return clause


def get_case(user: User, case_id: int) -> Case:
    """The case if ``user`` may see it; 404 otherwise, never its data."""
    case = db.session.scalar(
        sa.select(Case)
        .where(Case.id == case_id, visible_to(user))
        .options(selectinload(Case.attachments), selectinload(Case.events))
    )
    if case is None:
        raise NotFound()
    return case


def get_attachment(user: User, case_id: int, attachment_id: int) -> Attachment:
    case = get_case(user, case_id)
    for attachment in case.attachments:
        if attachment.id == attachment_id:
            return attachment
    raise NotFound()


def pseudonym(case: Case, secret: str) -> str:
    """A stable alias for a denouncer ("Người tố cáo #A7"): keyed, so it reveals nothing."""
    digest = hmac.new(secret.encode(), f"petitioner:{case.petitioner_id}".encode(), hashlib.sha256).digest()
    alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
    return alphabet[digest[0] % len(alphabet)] + alphabet[digest[1] % len(alphabet)]


class RevealRefused(Refused):
    pass


def reveal_identity(user: User, case_id: int, reason: str, *, second_factor_at: datetime | None,
                    now: datetime) -> Case:
    """Show a denouncer's identity to one who may see it (Luật Tố cáo 2018, Điều 47-48).

    1. Only those the authorization table allows (403 for others who see the case).
    2. A reason, typed by the user, is required.
    3. The user's second factor must have been checked in this session within
       ``FRESH_FOR`` (``second_factor_at``, from the session).
    4. The reveal and its reason go to the case's audit trail. One commit.
    """
    case = get_case(user, case_id)
    if not access.may_reveal_identity(user, case):
        raise Forbidden()
    reason = checked_reveal_reason(reason, second_factor_at, now)
    record_event(case, "reveal_identity", now=now, actor=user, note=None, data={"reason": reason})
    db.session.commit()
    return case


def checked_reveal_reason(reason: str | None, second_factor_at: datetime | None, now: datetime) -> str:
    """What every reveal of a denouncer's identity needs, wherever it is shown: a reason typed by
    the user, and their second factor checked in this session within ``FRESH_FOR``."""
    reason = (reason or "").strip()
    if not reason:
        raise RevealRefused("reason", _("Vui lòng ghi lý do cần xem danh tính người tố cáo."))
    if not is_fresh(second_factor_at, now):
        raise RevealRefused("code", _("Vui lòng nhập mã xác thực hai bước để xem danh tính."))
    return reason


def active_units() -> list[Unit]:
    return list(db.session.scalars(sa.select(Unit).where(Unit.is_active).order_by(Unit.name)))


def assignable_staff(user: User, case: Case) -> list[User]:
    """Handlers and unit heads one may assign: a unit head's own unit, a supervisor's any."""
    query = sa.select(User).where(User.is_active_account, User.role.in_([Role.HANDLER, Role.UNIT_HEAD]))
    if not user.role.sees_all_units:
        query = query.where(User.unit_id == user.unit_id)
    return list(db.session.scalars(query.order_by(User.full_name)))


def links_of(user: User, case: Case) -> tuple[list[tuple[str, Case]], int]:
    """(relation, the other case) for the links ``user`` may follow, both ways (a duplicate and the
    case it repeats see each other), and how many other links lead to cases they may not see."""
    rows = db.session.scalars(
        sa.select(CaseLink).where(sa.or_(CaseLink.case_id == case.id, CaseLink.other_case_id == case.id))
        .order_by(CaseLink.id)).all()
    other_ids = [r.other_case_id if r.case_id == case.id else r.case_id for r in rows]
    others = {c.id: c for c in db.session.scalars(sa.select(Case).where(
        Case.id.in_(other_ids or [-1]), visible_to(user)))}
    shown = [(r.relation, others[i]) for r, i in zip(rows, other_ids, strict=True) if i in others]
    return shown, len(rows) - len(shown)
