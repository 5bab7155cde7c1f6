"""Statutory deadlines of a case (DESIGN.md, "Deadlines"): the policy per kind, and one pure
function that turns a case's dates, holds and extensions into its deadlines, with the
reasons a person can read.

Counting follows Bộ luật Dân sự 2015, Điều 147–148 (a period starts the day after its
event; a calendar-day period ending on a rest day ends on the next working day). A hold
(chờ công dân bổ sung) stops the clock: the days left when it started continue from the
day it ends.
"""
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .calendar import WorkingCalendar
from .cases import CaseKind


class DayUnit(str, Enum):
    WORKING = "working"
    CALENDAR = "calendar"


class Phase(str, Enum):
    TRIAGE = "triage"  # xử lý đơn
    ACCEPTANCE = "acceptance"  # thụ lý (first answer, for information requests)
    RESOLUTION = "resolution"  # giải quyết


class DeadlineState(str, Enum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"


@dataclass(frozen=True)
class Period:
    days: int
    unit: DayUnit
    citation: str


@dataclass(frozen=True)
class Policy:
    """How long each phase of one kind may take (seeded from DESIGN.md; admins may change it)."""

    kind: CaseKind
    triage: Period
    resolution: Period
    acceptance: Period | None = None
    complex_days: int | None = None  # resolution period for a complex case
    remote_days: int | None = None  # … for a remote area
    remote_complex_days: int | None = None
    max_extensions: int = 0
    extension_days: int = 0  # at most, each time
    warning_days: int = 3  # working days before a deadline that count as "due soon"
    # A second-time complaint (khiếu nại lần hai) has its own period and variants.
    second: Period | None = None
    second_complex_days: int | None = None
    second_remote_days: int | None = None
    second_remote_complex_days: int | None = None

    def resolution_period(self, *, second_time: bool = False) -> Period:
        return self.second if second_time and self.second is not None else self.resolution

    def resolution_days(self, *, complex_case: bool = False, remote: bool = False, second_time: bool = False) -> int:
        if second_time and self.second is not None:
            variants = (self.second_remote_complex_days, self.second_remote_days, self.second_complex_days,
                        self.second.days)
        else:
            variants = (self.remote_complex_days, self.remote_days, self.complex_days, self.resolution.days)
        both, remote_days, complex_days, days = variants
        if complex_case and remote and both:
            return both
        if remote and remote_days:
            return remote_days
        if complex_case and complex_days:
            return complex_days
        return days


TRIAGE = Period(10, DayUnit.WORKING, "Thông tư 05/2021/TT-TTCP")

DEFAULT_POLICIES = {
    CaseKind.COMPLAINT: Policy(
        CaseKind.COMPLAINT, TRIAGE,
        acceptance=Period(10, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 27"),
        resolution=Period(30, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 28"),
        complex_days=45, remote_days=45, remote_complex_days=60,
        second=Period(45, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 37"),
        second_complex_days=60, second_remote_days=60, second_remote_complex_days=70),
    CaseKind.DENUNCIATION: Policy(
        CaseKind.DENUNCIATION, TRIAGE,
        acceptance=Period(7, DayUnit.WORKING, "Luật Tố cáo 2018, Điều 24"),
        resolution=Period(30, DayUnit.CALENDAR, "Luật Tố cáo 2018, Điều 30"),
        max_extensions=2, extension_days=30),
    CaseKind.INFO_REQUEST: Policy(
        CaseKind.INFO_REQUEST, TRIAGE,
        acceptance=Period(3, DayUnit.WORKING, "Luật Tiếp cận thông tin 2016, Điều 29"),
        resolution=Period(15, DayUnit.WORKING, "Luật Tiếp cận thông tin 2016, Điều 31; Nghị định 13/2018/NĐ-CP"),
        max_extensions=1, extension_days=15),
    CaseKind.PETITION: Policy(
        CaseKind.PETITION, TRIAGE,
        resolution=Period(15, DayUnit.WORKING, "Quy chế tiếp nhận, xử lý kiến nghị, phản ánh của Sở"),
        max_extensions=1, extension_days=15),
    CaseKind.FEEDBACK: Policy(
        CaseKind.FEEDBACK, TRIAGE,
        resolution=Period(15, DayUnit.WORKING, "Quy chế tiếp nhận, xử lý kiến nghị, phản ánh của Sở"),
        max_extensions=1, extension_days=15),
}


@dataclass(frozen=True)
class Hold:
    start: date
    end: date | None  # None: still on hold


@dataclass
class Deadline:
    phase: Phase
    due: date | None  # None while the clock is stopped
    counted_from: date
    period: Period
    days: int  # the period actually applied (variant and extensions included)
    held_days: list[tuple[date, date | None]] = field(default_factory=list)
    extended_by: int = 0

    def state(self, today: date, calendar: WorkingCalendar, warning_days: int) -> DeadlineState:
        if self.due is None:
            return DeadlineState.PAUSED
        if today > self.due:
            return DeadlineState.OVERDUE
        if calendar.working_days_between(today, self.due) <= warning_days:
            return DeadlineState.DUE_SOON
        return DeadlineState.ON_TRACK


class ExtensionRefused(ValueError):
    pass


def check_extension(policy: Policy, extensions_so_far: list[int], days: int) -> None:
    """Refuse an extension the policy does not allow (how many, how long)."""
    if policy.max_extensions == 0:
        raise ExtensionRefused("no_extension")
    if len(extensions_so_far) >= policy.max_extensions:
        raise ExtensionRefused("too_many")
    if days < 1 or days > policy.extension_days:
        raise ExtensionRefused("too_long")


def run_period(calendar: WorkingCalendar, start: date, days: int, unit: DayUnit,
               holds: list[Hold]) -> tuple[date | None, list[tuple[date, date | None]]]:
    """The last day of a period of ``days`` from ``start``, not counting days on hold."""
    cursor, remaining, held = start, days, []
    for hold in sorted(holds, key=lambda h: h.start):
        if hold.end is not None and hold.end <= cursor:
            continue
        hold_start = max(hold.start, cursor)
        due = _end(calendar, cursor, remaining, unit)
        if hold_start >= due:
            break  # the hold began after this period ended: it does not move it
        used = (calendar.working_days_between(cursor, hold_start) if unit is DayUnit.WORKING
                else (hold_start - cursor).days)
        remaining -= used
        held.append((hold_start, hold.end))
        if hold.end is None:
            return None, held
        cursor = hold.end
    return _end(calendar, cursor, remaining, unit), held


def _end(calendar: WorkingCalendar, start: date, days: int, unit: DayUnit) -> date:
    if unit is DayUnit.WORKING:
        return calendar.add_working_days(start, days)
    return calendar.add_calendar_days(start, days)


def compute_deadlines(policy: Policy, calendar: WorkingCalendar, *, received_on: date,
                      accepted_on: date | None = None, holds: tuple[Hold, ...] = (),
                      extensions: tuple[int, ...] = (), complex_case: bool = False,
                      remote: bool = False, second_time: bool = False) -> dict[Phase, Deadline]:
    """Every deadline the case has now: triage from receipt; acceptance from receipt where the
    law sets one; resolution from acceptance (with its variant — complex, remote area, a
    second-time complaint — and extensions)."""
    holds = list(holds)
    deadlines = {}
    due, held = run_period(calendar, received_on, policy.triage.days, policy.triage.unit, holds)
    deadlines[Phase.TRIAGE] = Deadline(Phase.TRIAGE, due, received_on, policy.triage, policy.triage.days, held)
    if policy.acceptance is not None:
        due, held = run_period(calendar, received_on, policy.acceptance.days, policy.acceptance.unit, holds)
        deadlines[Phase.ACCEPTANCE] = Deadline(Phase.ACCEPTANCE, due, received_on, policy.acceptance,
                                               policy.acceptance.days, held)
    if accepted_on is not None:
        period = policy.resolution_period(second_time=second_time)
        base = policy.resolution_days(complex_case=complex_case, remote=remote, second_time=second_time)
        extra = sum(extensions)
        due, held = run_period(calendar, accepted_on, base + extra, period.unit, holds)
        deadlines[Phase.RESOLUTION] = Deadline(Phase.RESOLUTION, due, accepted_on, period, base + extra, held, extra)
    return deadlines
