"""What the case page offers for revealing a denouncer's identity (Luật Tố cáo 2018, Điều 47-48)."""
from flask_login import current_user

from ..auth import second_factor_verified_at
from ..clock import utcnow
from ..domain.second_factor import FRESH_FOR, is_fresh
from ..services import second_factor
from .second_factor_forms import RevealForm


def reveal_offer(may_reveal: bool, form):
    """The reveal form and whether it must ask for a code (none entered in the last FRESH_FOR);
    None for one who may not reveal."""
    if not may_reveal:
        return None
    return {"form": form or RevealForm(formdata=None),
            "needs_code": not is_fresh(second_factor_verified_at(), utcnow()),
            "enrolled": second_factor.is_enrolled(current_user),
            "fresh_minutes": int(FRESH_FOR.total_seconds() // 60)}
