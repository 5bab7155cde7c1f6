"""The second factor's pages: the code after the password, enrolling, recovery codes."""
import segno
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import mark_second_factor_verified, pending_second_step, start_session
from ..clock import utcnow
from ..domain import second_factor as rules
from ..extensions import limiter
from ..services import second_factor
from ..services.second_factor import SecondFactorRefused
from ..services.sign_in import AccountLocked
from .second_factor_forms import CODE_HELP, CodeForm
from .views import bp

NO_STORE = {"Cache-Control": "no-store"}  # pages with a secret or recovery codes are never cached


def _code_key():
    pending = pending_second_step()
    return f"{request.remote_addr}|{pending[0].id if pending else ''}"


def locked_message(minutes: int) -> str:
    return _("Xác thực hai bước tạm khóa do nhập sai mã nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
             minutes=minutes)


@bp.route("/login/ma-xac-thuc", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_code_key)
def login_code():
    """The second step of signing in: a code from the app, or a recovery code."""
    pending = pending_second_step()
    if pending is None:
        flash(_("Vui lòng đăng nhập lại."), "info")
        return redirect(url_for("staff.login"))
    user, target = pending
    form = CodeForm()
    if form.validate_on_submit():
        try:
            second_factor.verify(user, form.code.data, now=utcnow())
        except AccountLocked as locked:
            form.code.errors.append(locked_message(locked.minutes))
        except SecondFactorRefused as refusal:
            form.code.errors.append(refusal.message)
        else:
            start_session(user, second_factor_verified=True)
            return redirect(target or url_for("staff.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("staff/login_code.html", form=form, code_help=CODE_HELP), status


@bp.get("/tai-khoan/xac-thuc-hai-buoc")
def second_factor_page():
    enrolled = second_factor.is_enrolled(current_user)
    return render_template("staff/second_factor.html", enrolled=enrolled, form=CodeForm(formdata=None),
                           left=second_factor.recovery_codes_left(current_user) if enrolled else 0,
                           required=rules.is_required(current_user.role))


@bp.route("/tai-khoan/xac-thuc-hai-buoc/bat", methods=["GET", "POST"])
def enrol_second_factor():
    """Enrol: the secret as a QR code, a URI and text, then a first code confirms it."""
    now = utcnow()
    try:
        secret = second_factor.start_enrolment(current_user, now=now)
    except SecondFactorRefused as refusal:
        flash(refusal.message, "info")
        return redirect(url_for("staff.second_factor_page"), code=303)
    form = CodeForm()
    if request.method == "POST" and form.validate():
        try:
            codes = second_factor.confirm_enrolment(current_user, form.code.data, now=now)
        except AccountLocked as locked:
            form.code.errors.append(locked_message(locked.minutes))
        except SecondFactorRefused as refusal:
            form.code.errors.append(refusal.message)
        else:
            mark_second_factor_verified()
            return render_template("staff/recovery_codes.html", codes=codes, enrolled_now=True), 200, NO_STORE
    uri = rules.provisioning_uri(secret, current_user.username)
    qr = segno.make(uri, error="m").svg_data_uri(scale=4)
    status = 422 if request.method == "POST" else 200
    return render_template("staff/enrol_second_factor.html", form=form, uri=uri, qr=qr,
                           secret=rules.grouped(secret), required=rules.is_required(current_user.role)), \
        status, NO_STORE


@bp.post("/tai-khoan/xac-thuc-hai-buoc/ma-du-phong")
def regenerate_recovery_codes():
    """New recovery codes after a good code; the old ones stop working."""
    form = CodeForm()
    if form.validate():
        try:
            codes = second_factor.regenerate_recovery_codes(current_user, form.code.data, now=utcnow())
        except AccountLocked as locked:
            form.code.errors.append(locked_message(locked.minutes))
        except SecondFactorRefused as refusal:
            form.code.errors.append(refusal.message)
        else:
            mark_second_factor_verified()
            return render_template("staff/recovery_codes.html", codes=codes, enrolled_now=False), 200, NO_STORE
    return render_template("staff/second_factor.html", enrolled=second_factor.is_enrolled(current_user), form=form,
                           left=second_factor.recovery_codes_left(current_user),
                           required=rules.is_required(current_user.role)), 422
