"""A user's own account (tài khoản của tôi): sign-in history and changing one's password."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import renew_session
from ..clock import utcnow
from ..services.account_management import AccountRefused, change_own_password
from ..services.sign_in import HISTORY_KEPT, sign_in_history
from .account_forms import PASSWORD_HELP, OwnPasswordForm
from .views import bp


@bp.app_context_processor
def account_texts():
    """For the password fields and sign-in history of the staff and admin account pages."""
    return {"password_help": PASSWORD_HELP, "history_kept": HISTORY_KEPT}


@bp.get("/tai-khoan")
def own_account():
    return render_template("staff/account.html", history=sign_in_history(current_user))


@bp.route("/tai-khoan/mat-khau", methods=["GET", "POST"])
def own_password():
    """Change one's password; every other session of the user ends, this one goes on."""
    form = OwnPasswordForm()
    if request.method == "POST" and form.validate():
        try:
            user = change_own_password(current_user, form.current_password.data, form.new_password.data,
                                       now=utcnow())
        except AccountRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            renew_session(user)
            flash(_("Đã đổi mật khẩu; các phiên đăng nhập khác của bạn đã kết thúc."), "success")
            return redirect(url_for("staff.own_account"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("staff/own_password.html", form=form), status
