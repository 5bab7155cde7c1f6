"""Public statistics as open data (số liệu thống kê công khai): what was received, resolved,
resolved on time or late, and left open, per month or per year — by month, kind, channel,
field (lĩnh vực) and unit. Counts only: no name, no content, no tracking code.

Definitions (shown on /thong-ke and in the README; every moment is read in Asia/Ho_Chi_Minh):
- received: received_at falls in the period;
- resolved: resolved_at falls in the period;
- on time / late: among those resolved, the ones with a resolution deadline, resolved on or
  before (on time) or after (late) the local date of resolution_due; a resolved case without
  a resolution deadline is resolved, neither on time nor late;
- backlog (tồn, chuyển kỳ sau): received before the period's end and still open at its end —
  open now, or it left the open statuses (resolved, declined, forwarded, guided, returned,
  archived, withdrawn) at or after the end. The moment it left is resolved_at, else the first
  audit event into a final status.
"""
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from ..clock import as_aware, local_date, local_midnight
from ..domain.cases import OPEN_STATUSES, CaseStatus
from ..extensions import db
from ..models import Case, CaseEvent, Unit

FIRST_YEAR = 2000
FIGURES = ("received", "resolved", "on_time", "late", "backlog")
DIMENSIONS = ("month", "kind", "channel", "field", "unit")
NO_FIELD = "none"  # a case not yet given a field
NO_UNIT = "none"  # a case not yet routed to a unit
FINAL_STATUSES = tuple(s for s in CaseStatus if s not in OPEN_STATUSES)
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?")


@dataclass(frozen=True)
class Period:
    """A calendar month (``2026-11``) or year (``2026``) in local time."""

    year: int
    month: int | None = None

    @property
    def code(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.month is None or self.month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.month + 1, 1)

    @property
    def months(self) -> list["Period"]:
        return [self] if self.month is not None else [Period(self.year, m) for m in range(1, 13)]


def parse_period(text: str, today: date) -> Period | None:
    """``YYYY`` or ``YYYY-MM`` from FIRST_YEAR up to the period that holds ``today``; None otherwise."""
    match = _PERIOD.fullmatch(text or "")
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return None
    period = Period(year, month)
    if year < FIRST_YEAR or period.start > today:
        return None
    return period


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    late: int = 0
    backlog: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


@dataclass
class Statistics:
    """The figures of a period, whole and broken down. Keys are codes: a month code, an enum
    member (kind, channel), a field value or NO_FIELD, a unit id or NO_UNIT."""

    period: Period
    total: Figures = field(default_factory=Figures)
    by: dict[str, dict[object, Figures]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})
    units: dict[int, tuple[str, str]] = field(default_factory=dict)  # id: (code, name)


LEFT_BY_EVENT = tuple(s for s in FINAL_STATUSES if s not in (CaseStatus.RESOLVED, CaseStatus.CLOSED))


def _rows(period: Period) -> Iterator[sa.Row]:
    """Every case that touches the period: received before its end and not closed before its start,
    with the moment it left the open statuses (``left_at``): resolved_at, or for a case finished
    otherwise its first audit event into a final status (looked up for those cases only)."""
    start, end = local_midnight(period.start), local_midnight(period.end)
    first_final = (sa.select(sa.func.min(CaseEvent.at))
                   .where(CaseEvent.case_id == Case.id, CaseEvent.to_status.in_(FINAL_STATUSES))
                   .scalar_subquery())
    left = sa.case((Case.resolved_at.is_not(None), Case.resolved_at),
                   (Case.status.in_(LEFT_BY_EVENT), first_final), else_=None)
    inner = (sa.select(Case.kind, Case.channel, Case.category, Case.unit_id, Case.status, Case.received_at,
                       Case.resolved_at, Case.resolution_due, left.label("left_at"))
             .where(Case.received_at < end).offset(0).subquery())  # OFFSET 0: look each event up once
    query = sa.select(inner).where(sa.or_(inner.c.status.in_(OPEN_STATUSES), inner.c.left_at.is_(None),
                                          inner.c.left_at >= start))
    if db.session.get_bind().dialect.name == "postgresql":
        # A scan of this size costs PostgreSQL's JIT compiler more (about 1 s) than it saves.
        db.session.execute(sa.text("SET LOCAL jit = off"))
    yield from db.session.connection().execute(query.execution_options(yield_per=5000))


def compute(period: Period, today: date) -> Statistics:
    """The period's figures, tallied in one pass over the cases that touch it (dates are local,
    which SQL cannot compute the same way on both backends). Months after ``today`` are left out.

    Each case is placed by binary search among the months' bounds: the month it was received
    in, the month it was resolved in, and the run of month ends at which it was still open
    (added as a difference array, so a case costs the same whatever the period's length)."""
    stats = Statistics(period)
    months = [m for m in period.months if m.start <= today]
    # POSIX seconds: comparing aware datetimes across time zones costs a zone lookup each time.
    bounds = [local_midnight(m.start).timestamp() for m in months] + [local_midnight(months[-1].end).timestamp()]
    count = len(months)
    per_month = [Figures() for _ in months]
    carried = [0] * (count + 1)
    targets_of: dict[tuple, list[Figures]] = {}
    for row in _rows(period):
        key = (row.kind, row.channel, row.category, row.unit_id)
        targets = targets_of.get(key)
        if targets is None:
            keys = {"kind": row.kind, "channel": row.channel, "field": row.category or NO_FIELD,
                    "unit": row.unit_id if row.unit_id is not None else NO_UNIT}
            targets = targets_of[key] = [stats.total] + [stats.by[d].setdefault(k, Figures())
                                                         for d, k in keys.items()]
        got = bisect_right(bounds, as_aware(row.received_at).timestamp()) - 1  # -1: before the period
        if got >= 0:
            per_month[got].received += 1
            for f in targets:
                f.received += 1
        resolved = as_aware(row.resolved_at) if row.resolved_at is not None else None
        if resolved is not None and bounds[0] <= resolved.timestamp() < bounds[-1]:
            on_time = row.resolution_due is not None and local_date(resolved) <= row.resolution_due
            late = row.resolution_due is not None and not on_time
            for f in [per_month[bisect_right(bounds, resolved.timestamp()) - 1]] + targets:
                f.resolved += 1
                f.on_time += on_time
                f.late += late
        # Open at the end of month i (at bounds[i + 1]) from the month it was received in up to the
        # last month whose end comes before it left.
        first = max(got, 0)
        if row.status in OPEN_STATUSES:
            last = count - 1
        elif row.left_at is not None:
            last = min(bisect_right(bounds, as_aware(row.left_at).timestamp()) - 2, count - 1)
        else:
            last = -1
        if last >= first:
            carried[first] += 1
            carried[last + 1] -= 1
            if last == count - 1:
                for f in targets:
                    f.backlog += 1
    running = 0
    for i, month in enumerate(months):
        running += carried[i]
        per_month[i].backlog = running
        stats.by["month"][month.code] = per_month[i]
    unit_ids = [k for k in stats.by["unit"] if k != NO_UNIT]
    stats.units = {i: (code, name) for i, code, name in db.session.execute(
        sa.select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(unit_ids)))}
    return stats
