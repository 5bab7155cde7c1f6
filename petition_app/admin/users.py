"""Staff accounts (tài khoản cán bộ): list, create, edit, deactivate, reset a password, sign-in history."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..extensions import db
from ..models import User
from ..services import account_management as accounts
from ..services import second_factor
from ..services.account_management import AccountRefused
from ..services.cases import active_units
from ..services.second_factor import SecondFactorRefused
from ..services.sign_in import sign_in_history
from .user_forms import AccountForm, EditAccountForm, ResetPasswordForm
from .views import bp

NO_STORE = {"Cache-Control": "no-store"}  # pages that show a password once are never cached


@bp.get("/tai-khoan")
def accounts_page():
    return render_template("admin/users.html", users=accounts.accounts())


@bp.route("/tai-khoan/moi", methods=["GET", "POST"])
def new_account():
    form = AccountForm()
    form.fill_choices(active_units())
    if request.method == "POST" and form.validate():
        try:
            user, password = accounts.create_account(form.to_input(), form.password.data or None,
                                                     actor=current_user, now=utcnow())
        except AccountRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            return render_template("admin/password_shown.html", user=user, password=password,
                                   created=True), 201, NO_STORE
    status = 422 if request.method == "POST" else 200
    return render_template("admin/new_user.html", form=form), status


@bp.route("/tai-khoan/<id:user_id>", methods=["GET", "POST"])
def account_page(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = EditAccountForm(obj=user if request.method == "GET" else None)
    form.fill_choices(active_units())
    if request.method == "GET":
        form.role.data, form.unit_id.data = user.role.value, user.unit_id
    elif form.validate():
        try:
            accounts.update_account(user.id, form.to_input(user.username), actor=current_user, now=utcnow())
        except AccountRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("admin.account_page", user_id=user.id), code=303)
    status = 422 if request.method == "POST" else 200
    return _render_account(user, form, ResetPasswordForm(formdata=None), status)


@bp.post("/tai-khoan/<id:user_id>/trang-thai")
def account_active(user_id):
    user = db.session.get(User, user_id) or abort(404)
    active = request.form.get("active") == "1"
    try:
        accounts.set_account_active(user.id, active, actor=current_user, now=utcnow())
    except AccountRefused as refusal:
        flash(refusal.message, "error")
        db.session.rollback()
    else:
        flash(_("Đã mở lại tài khoản %(name)s.", name=user.username) if active
              else _("Đã khóa tài khoản %(name)s; mọi phiên đăng nhập của tài khoản đã kết thúc.",
                     name=user.username), "success")
    return redirect(url_for("admin.account_page", user_id=user_id), code=303)


@bp.post("/tai-khoan/<id:user_id>/mat-khau")
def reset_account_password(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if form.validate():
        try:
            user, password = accounts.reset_password(user.id, form.password.data or None,
                                                     actor=current_user, now=utcnow())
        except AccountRefused as refusal:
            form.password.errors.append(refusal.message)
        else:
            return render_template("admin/password_shown.html", user=user, password=password,
                                   created=False), 200, NO_STORE
    edit = EditAccountForm(obj=user)
    edit.fill_choices(active_units())
    edit.role.data, edit.unit_id.data = user.role.value, user.unit_id
    return _render_account(user, edit, form, 422)


@bp.post("/tai-khoan/<id:user_id>/xac-thuc-hai-buoc")
def reset_second_factor(user_id):
    """Remove a user's second factor (lost phone and recovery codes); audited, their sessions end."""
    user = db.session.get(User, user_id) or abort(404)
    try:
        second_factor.reset(user.id, actor=current_user, now=utcnow())
    except SecondFactorRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Đã đặt lại xác thực hai bước của %(name)s; mọi phiên đăng nhập của tài khoản đã kết thúc.",
                name=user.username), "success")
    return redirect(url_for("admin.account_page", user_id=user_id), code=303)


def _render_account(user, form, reset_form, status):
    return render_template("admin/user.html", user=user, form=form, reset_form=reset_form,
                           history=sign_in_history(user), factor=second_factor.factor_of(user)), status
