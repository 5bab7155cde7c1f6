"""Staff sign-in: Flask-Login wiring and the session's life.

The session cookie is renewed at sign-in and sign-out (nothing from before
survives but the language choice), and carries the user's session
generation: a session whose generation is no longer the user's is signed
out on its next request (see ``services.sign_in.end_sessions``).
"""
from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user

from .extensions import db, login_manager
from .models import User

GENERATION_KEY = "_generation"
KEPT_ACROSS_SIGN_IN = ("lang",)


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
    if user is None or not user.is_active or session.get(GENERATION_KEY) != user.session_generation:
        return None
    return user


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session: a new CSRF token, no earlier receipts or data."""
    _renew_session()
    login_user(user)
    session[GENERATION_KEY] = user.session_generation


def end_session() -> None:
    _renew_session()
    logout_user()


def _renew_session() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    # Flask-WTF caches the signed token of this request; the next page gets a new one.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
