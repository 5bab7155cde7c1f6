"""The public blueprint: intake form, receipt, status lookup."""
from . import statistics_views  # noqa: F401  (registers the statistics routes on bp)
from .views import bp

__all__ = ["bp"]
