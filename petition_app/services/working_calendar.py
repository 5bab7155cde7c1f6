"""The department's working-day calendar: holidays.VN plus the admins' overrides.

The bottom floor of the deadline services: it reads the calendar and imports no other service.
Changing the calendar (and moving the open cases' deadlines) is ``calendar_changes``.

Each process keeps the built calendar and checks a cheap fingerprint of the
override table at most every CHECK_SECONDS, so a change made in one worker or
host reaches the others (and the scheduler) within that time; the process that
made the change rebuilds at once.
"""
import time
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..clock import local_date, utcnow
from ..domain.calendar import WorkingCalendar
from ..extensions import db
from ..models import CalendarOverride

CHECK_SECONDS = 30


@dataclass
class _Cached:
    calendar: WorkingCalendar
    stamp: tuple
    checked_at: float


def working_calendar() -> WorkingCalendar:
    """holidays.VN around this year with the active overrides; other years load when needed."""
    cached = current_app.extensions.get("working_calendar")
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < CHECK_SECONDS:
        return cached.calendar
    stamp = _stamp()
    if cached is None or cached.stamp != stamp:
        overrides = active_overrides()
        year = local_date(utcnow()).year
        calendar = WorkingCalendar.vietnam(
            range(year - 2, year + 3), overrides={o.day: o.is_working for o in overrides},
            reasons={o.day: o.reason for o in overrides if not o.is_working})
        cached = current_app.extensions["working_calendar"] = _Cached(calendar, stamp, now)
    cached.checked_at = now
    return cached.calendar


def _stamp() -> tuple:
    """Changes whenever an override is added or removed."""
    return tuple(db.session.execute(sa.select(
        sa.func.count(CalendarOverride.id), sa.func.max(CalendarOverride.id),
        sa.func.max(CalendarOverride.removed_at))).one())


def active_overrides(year: int | None = None) -> list[CalendarOverride]:
    query = sa.select(CalendarOverride).where(CalendarOverride.removed_at.is_(None))
    if year is not None:
        query = query.where(CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31))
    return list(db.session.scalars(query.order_by(CalendarOverride.day)))


@dataclass
class YearDay:
    day: date
    reason: str
    override: CalendarOverride | None  # the admin's decision behind it, if any


def year_days(year: int) -> tuple[list[YearDay], list[YearDay]]:
    """A year's days off on weekdays (holidays and overrides) and its worked weekend days.
    Ordinary Saturdays and Sundays are left out: they are off every week."""
    calendar = working_calendar()
    by_day = {o.day: o for o in active_overrides(year)}
    off, worked = [], []
    for d, reason in calendar.non_working_days(date(year - 1, 12, 31), date(year, 12, 31)):
        if d.weekday() < 5 or d in by_day:
            off.append(YearDay(d, reason, by_day.get(d)))
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() >= 5 and calendar.is_working_day(day):
            override = by_day.get(day)
            worked.append(YearDay(day, override.reason if override else _("Làm bù theo lịch nhà nước"), override))
        day += timedelta(days=1)
    return off, worked
