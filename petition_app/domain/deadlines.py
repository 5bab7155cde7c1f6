"""Deadlines as the law counts them (DESIGN.md, "Deadlines"): periods, each kind's policy and its
arithmetic, the filing windows, and the state of a deadline on a given day. Pure: the calendar and
"today" are passed in.

Counting follows Bộ luật Dân sự 2015, Điều 147–148: a period "within N days from day D" starts
the day after D; a calendar-day period whose last day is not a working day ends on the next
working day; a period in working days ends on the Nth working day after D.

Holds (chờ công dân bổ sung) stop only time that is left. The day a hold starts counts; the days
after it, up to and including the day it ends, do not; the case works again on the day it ends.
A hold that starts on or before the due date — even after the period's last counted day, when
that day was a rest day and the period rolled forward to the next working day — moves the due
date to the day the hold ends (the next working day if that is a rest day): what was left is
"until the next working day", and that is given back on resume. A hold that starts after the due
date stops nothing: the period had already run out. So a due date never falls inside a hold.
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
    FORWARDING = "forwarding"  # chuyển tố cáo không thuộc thẩm quyền (Luật Tố cáo, Điều 24(2))
    ACCEPTANCE = "acceptance"  # thụ lý (first notice, for information requests)
    RESOLUTION = "resolution"  # giải quyết


class DeadlineState(str, Enum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"


class Complexity(str, Enum):
    """How complex a denunciation is (Luật Tố cáo 2018, Điều 30): it decides the extensions."""

    NONE = "none"
    COMPLEX = "complex"  # phức tạp: one extension
    ESPECIALLY_COMPLEX = "especially_complex"  # đặc biệt phức tạp: two


EXTENSIONS_BY_COMPLEXITY = {Complexity.NONE: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}
DEFAULT_WARNING_DAYS = 3  # working days before a deadline that count as "due soon"


@dataclass(frozen=True)
class Period:
    days: int
    unit: DayUnit
    citation: str

    def ends(self, calendar: WorkingCalendar, start: date) -> date:
        return _end(calendar, start, self.days, self.unit)


@dataclass(frozen=True)
class Policy:
    """How long each phase of one kind may take (seeded from DESIGN.md; admins may change it)."""

    kind: CaseKind
    triage: Period | None  # None: the kind has no petition-handling period (information requests)
    resolution: Period
    acceptance: Period | None = None
    complex_days: int | None = None  # resolution period for a complex case
    remote_days: int | None = None  # … for a remote area
    remote_complex_days: int | None = None
    max_extensions: int = 0
    extension_days: int = 0  # at most, each time
    warning_days: int = DEFAULT_WARNING_DAYS
    # A second-time complaint (khiếu nại lần hai) has its own period and variants.
    second: Period | None = None
    second_complex_days: int | None = None
    second_remote_days: int | None = None
    second_remote_complex_days: int | None = None
    triage_written_citation: str | None = None  # the basis for written petitions (triage.citation: in person)
    acceptance_several_places_days: int | None = None  # verification at several places
    forwarding: Period | None = None  # outside the department's competence
    simple: Period | None = None  # simple information requested by post, fax or e-mail
    resolution_from_receipt: bool = False  # counted from receipt, not from acceptance
    extensions_by_complexity: bool = False  # only a complex case may be extended

    def resolution_period(self, *, second_time: bool = False, simple: bool = False) -> Period:
        if simple and self.simple is not None:
            return self.simple
        return self.second if second_time and self.second is not None else self.resolution

    def resolution_days(self, *, complex_case: bool = False, remote: bool = False, second_time: bool = False,
                        simple: bool = False) -> int:
        if simple and self.simple is not None:
            return self.simple.days
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

    def triage_period(self, *, in_person: bool) -> Period | None:
        """Luật Tiếp công dân 2013, Điều 28(1) for a matter received at reception; for a written
        petition, Thông tư 05/2021/TT-TTCP as well."""
        if self.triage is None or in_person or not self.triage_written_citation:
            return self.triage
        return Period(self.triage.days, self.triage.unit, self.triage_written_citation)

    def acceptance_period(self, *, several_places: bool = False) -> Period | None:
        if self.acceptance is None or not several_places or not self.acceptance_several_places_days:
            return self.acceptance
        return Period(self.acceptance_several_places_days, self.acceptance.unit, self.acceptance.citation)

    def allowed_extensions(self, complexity: Complexity) -> int:
        if not self.extensions_by_complexity:
            return self.max_extensions
        return min(self.max_extensions, EXTENSIONS_BY_COMPLEXITY[complexity])


TRIAGE = Period(10, DayUnit.WORKING, "Luật Tiếp công dân 2013, Điều 28(1)")
TRIAGE_WRITTEN = "Luật Tiếp công dân 2013, Điều 28(1); Thông tư 05/2021/TT-TTCP"
RULE = "Quy chế tiếp nhận, xử lý kiến nghị, phản ánh của Sở"

DEFAULT_POLICIES = {
    CaseKind.COMPLAINT: Policy(
        CaseKind.COMPLAINT, TRIAGE, triage_written_citation=TRIAGE_WRITTEN,
        acceptance=Period(10, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 27"),
        resolution=Period(30, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 28"),
        complex_days=45, remote_days=45, remote_complex_days=60,
        second=Period(45, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 37"),
        second_complex_days=60, second_remote_days=60, second_remote_complex_days=70),
    CaseKind.DENUNCIATION: Policy(
        CaseKind.DENUNCIATION, TRIAGE, triage_written_citation=TRIAGE_WRITTEN,
        acceptance=Period(7, DayUnit.WORKING, "Luật Tố cáo 2018, Điều 24(1)"), acceptance_several_places_days=10,
        forwarding=Period(5, DayUnit.WORKING, "Luật Tố cáo 2018, Điều 24(2)"),
        resolution=Period(30, DayUnit.CALENDAR, "Luật Tố cáo 2018, Điều 30"),
        max_extensions=2, extension_days=30, extensions_by_complexity=True),
    CaseKind.INFO_REQUEST: Policy(
        CaseKind.INFO_REQUEST, None,
        acceptance=Period(3, DayUnit.WORKING, "Luật Tiếp cận thông tin 2016, Điều 31(2)"),
        resolution=Period(15, DayUnit.WORKING, "Luật Tiếp cận thông tin 2016, Điều 31(2); Nghị định 13/2018/NĐ-CP"),
        simple=Period(5, DayUnit.WORKING, "Luật Tiếp cận thông tin 2016, Điều 31(1)"),
        resolution_from_receipt=True, max_extensions=1, extension_days=15),
    CaseKind.PETITION: Policy(
        CaseKind.PETITION, TRIAGE, triage_written_citation=TRIAGE_WRITTEN,
        resolution=Period(15, DayUnit.WORKING, RULE), max_extensions=1, extension_days=15),
    CaseKind.FEEDBACK: Policy(
        CaseKind.FEEDBACK, TRIAGE, triage_written_citation=TRIAGE_WRITTEN,
        resolution=Period(15, DayUnit.WORKING, RULE), max_extensions=1, extension_days=15),
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


def check_extension(policy: Policy, extensions_so_far: list[int], days: int,
                    complexity: Complexity = Complexity.NONE) -> None:
    """Refuse an extension the policy does not allow: how many (for a denunciation, as many as
    its complexity allows — Luật Tố cáo 2018, Điều 30) and how long."""
    if policy.max_extensions == 0:
        raise ExtensionRefused("no_extension")
    allowed = policy.allowed_extensions(complexity)
    if allowed == 0:
        raise ExtensionRefused("not_complex")
    if len(extensions_so_far) >= allowed:
        raise ExtensionRefused("too_many")
    if days < 1 or days > policy.extension_days:
        raise ExtensionRefused("too_long")


def run_period(calendar: WorkingCalendar, start: date, days: int, unit: DayUnit,
               holds: list[Hold]) -> tuple[date | None, list[tuple[date, date | None]]]:
    """The last day of a period of ``days`` from ``start``, not counting days on hold (see the
    module's docstring for where a hold that starts when nothing is left puts the due date)."""
    cursor, remaining, held = start, days, []
    for hold in sorted(holds, key=lambda h: h.start):
        if hold.end is not None and hold.end <= cursor:
            continue
        hold_start = max(hold.start, cursor)
        if hold_start > _end(calendar, cursor, remaining, unit):
            break  # the period had run out before the hold began: it stops nothing
        used = (calendar.working_days_between(cursor, hold_start) if unit is DayUnit.WORKING
                else (hold_start - cursor).days)
        remaining = max(0, remaining - used)
        held.append((hold_start, hold.end))
        if hold.end is None:
            return None, held
        cursor = hold.end
    return _end(calendar, cursor, remaining, unit), held


def _end(calendar: WorkingCalendar, start: date, days: int, unit: DayUnit) -> date:
    if days == 0 or unit is DayUnit.CALENDAR:
        return calendar.add_calendar_days(start, days)  # nothing left: the next working day from start
    return calendar.add_working_days(start, days)


@dataclass(frozen=True)
class Variants:
    """What triage and acceptance decided about a case that changes its periods."""

    complex_case: bool = False
    remote: bool = False
    second_time: bool = False
    simple: bool = False  # information requests: simple, by post, fax or e-mail
    several_places: bool = False  # denunciations: verification at several places
    outside_competence: bool = False  # denunciations: to be forwarded
    in_person: bool = False  # received at the reception office, not in writing


def compute_deadlines(policy: Policy, calendar: WorkingCalendar, *, received_on: date,
                      accepted_on: date | None = None, holds: tuple[Hold, ...] = (),
                      extensions: tuple[int, ...] = (), variants: Variants = Variants()) -> dict[Phase, Deadline]:
    """Every deadline the case has now: triage, forwarding and acceptance from receipt where the
    law sets them; resolution from acceptance — or from receipt where the law says so (information
    requests) — with its variant and extensions."""
    holds = list(holds)
    deadlines = {}

    def add(phase: Phase, period: Period | None, start: date, days: int | None = None, extra: int = 0) -> None:
        if period is not None:
            days = period.days if days is None else days
            due, held = run_period(calendar, start, days + extra, period.unit, holds)
            deadlines[phase] = Deadline(phase, due, start, period, days + extra, held, extra)

    add(Phase.TRIAGE, policy.triage_period(in_person=variants.in_person), received_on)
    if variants.outside_competence:
        add(Phase.FORWARDING, policy.forwarding, received_on)
    if not (variants.simple and policy.simple is not None):  # simple information needs no first notice
        add(Phase.ACCEPTANCE, policy.acceptance_period(several_places=variants.several_places), received_on)
    resolution_start = received_on if policy.resolution_from_receipt else accepted_on
    if resolution_start is not None:
        add(Phase.RESOLUTION, policy.resolution_period(second_time=variants.second_time, simple=variants.simple),
            resolution_start, policy.resolution_days(complex_case=variants.complex_case, remote=variants.remote,
                                                     second_time=variants.second_time, simple=variants.simple),
            sum(extensions))
    return deadlines


# Thời hiệu khiếu nại (Luật Khiếu nại 2011, Điều 9): 90 days from learning of the decision or act.
COMPLAINT_FILING_WINDOW = Period(90, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 9")
# A second complaint (Điều 33): 30 days from receiving the first decision, or from the end of the
# first-time resolution period if no decision came; 45 days in remote areas.
SECOND_COMPLAINT_WINDOW = Period(30, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 33")
SECOND_COMPLAINT_WINDOW_REMOTE = Period(45, DayUnit.CALENDAR, "Luật Khiếu nại 2011, Điều 33")


@dataclass(frozen=True)
class FilingWindow:
    period: Period
    counted_from: date
    closes_on: date


def complaint_filing_window(calendar: WorkingCalendar, learned_on: date) -> FilingWindow:
    return FilingWindow(COMPLAINT_FILING_WINDOW, learned_on, COMPLAINT_FILING_WINDOW.ends(calendar, learned_on))


def second_complaint_filing_window(calendar: WorkingCalendar, policy: Policy, *, remote: bool,
                                   decision_received_on: date | None = None,
                                   first_accepted_on: date | None = None) -> FilingWindow | None:
    """From receiving the first-time decision; without one, from the end of the first-time
    resolution period counted from its acceptance — its longest variant (complex), so that a
    citizen is never refused for a delay the department cannot see."""
    if decision_received_on is not None:
        start = decision_received_on
    elif first_accepted_on is not None:
        days = policy.resolution_days(complex_case=True, remote=remote)
        start = _end(calendar, first_accepted_on, days, policy.resolution.unit)
    else:
        return None
    period = SECOND_COMPLAINT_WINDOW_REMOTE if remote else SECOND_COMPLAINT_WINDOW
    return FilingWindow(period, start, period.ends(calendar, start))
