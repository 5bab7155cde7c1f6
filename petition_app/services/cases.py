"""Which cases a member of staff may see (the rule lives here, not in templates)."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from ..domain.cases import CaseKind, Role
from ..extensions import db
from ..models import Attachment, Case, Unit, User


def visible_to(user: User) -> sa.ColumnElement[bool]:
    """A WHERE clause selecting the cases ``user`` may see.

    Supervisors and admins see every case; reception staff see their unit's
    cases, the ones they registered and those not yet routed; handlers and
    unit heads see their unit's cases.
    """
    if user.role.sees_all_units:
        return sa.true()
    clause = Case.unit_id == user.unit_id
    if user.role is Role.RECEPTION:
        clause = sa.or_(clause, Case.created_by_id == user.id, Case.unit_id.is_(None))
    return clause


def newest_cases(user: User, limit: int = 50) -> list[Case]:
    query = (
        sa.select(Case)
        .where(visible_to(user))
        .order_by(Case.received_at.desc(), Case.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


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


def may_see_identity(user: User, case: Case) -> bool:
    """A denouncer's identity is confidential (Luật Tố cáo 2018, Điều 47).

    Until the reveal workflow exists, only supervisors see it; everyone else
    sees that it is protected.
    """
    if case.kind is not CaseKind.DENUNCIATION:
        return True
    return user.role is Role.SUPERVISOR


def active_units() -> list[Unit]:
    return list(db.session.scalars(sa.select(Unit).where(Unit.is_active).order_by(Unit.name)))


def assignable_staff(user: User, case: Case) -> list[User]:
    """Handlers and unit heads one may assign: a unit head's own unit, a supervisor's any."""
    query = sa.select(User).where(User.is_active_account, User.role.in_([Role.HANDLER, Role.UNIT_HEAD]))
    if not user.role.sees_all_units:
        query = query.where(User.unit_id == user.unit_id)
    return list(db.session.scalars(query.order_by(User.full_name)))
