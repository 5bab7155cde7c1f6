"""How long closed cases keep personal data (Nghị định 13/2023/NĐ-CP): admins set the years per kind."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import utcnow
from ..domain.cases import CaseKind
from ..services import retention
from .forms import RetentionForm
from .views import bp


@bp.get("/luu-giu-du-lieu")
def retention_rules():
    return render_template("admin/retention.html", rules=retention.current_rules(),
                           due=retention.apply_retention(utcnow(), dry_run=True))


@bp.route("/luu-giu-du-lieu/<kind>", methods=["GET", "POST"])
def retention_rule(kind):
    try:
        kind = CaseKind(kind)
    except ValueError:
        abort(404)
    current = retention.current_rules()[kind]
    form = RetentionForm()
    if request.method == "GET":
        form.years.data, form.basis.data = current.years, current.basis
    elif form.validate():
        try:
            changed = retention.change_rule(kind, form.years.data, form.basis.data, actor=current_user, now=utcnow())
        except retention.RetentionRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(_("Đã lưu thời hạn lưu giữ.") if changed else _("Không có gì thay đổi."),
                  "success" if changed else "info")
            return redirect(url_for("admin.retention_rules"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/retention_rule.html", form=form, kind=kind, current=current), status
