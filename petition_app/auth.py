"""Staff sign-in: Flask-Login wiring and the session's life.

The session cookie is renewed at sign-in and sign-out (nothing from before
survives but the language choice), and carries the user's session
generation: a session whose generation is no longer the user's is signed
out on its next request (see ``services.sign_in.end_sessions``).

A staff session also ends after ``SESSION_IDLE_MINUTES`` without a staff or
admin request (the public pages neither count nor care), and a user whose
password an admin reset sees nothing but the page to choose their own.

A user with a second factor is signed in only after a code (the password alone
leaves a short-lived pending step in the session, nothing more); leadership and
admins without one see nothing but the page to enrol. The session remembers
when a code was last entered, for the identity reveal (``domain/second_factor``).
"""
from datetime import datetime, timedelta, timezone

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from .clock import utcnow
from .domain.second_factor import is_required
from .extensions import db, login_manager
from .models import User
from .services.second_factor import factor_of

GENERATION_KEY = "_generation"
SEEN_KEY = "_seen"  # when the session last made a staff or admin request (POSIX seconds)
VERIFIED_KEY = "_second_factor_at"  # when a code was last entered in this session (POSIX seconds)
PENDING_KEY = "_second_step"  # the password was right; the code is awaited
PENDING_FOR = timedelta(minutes=5)
PASSWORD_CHANGE_ENDPOINTS = {"staff.own_password", "staff.logout"}
ENROLMENT_ENDPOINTS = {"staff.enrol_second_factor", "staff.logout"}
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


def start_session(user: User, *, second_factor_verified: bool = False) -> None:
    """Sign ``user`` in on a fresh session: a new CSRF token, no earlier receipts or data."""
    _renew_session()
    login_user(user)
    session[GENERATION_KEY] = user.session_generation
    session[SEEN_KEY] = utcnow().timestamp()
    if second_factor_verified:
        mark_second_factor_verified()


def renew_session(user: User) -> None:
    """A fresh session for the same user (after a password change), keeping when a code was entered."""
    verified_at = session.get(VERIFIED_KEY)
    start_session(user)
    if verified_at is not None:
        session[VERIFIED_KEY] = verified_at


def await_second_step(user: User, target: str | None) -> None:
    """The password was right and ``user`` has a second factor: a fresh session that only awaits the code."""
    _renew_session()
    session[PENDING_KEY] = {"user": user.id, "generation": user.session_generation,
                            "at": utcnow().timestamp(), "next": target}


def pending_second_step() -> tuple[User, str | None] | None:
    """The user whose code is awaited, and where they were going; None when nothing is (or no longer)."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    user = db.session.get(User, pending.get("user") or 0)
    started = datetime.fromtimestamp(pending.get("at") or 0, timezone.utc)
    if (user is None or not user.is_active or pending.get("generation") != user.session_generation
            or utcnow() - started >= PENDING_FOR):
        return None
    return user, pending.get("next")


def mark_second_factor_verified() -> None:
    session[VERIFIED_KEY] = utcnow().timestamp()


def second_factor_verified_at() -> datetime | None:
    at = session.get(VERIFIED_KEY)
    return datetime.fromtimestamp(at, timezone.utc) if at is not None else None


def guard_staff_request():
    """Run before every staff and admin page: a response that sends the browser elsewhere, or None.

    1. Not signed in: to the sign-in page.
    2. Idle for ``SESSION_IDLE_MINUTES`` or more: the session ends, then as 1.
    3. A password reset by an admin: to the page to choose one's own.
    4. A second factor enrolled since this session began without a code (another device): as 1.
    5. Leadership and admins without a second factor: to the page to enrol.
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
    factor = factor_of(current_user)
    enrolled = factor is not None and factor.is_confirmed
    if enrolled and session.get(VERIFIED_KEY) is None:
        end_session()
        return redirect(url_for("staff.login"))
    if not enrolled and is_required(current_user.role) and request.endpoint not in ENROLMENT_ENDPOINTS:
        return redirect(url_for("staff.enrol_second_factor"))
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
