"""Open311 GeoReport v2 (public API)."""
from .views import bp

__all__ = ["bp"]
