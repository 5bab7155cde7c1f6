"""Staff sign-in: Flask-Login wiring."""
from flask_babel import lazy_gettext as _l

from .extensions import db, login_manager
from .models import User


def init_login(app) -> None:
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str):
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None
