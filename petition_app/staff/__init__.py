"""The staff blueprint: sign-in, the newest cases, the case page, staff intake, the reception desk."""
from . import information_views, reception_print, reception_views  # noqa: F401  (register their routes on bp)
from .views import bp

__all__ = ["bp"]
