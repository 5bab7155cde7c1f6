"""Statutory periods used at intake (DESIGN.md, "Deadlines").

Periods follow Bộ luật Dân sự 2015, Điều 147–148: a period "within N days from
day D" starts the day after D; a period in calendar days whose last day is not
a working day ends on the next working day.
"""
from dataclasses import dataclass
from datetime import date

from .calendar import WorkingCalendar
from .cases import CaseKind


@dataclass(frozen=True)
class Period:
    days: int
    working_days: bool
    citation: str

    def ends(self, calendar: WorkingCalendar, start: date) -> date:
        if self.working_days:
            return calendar.add_working_days(start, self.days)
        return calendar.add_calendar_days(start, self.days)


# Xử lý đơn: every received petition is triaged within 10 working days.
TRIAGE_PERIOD = Period(10, True, "Thông tư 05/2021/TT-TTCP")
# Thời hiệu khiếu nại: 90 days from the day the complainant learned of the decision or act.
COMPLAINT_FILING_WINDOW = Period(90, False, "Luật Khiếu nại 2011, Điều 9")


def triage_due(calendar: WorkingCalendar, received_on: date) -> date:
    """The day by which the department answers a newly received case."""
    return TRIAGE_PERIOD.ends(calendar, received_on)


def complaint_filing_deadline(calendar: WorkingCalendar, learned_on: date) -> date:
    return COMPLAINT_FILING_WINDOW.ends(calendar, learned_on)


def is_filed_late(
    calendar: WorkingCalendar, kind: CaseKind, learned_on: date | None, received_on: date
) -> bool:
    """True for a complaint received after its 90-day filing window closed."""
    if kind is not CaseKind.COMPLAINT or learned_on is None:
        return False
    return received_on > complaint_filing_deadline(calendar, learned_on)
