"""The morning digest (07:30 on working days): each unit head gets the unit's overdue and
due-soon cases, leadership gets every unit's — once a day, whatever reruns."""
from datetime import datetime

import sqlalchemy as sa

from ..clock import local_date
from ..domain.cases import OPEN_STATUSES, Role
from ..domain.deadlines import DeadlineState
from ..extensions import db
from ..models import Case, OutboxMessage, User
from . import notifications
from .working_calendar import working_calendar

WATCHED = (DeadlineState.OVERDUE, DeadlineState.DUE_SOON)


def send_digests(now: datetime) -> int:
    """Queue today's digests; returns how many were queued (0 on a day off or when already sent)."""
    today = local_date(now)
    if not working_calendar().is_working_day(today):
        return 0
    readers = db.session.scalars(sa.select(User).where(
        User.is_active_account, User.email.is_not(None), User.role.in_([Role.UNIT_HEAD, Role.SUPERVISOR]))).all()
    keys = {u.id: f"digest:{u.id}:{today.isoformat()}" for u in readers}
    already = set(db.session.scalars(sa.select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.in_(keys.values() or ["-"]))))
    watched = (sa.select(Case).where(Case.status.in_(OPEN_STATUSES), Case.deadline_state.in_(WATCHED))
               .order_by(Case.next_due, Case.id))
    queued = 0
    for reader in readers:
        if keys[reader.id] in already:
            continue
        query = watched if reader.role is Role.SUPERVISOR else watched.where(Case.unit_id == reader.unit_id)
        cases = db.session.scalars(query.limit(200)).all()
        if not cases:
            continue
        notifications.queue_digest(reader, cases, today, now=now, dedupe_key=keys[reader.id])
        queued += 1
    db.session.commit()
    return queued
