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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

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


def _left_open_at():
    """When a case left the open statuses: resolved_at, else its first event into a final status."""
    first_final = (sa.select(sa.func.min(CaseEvent.at))
                   .where(CaseEvent.case_id == Case.id, CaseEvent.to_status.in_(FINAL_STATUSES))
                   .scalar_subquery())
    return sa.func.coalesce(Case.resolved_at, first_final)


def _rows(period: Period) -> Iterator[sa.Row]:
    """Every case that touches the period: received before its end and not closed before its start."""
    start, end = local_midnight(period.start), local_midnight(period.end)
    left = _left_open_at().label("left_at")
    still_open = Case.status.in_(OPEN_STATUSES)
    query = (sa.select(Case.kind, Case.channel, Case.category, Case.unit_id, Case.status, Case.received_at,
                       Case.resolved_at, Case.resolution_due, left)
             .where(Case.received_at < end, sa.or_(still_open, left.is_(None), left >= start)))
    yield from db.session.execute(query.execution_options(yield_per=2000))


def _aware(moment: datetime | None) -> datetime | None:
    return as_aware(moment) if moment is not None else None


def compute(period: Period, today: date) -> Statistics:
    """The period's figures, tallied in one pass over the cases that touch it (dates are local,
    which SQL cannot compute the same way on both backends). Months after ``today`` are left out."""
    stats = Statistics(period)
    months = [m for m in period.months if m.start <= today]
    ends = [local_midnight(m.end) for m in months]
    starts = [local_midnight(m.start) for m in months]
    for m in months:
        stats.by["month"][m.code] = Figures()
    for row in _rows(period):
        received, resolved, left = _aware(row.received_at), _aware(row.resolved_at), _aware(row.left_at)
        is_open = row.status in OPEN_STATUSES
        for i, month in enumerate(months):
            _tally([stats.by["month"][month.code]], received, resolved, left, is_open, row.resolution_due,
                   starts[i], ends[i])
        keys = {"kind": row.kind, "channel": row.channel, "field": row.category or NO_FIELD,
                "unit": row.unit_id if row.unit_id is not None else NO_UNIT}
        targets = [stats.total] + [stats.by[d].setdefault(k, Figures()) for d, k in keys.items()]
        _tally(targets, received, resolved, left, is_open, row.resolution_due, starts[0], ends[-1])
    unit_ids = [k for k in stats.by["unit"] if k != NO_UNIT]
    stats.units = {i: (code, name) for i, code, name in db.session.execute(
        sa.select(Unit.id, Unit.code, Unit.name).where(Unit.id.in_(unit_ids)))}
    return stats


def _tally(targets: list[Figures], received, resolved, left, is_open: bool, due: date | None,
           start: datetime, end: datetime) -> None:
    """Add one case to each of ``targets`` for the span [start, end)."""
    if start <= received < end:
        for f in targets:
            f.received += 1
    if resolved is not None and start <= resolved < end:
        on_time = due is not None and local_date(resolved) <= due
        late = due is not None and not on_time
        for f in targets:
            f.resolved += 1
            f.on_time += on_time
            f.late += late
    if received < end and (is_open or (left is not None and left >= end)):
        for f in targets:
            f.backlog += 1

