"""The public blueprint: intake form, receipt, status lookup."""
from .views import bp

__all__ = ["bp"]
