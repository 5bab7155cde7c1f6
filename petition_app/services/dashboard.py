"""The deadline dashboard (bảng theo dõi thời hạn): where open cases stand against their
deadlines, how far they are from them, and which units resolve on time.

Read-only. Leadership and admins see every unit, a unit head their own unit. Overdue and
due soon are computed when the page is shown (services/deadline_states.py), as the
queues compute them; everything else is an SQL aggregate.
"""
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..clock import local_date, local_midnight
from ..domain.cases import OPEN_STATUSES, CaseKind, Role
from ..domain.deadlines import DeadlineState
from ..extensions import db
from ..i18n import label
from ..models import Case, Unit, User
from .deadline_states import Thresholds, thresholds

PERIOD_DAYS = 90
LONGEST_OVERDUE = 20


ALL_UNITS = None


@dataclass(frozen=True)
class Scope:
    """The cases a reader's dashboard counts: every unit's (``unit_id`` None) or one unit's."""

    unit_id: int | None = ALL_UNITS

    def where(self, column=Case.unit_id) -> sa.ColumnElement[bool]:
        return sa.true() if self.unit_id is ALL_UNITS else column == self.unit_id

    @property
    def is_every_unit(self) -> bool:
        return self.unit_id is ALL_UNITS


EVERY_UNIT = Scope()


def scope_of(user: User) -> Scope | None:
    """Leadership and admins watch every unit, a unit head their own; for anyone else the page
    does not exist (None)."""
    if user.role.sees_all_units:
        return Scope()
    if user.role is Role.UNIT_HEAD and user.unit_id is not None:
        return Scope(user.unit_id)
    return None


def default_period(today: date) -> tuple[date, date]:
    """The last PERIOD_DAYS days, today included."""
    return today - timedelta(days=PERIOD_DAYS - 1), today


@dataclass(frozen=True)
class StateCount:
    """Open cases of a unit or kind that are overdue (quá hạn) or due soon (sắp đến hạn)."""

    label: str
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class OpenTally:
    """The open cases counted once: {(unit id, kind): (overdue, due soon)} and the number in
    each ageing bucket (``_age_buckets`` order, then those without a deadline)."""

    states: dict[tuple[int | None, CaseKind], tuple[int, int]]
    ages: list[int]


def tally_open_cases(now: Thresholds, scope: Scope = EVERY_UNIT) -> OpenTally:
    """One pass over the open cases for both the state table and the ageing chart.

    Grouped by unit, kind and ageing bucket (a few hundred groups), overdue and due soon counted
    with FILTER; the index on open cases (unit, deadline, id, kind, policy) holds every column
    read, so at 250,000 open cases this is one index-only scan where two passes were ~160 ms each.
    """
    highest = [b[0] for b in _age_buckets()[:-1]]
    bucket = sa.case(*((Case.next_due <= now.today + timedelta(days=h), i) for i, h in enumerate(highest)),
                     (Case.next_due.is_not(None), len(highest)), else_=len(highest) + 1)
    rows = db.session.execute(
        sa.select(Case.unit_id, Case.kind, bucket, sa.func.count(),
                  sa.func.count().filter(now.overdue), sa.func.count().filter(now.due_soon))
        .where(Case.status.in_(OPEN_STATUSES), scope.where())
        .group_by(Case.unit_id, Case.kind, bucket))
    states: dict[tuple[int | None, CaseKind], tuple[int, int]] = {}
    ages = [0] * (len(highest) + 2)
    for unit_id, kind, index, count, overdue, due_soon in rows:
        ages[index] += count
        if overdue or due_soon:
            before = states.get((unit_id, kind), (0, 0))
            states[(unit_id, kind)] = (before[0] + overdue, before[1] + due_soon)
    return OpenTally(states, ages)


def state_counts(now: Thresholds, scope: Scope = EVERY_UNIT) -> dict[tuple[int | None, CaseKind], tuple[int, int]]:
    """{(unit id, kind): (overdue, due soon)} of the open cases."""
    return tally_open_cases(now, scope).states


def _totals(counts: dict, position: int) -> dict:
    totals: dict = {}
    for key, (o, d) in counts.items():
        before = totals.get(key[position], (0, 0))
        totals[key[position]] = (before[0] + o, before[1] + d)
    return totals


def deadline_states_by_unit(counts: dict, scope: Scope = EVERY_UNIT) -> list[StateCount]:
    """Every active unit in the scope (and any other with such cases), worst first; unrouted
    cases as their own row."""
    counts = _totals(counts, 0)
    units = db.session.scalars(sa.select(Unit).where(
        sa.or_(Unit.is_active, Unit.id.in_([k for k in counts if k is not None])), scope.where(Unit.id))).all()
    rows = [StateCount(u.name, *counts.get(u.id, (0, 0))) for u in units]
    if None in counts:
        rows.append(StateCount(_("Chưa chuyển đơn vị"), *counts[None]))
    return sorted(rows, key=lambda r: (-r.overdue, -r.due_soon, r.label))


