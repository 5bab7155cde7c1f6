"""Partner systems' API keys for Open311: issue (shown once), list, revoke."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..services import api_partners
from ..services.api_partners import PartnerRefused
from .forms import PartnerForm
from .views import bp


@bp.route("/doi-tac-api", methods=["GET", "POST"])
def api_partners_page():
    form = PartnerForm()
    key, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                partner, key = api_partners.issue(form.name.data, actor=current_user, now=utcnow())
            except PartnerRefused as refusal:
                form[refusal.field].errors.append(refusal.message)
            else:
                status = 201
                form = PartnerForm(formdata=None)
    response = render_template("admin/api_partners.html", form=form, key=key, partners=api_partners.partners())
    headers = {"Cache-Control": "no-store"}  # the page that shows a new key once is never cached
    return response, status, headers


@bp.post("/doi-tac-api/<id:partner_id>/thu-hoi")
def revoke_api_partner(partner_id):
    try:
        partner = api_partners.revoke(partner_id, actor=current_user, now=utcnow())
    except PartnerRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Đã thu hồi khoá của %(name)s.", name=partner.name), "success")
    return redirect(url_for("admin.api_partners_page"), code=303)
