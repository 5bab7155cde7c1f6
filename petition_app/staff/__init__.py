"""The staff blueprint: sign-in, the newest cases, the case page, staff intake, the reception desk."""
from . import reception_print, reception_views  # noqa: F401  (register the desk's routes on bp)
from .views import bp

__all__ = ["bp"]
