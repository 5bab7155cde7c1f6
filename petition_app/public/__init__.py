"""The public blueprint: intake form, receipt, status lookup, the register of outcomes, published
information, statistics."""
from . import health_views, information_views, register_views, statistics_views  # noqa: F401  (their routes on bp)
from .views import bp

__all__ = ["bp"]
