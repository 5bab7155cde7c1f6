"""The admin blueprint: units, users, routing rules, calendar, policies, the reception schedule, retention."""
from . import (  # noqa: F401  (they register their routes on bp)
    api_tokens,
    outbox,
    partners,
    publication,
    retention,
    schedule,
    users,
)
from .views import bp

__all__ = ["bp"]
