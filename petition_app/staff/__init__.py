"""The staff blueprint: sign-in, the newest cases, the case page, staff intake."""
from .views import bp

__all__ = ["bp"]