def deadline_states_by_kind(counts: dict) -> list[StateCount]:
    """Every kind, in the order the law lists them."""
    counts = _totals(counts, 1)
    return [StateCount(label(kind), *counts.get(kind, (0, 0))) for kind in CaseKind]


@dataclass(frozen=True)
class AgeBucket:
    label: str
    count: int
    state: DeadlineState  # the colour the bucket is drawn in


def _age_buckets() -> list[tuple[int | None, str, DeadlineState]]:
    """(highest days left to the deadline, label, colour); negative days left are days overdue."""
    return [
        (-31, _("Quá hạn trên 30 ngày"), DeadlineState.OVERDUE),
        (-16, _("Quá hạn 16–30 ngày"), DeadlineState.OVERDUE),
        (-6, _("Quá hạn 6–15 ngày"), DeadlineState.OVERDUE),
        (-1, _("Quá hạn 1–5 ngày"), DeadlineState.OVERDUE),
        (5, _("Đến hạn trong 0–5 ngày"), DeadlineState.DUE_SOON),
        (15, _("Còn 6–15 ngày"), DeadlineState.ON_TRACK),
        (None, _("Còn trên 15 ngày"), DeadlineState.ON_TRACK),
    ]


def ageing(today: date, scope: Scope = EVERY_UNIT, tally: OpenTally | None = None) -> list[AgeBucket]:
    """Open cases by calendar days to (or past) their current deadline, plus those without one
    (on hold: the clock is stopped). ``tally`` is the page's one pass, if it has made it."""
    counts = (tally or tally_open_cases(thresholds(today), scope)).ages
    buckets = _age_buckets()
    result = [AgeBucket(text, n, state) for (_high, text, state), n in zip(buckets, counts, strict=False)]
    return result + [AgeBucket(_("Tạm dừng hoặc không có hạn"), counts[-1], DeadlineState.PAUSED)]


@dataclass(frozen=True)
class OnTimeRow:
    """A unit's cases resolved in the period that had a resolution deadline."""

    label: str
    resolved: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """The share resolved on time (0 to 1), None when nothing was resolved."""
        return self.on_time / self.resolved if self.resolved else None


def on_time_by_unit(date_from: date, date_to: date, scope: Scope = EVERY_UNIT) -> list[OnTimeRow]:
    """Units with cases resolved from ``date_from`` to ``date_to`` (local dates, both included),
    lowest on-time rate first. On time: resolved (local date) no later than resolution_due."""
    rows = db.session.execute(
        sa.select(Case.unit_id, Case.resolved_at, Case.resolution_due)
        .where(Case.resolved_at >= local_midnight(date_from),
               Case.resolved_at < local_midnight(date_to + timedelta(days=1)),
               Case.resolution_due.is_not(None), scope.where()))
    tally: dict[int | None, list[int]] = {}
    for unit_id, resolved_at, due in rows:
        counts = tally.setdefault(unit_id, [0, 0])
        counts[0] += 1
        if local_date(resolved_at) <= due:
            counts[1] += 1
    names = dict(db.session.execute(sa.select(Unit.id, Unit.name).where(
        Unit.id.in_([k for k in tally if k is not None]))).all())
    result = [OnTimeRow(names[k] if k is not None else _("Chưa chuyển đơn vị"), *v) for k, v in tally.items()]
    return sorted(result, key=lambda r: (r.rate, r.label))


def total(rows: list[OnTimeRow]) -> OnTimeRow:
    """The whole department's figure."""
    return OnTimeRow(_("Toàn Sở"), sum(r.resolved for r in rows), sum(r.on_time for r in rows))


@dataclass(frozen=True)
class OverdueCase:
    case: Case
    working_days_overdue: int


def longest_overdue(now: Thresholds, scope: Scope = EVERY_UNIT, limit: int = LONGEST_OVERDUE) -> list[OverdueCase]:
    """The open overdue cases whose deadline passed longest ago."""
    cases = db.session.scalars(
        sa.select(Case)
        .where(Case.status.in_(OPEN_STATUSES), now.overdue, scope.where())
        .order_by(Case.next_due, Case.id).limit(limit)
        .options(joinedload(Case.unit), joinedload(Case.assignee))).all()
    return [OverdueCase(c, now.calendar.working_days_between(c.next_due, now.today)) for c in cases]
