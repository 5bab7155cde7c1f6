"""The public blueprint: intake form, receipt, status lookup, the register of outcomes."""
from . import register_views  # noqa: F401  (register its routes on bp)
from .views import bp

__all__ = ["bp"]
