"""Staff bearer tokens for /api/v1/: issue (shown once), list, revoke."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..services import api_tokens
from ..services.api_tokens import TokenRefused
from .forms import ApiTokenForm
from .views import bp


@bp.route("/ma-truy-cap-api", methods=["GET", "POST"])
def api_tokens_page():
    form = ApiTokenForm()
    token, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                _row, token = api_tokens.issue(form.username.data, days=form.days.data, actor=current_user,
                                               now=utcnow())
            except TokenRefused as refusal:
                form[refusal.field].errors.append(refusal.message)
            else:
                status = 201
                form = ApiTokenForm(formdata=None)
    response = render_template("admin/api_tokens.html", form=form, token=token, tokens=api_tokens.tokens(),
                               now=utcnow())
    return response, status, {"Cache-Control": "no-store"}  # the page that shows a new token once


@bp.post("/ma-truy-cap-api/<id:token_id>/thu-hoi")
def revoke_api_token(token_id):
    try:
        row = api_tokens.revoke(token_id, actor=current_user, now=utcnow())
    except TokenRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Đã thu hồi mã truy cập của %(name)s.", name=row.user.username), "success")
    return redirect(url_for("admin.api_tokens_page"), code=303)
