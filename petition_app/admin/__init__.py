"""The admin blueprint: units, users, routing rules, calendar, policies, the reception schedule."""
from . import publication, schedule  # noqa: F401  (register their routes on bp)
from .views import bp

__all__ = ["bp"]
