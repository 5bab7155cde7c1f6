"""The staff blueprint: sign-in, the newest cases, the case page, staff intake, the reception desk."""
from . import (  # noqa: F401  (register their routes on bp)
    account_views,
    answer_views,
    identity_views,
    information_views,
    personal_data_views,
    reception_print,
    reception_views,
    report_views,
    second_factor_views,
)
from .views import bp

__all__ = ["bp"]
