"""The application's notion of "now", injectable for tests and replays.

Domain code never reads the time; services receive ``now`` from here.
"""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC (or the injected ``CLOCK`` in tests)."""
    clock = current_app.config.get("CLOCK") if current_app else None
    if clock is not None:
        value = clock()
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam of an aware moment."""
    return as_aware(moment).astimezone(LOCAL_TZ).date()


def as_aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for aware columns: they are stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_midnight(day: date) -> datetime:
    """The first moment of a local calendar day, for comparing with stored UTC times."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)
