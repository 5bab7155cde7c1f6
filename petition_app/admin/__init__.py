"""The admin blueprint: units, users (routing rules, calendar and policies come later)."""
from .views import bp

__all__ = ["bp"]
