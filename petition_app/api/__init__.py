"""The staff JSON API, version 1 (/api/v1/)."""
from .views import bp

__all__ = ["bp"]
