"""The admin blueprint: units, users, routing rules, calendar, policies, the reception schedule."""
from . import schedule  # noqa: F401  (registers the schedule's routes on bp)
from .views import bp

__all__ = ["bp"]
