"""The admin blueprint: units, users, routing rules, calendar, policies, the reception schedule, retention."""
from . import (  # noqa: F401  (they register their routes on bp)
    api_tokens,
    national_export,
    outbox,
    partners,
    publication,
    report_balances,
    retention,
    schedule,
    users,
)
from .views import bp

__all__ = ["bp"]
