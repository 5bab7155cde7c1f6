"""The leaders' reception schedule (lịch tiếp công dân định kỳ of the department head,
Luật Tiếp công dân 2013, Điều 18) and the officers who receive at the desk."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain.cases import Role
from ..extensions import db
from ..models import ReceptionSession, User, Visit
from .audit import record_admin_event
from .refusals import Refused

RECEIVING_ROLES = (Role.RECEPTION, Role.UNIT_HEAD, Role.SUPERVISOR)


class SessionRefused(Refused):
    """A reception session that cannot be published."""


@dataclass
class SessionData:
    starts_at: datetime
    ends_at: datetime
    place: str
    host: str
    note: str | None = None


def publish_session(actor: User, data: SessionData, *, now: datetime) -> ReceptionSession:
    """1. Admins only; the session ends after it starts and is not in the past.
    2. The session and the admins' audit entry; one commit."""
    if actor.role is not Role.ADMIN:
        raise PermissionError
    if data.ends_at <= data.starts_at:
        raise SessionRefused("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
    if data.starts_at < now:
        raise SessionRefused("starts_at", _("Buổi tiếp phải ở thời điểm sắp tới."))
    session = ReceptionSession(**vars(data), created_at=now, created_by_id=actor.id)
    db.session.add(session)
    db.session.flush()
    record_admin_event("reception_session.published", actor=actor, now=now,
                       data={"id": session.id, "starts_at": data.starts_at.isoformat(), "host": data.host})
    db.session.commit()
    return session


def withdraw_session(actor: User, session_id: int, *, now: datetime) -> None:
    """Take an upcoming session off the schedule (never one a visit already refers to)."""
    if actor.role is not Role.ADMIN:
        raise PermissionError
    session = db.session.get(ReceptionSession, session_id)
    if session is None:
        return
    if db.session.scalar(sa.select(sa.func.count()).where(Visit.session_id == session_id)):
        raise SessionRefused("id", _("Buổi tiếp đã có lượt tiếp công dân, không gỡ được."))
    db.session.delete(session)
    record_admin_event("reception_session.withdrawn", actor=actor, now=now, data={"id": session_id})
    db.session.commit()


def upcoming(now: datetime, limit: int = 20) -> list[ReceptionSession]:
    return list(db.session.scalars(sa.select(ReceptionSession).where(ReceptionSession.ends_at >= now)
                                   .order_by(ReceptionSession.starts_at).limit(limit)))


def sessions_near(now: datetime) -> list[ReceptionSession]:
    """The sessions a visit "by the head in person" may belong to: the last month and the next."""
    return list(db.session.scalars(sa.select(ReceptionSession).where(
        ReceptionSession.starts_at.between(now - timedelta(days=31), now + timedelta(days=31)))
        .order_by(ReceptionSession.starts_at.desc())))


def desk_officers() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.is_active_account, User.role.in_(RECEIVING_ROLES))
                                   .order_by(User.full_name)))
