"""The admin blueprint: units, users, routing rules, calendar, policies, the reception schedule."""
from . import api_tokens, partners, publication, schedule  # noqa: F401  (they register their routes on bp)
from .views import bp

__all__ = ["bp"]
