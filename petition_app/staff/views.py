"""Staff pages. Every route needs a signed-in user (checked once, in before_request)."""
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..clock import utcnow
from ..extensions import limiter
from ..services import accounts, cases
from ..services.attachments import AttachmentRefused, path_of
from ..services.intake import IntakeRefused, file_case
from .forms import LoginForm, StaffIntakeForm

bp = Blueprint("staff", __name__)
OPEN_ENDPOINTS = {"staff.login"}


@bp.before_request
def require_sign_in():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def _login_key():
    return f"{request.remote_addr}|{(request.form.get('username') or '').strip().lower()}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_login_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data, now=utcnow())
        if user is not None:
            login_user(user)
            target = request.args.get("next", "")
            if not target.startswith("/staff/") or "//" in target or "\\" in target:
                target = url_for("staff.home")
            return redirect(target)
        form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    status = 422 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("staff.login"))


@bp.get("/")
def home():
    return render_template("staff/home.html", cases=cases.newest_cases(current_user))


@bp.get("/cases/<int:case_id>")
def case_detail(case_id):
    case = cases.get_case(current_user, case_id)
    return render_template("staff/case.html", case=case,
                           show_identity=cases.may_see_identity(current_user, case))


@bp.get("/cases/<int:case_id>/attachments/<int:attachment_id>")
def attachment(case_id, attachment_id):
    item = cases.get_attachment(current_user, case_id, attachment_id)
    path = path_of(item.storage_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=item.content_type, as_attachment=True,
                         download_name=item.original_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    """Register a case received at the desk, by post, e-mail, phone, or from another agency."""
    form = StaffIntakeForm()
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        return render_template("staff/new_case.html", form=form)
    if form.validate():
        try:
            filed = file_case(form.to_request(), form.uploads(), now=utcnow(), actor=current_user)
        except (IntakeRefused, AttachmentRefused) as refusal:
            form.show_refusal(refusal)
        else:
            flash(_("Đã ghi nhận đơn, mã tra cứu %(code)s.", code=filed.tracking_code), "success")
            return redirect(url_for("staff.case_detail", case_id=filed.case_id), code=303)
    return render_template("staff/new_case.html", form=form), 422


