"""The public blueprint: intake form, receipt, status lookup, the register of outcomes, published
information, statistics."""
from . import (  # noqa: F401  (their routes on bp)
    health_views,
    information_views,
    personal_data_views,
    register_views,
    statistics_views,
)
from .views import bp

__all__ = ["bp"]
