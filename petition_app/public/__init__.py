"""The public blueprint: intake form, receipt, status lookup."""
from . import information_views, statistics_views  # noqa: F401  (register their routes on bp)
from .views import bp

__all__ = ["bp"]
