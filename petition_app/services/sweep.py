"""The deadline sweep: set each open case's deadline state in set-based SQL, and send each
reminder and escalation once per case and deadline.

Every statement touches only the rows that cross a threshold (index on
deadline_state, next_due), so a sweep costs what changes, not what exists.
Notices are INSERT … SELECT into the outbox with a unique dedupe key: a
second sweep, or two sweeps at once on PostgreSQL, cannot send one twice.
They go out only in working hours on working days; a case that goes overdue
on a Saturday night is reported on Monday morning.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from ..clock import LOCAL_TZ, local_date
from ..domain.cases import OPEN_STATUSES, Role
from ..domain.deadlines import DEFAULT_WARNING_DAYS, DeadlineState
from ..extensions import db
from ..models import Case, OutboxMessage, OutboxStatus, SlaPolicy, User
from .working_calendar import working_calendar

S = DeadlineState
ESCALATE_AFTER_WORKING_DAYS = 5
WORKING_HOURS = (time(7, 30), time(17, 0))


@dataclass
class SweepReport:
    to_overdue: int = 0
    to_due_soon: int = 0
    to_on_track: int = 0
    cleared: int = 0
    notices: int = 0
    in_working_hours: bool = False


def is_working_time(now: datetime) -> bool:
    local = now.astimezone(LOCAL_TZ)
    start, end = WORKING_HOURS
    return working_calendar().is_working_day(local.date()) and start <= local.time() < end


def sweep_deadlines(now: datetime) -> SweepReport:
    """One sweep: states first (always), notices second (working hours only). Idempotent."""
    calendar = working_calendar()
    today = local_date(now)
    open_case = Case.status.in_(OPEN_STATUSES)
    report = SweepReport(in_working_hours=is_working_time(now))

    def move(to: DeadlineState | None, came_from: tuple, *where) -> int:
        # Positive lists of earlier states (and NULL, for a new deadline) keep every statement
        # an index range scan on (deadline_state, next_due): "NOT IN" would read every row.
        earlier = sa.or_(Case.deadline_state.is_(None), Case.deadline_state.in_(came_from)) if came_from \
            else Case.deadline_state.is_(None)
        return db.session.execute(
            sa.update(Case).where(earlier, open_case, *where).values(deadline_state=to)
            .execution_options(synchronize_session=False)).rowcount

    report.to_overdue = move(S.OVERDUE, (S.ON_TRACK, S.DUE_SOON), Case.next_due < today)
    # "Due soon" is each policy's own warning window: one pair of statements per distinct window
    # (one pair, with no policy filter at all, while every version uses the same window).
    windows = _warning_windows()
    for warning_days, policy_ids in windows.items():
        soon = calendar.add_working_days(today, warning_days)
        policy = Case.sla_policy_id.in_(policy_ids)
        if len(windows) == 1:
            policy = sa.true()
        elif warning_days == DEFAULT_WARNING_DAYS:
            policy = sa.or_(policy, Case.sla_policy_id.is_(None))
        report.to_due_soon += move(S.DUE_SOON, (S.ON_TRACK,), Case.next_due >= today, Case.next_due <= soon, policy)
        report.to_on_track += move(S.ON_TRACK, (S.DUE_SOON,), Case.next_due > soon, policy)
    # A deadline that stopped or ended has next_due NULL (refresh_deadlines also clears its state).
    report.cleared = db.session.execute(
        sa.update(Case).where(Case.deadline_state.in_(list(S)), Case.next_due.is_(None))
        .values(deadline_state=None).execution_options(synchronize_session=False)).rowcount
    if report.in_working_hours:
        report.notices = _notify(now, today, calendar)
    db.session.commit()
    return report


def _warning_windows() -> dict[int, list[int]]:
    """{warning days: the policy versions that use it}; the default window always included."""
    windows: dict[int, list[int]] = {DEFAULT_WARNING_DAYS: []}
    for warning_days, policy_id in db.session.execute(sa.select(SlaPolicy.warning_days, SlaPolicy.id)):
        windows.setdefault(warning_days, []).append(policy_id)
    return windows


def _escalation_cutoff(today: date, calendar) -> date:
    """Deadlines before this day are overdue by more than ESCALATE_AFTER_WORKING_DAYS working days."""
    day = today
    while calendar.working_days_between(day, today) <= ESCALATE_AFTER_WORKING_DAYS:
        day -= timedelta(days=1)
    return day + timedelta(days=1)


def _notify(now: datetime, today: date, calendar) -> int:
    """Reminders to the assignee, escalations to the unit head and then to leadership."""
    base = current_app.config["PUBLIC_BASE_URL"]
    cutoff = _escalation_cutoff(today, calendar)
    tiers = [
        # (level, which cases, who hears, subject); each level is sent once, in this order
        ("due_soon", Case.deadline_state == S.DUE_SOON, User.id == Case.assignee_id,
         "Sắp đến hạn xử lý hồ sơ "),
        ("overdue", Case.deadline_state == S.OVERDUE,
         sa.and_(User.role == Role.UNIT_HEAD, User.unit_id == Case.unit_id), "Quá hạn xử lý hồ sơ "),
        ("escalated", sa.and_(Case.deadline_state == S.OVERDUE, Case.next_due < cutoff),
         User.role == Role.SUPERVISOR, "Quá hạn nhiều ngày: hồ sơ "),
    ]
    sent = 0
    for rank, (level, cases_where, recipients, subject) in enumerate(tiers):
        lower = [t[0] for t in tiers[:rank]]
        not_yet = sa.or_(Case.notified_level.is_(None), Case.notified_level.in_(lower)) if lower \
            else Case.notified_level.is_(None)
        due = sa.func.coalesce(sa.cast(Case.next_due, sa.String), "")
        rows = (
            sa.select(
                sa.literal(level) + ":" + sa.cast(Case.id, sa.String) + ":" + due + ":" + sa.cast(User.id, sa.String),
                User.email,
                sa.literal(subject) + Case.tracking_code,
                sa.literal("Hồ sơ ") + Case.tracking_code + sa.literal(" có hạn xử lý đến hết ngày ")
                + _vn_date(Case.next_due)
                + sa.literal(".\nXem hồ sơ: " + base + "/staff/cases/") + sa.cast(Case.id, sa.String)
                + sa.literal("\n\nThư tự động của hệ thống tiếp nhận đơn."),
                sa.literal(OutboxStatus.PENDING.value), sa.literal(0), sa.literal(now), sa.literal(now), Case.id,
            )
            .select_from(Case).join(User, recipients)
            .where(Case.status.in_(OPEN_STATUSES), cases_where, User.is_active_account, User.email.is_not(None),
                   not_yet)
        )
        insert = _insert_ignoring_duplicates().from_select(
            ["dedupe_key", "recipient", "subject", "body_text", "status", "attempts", "next_attempt_at",
             "created_at", "case_id"], rows).returning(OutboxMessage.id)
        # RETURNING counts what was really inserted (rowcount is -1 for INSERT … SELECT on psycopg).
        sent += len(db.session.execute(insert).all())
        db.session.execute(
            sa.update(Case).where(Case.status.in_(OPEN_STATUSES), cases_where, not_yet)
            .values(notified_level=level).execution_options(synchronize_session=False))
    return sent


def _vn_date(column):
    """dd/mm/yyyy in SQL, as the staff read dates everywhere else."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(column, "DD/MM/YYYY")
    return sa.func.strftime("%d/%m/%Y", column)


def _insert_ignoring_duplicates():
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
