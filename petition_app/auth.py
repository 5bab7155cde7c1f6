"""Staff sign-in: Flask-Login wiring and the session's life.

The session cookie is renewed at sign-in and sign-out (nothing from before
survives but the language choice), and carries the user's session
generation: a session whose generation is no longer the user's is signed
out on its next request (see ``services.sign_in.end_sessions``).

A staff session also ends after ``SESSION_IDLE_MINUTES`` without a staff or
admin request (the public pages neither count nor care), and a user whose
password an admin reset sees nothing but the page to choose their own.
"""
from datetime import datetime, timedelta, timezone

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from .clock import utcnow
from .extensions import db, login_manager
from .models import User

GENERATION_KEY = "_generation"
SEEN_KEY = "_seen"  # when the session last made a staff or admin request (POSIX seconds)
PASSWORD_CHANGE_ENDPOINTS = {"staff.own_password", "staff.logout"}
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
    session[SEEN_KEY] = utcnow().timestamp()


def guard_staff_request():
    """Run before every staff and admin page: a response that sends the browser elsewhere, or None.

    1. Not signed in: to the sign-in page.
    2. Idle for ``SESSION_IDLE_MINUTES`` or more: the session ends, then as 1.
    3. A password reset by an admin: to the page to choose one's own.
    """
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    now = utcnow()
    seen = session.get(SEEN_KEY)
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if seen is None or now - datetime.fromtimestamp(seen, timezone.utc) >= idle:
        end_session()
        flash(_("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại."), "info")
        return redirect(url_for("staff.login", next=request.path if request.method == "GET" else None))
    session[SEEN_KEY] = now.timestamp()
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("staff.own_password"))
    return None


def end_session() -> None:
    _renew_session()
    logout_user()


def _renew_session() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)
    # Flask-WTF caches the signed token of this request; the next page gets a new one.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
