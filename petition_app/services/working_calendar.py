"""The department's working-day calendar, built once per process."""
from flask import current_app

from ..clock import local_date, utcnow
from ..domain.calendar import WorkingCalendar


def working_calendar() -> WorkingCalendar:
    """holidays.VN around this year; the calendar extends itself for other years."""
    calendar = current_app.extensions.get("working_calendar")
    if calendar is None:
        year = local_date(utcnow()).year
        calendar = WorkingCalendar.vietnam(range(year - 2, year + 3))
        current_app.extensions["working_calendar"] = calendar
    return calendar
