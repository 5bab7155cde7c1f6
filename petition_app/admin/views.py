"""Admin pages. Only admins reach them (checked once, in before_request)."""
import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.cases import Role
from ..extensions import db
from ..models import Unit, User
from ..services import routing
from ..services.cases import active_units
from .forms import RuleForm

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if current_user.role is not Role.ADMIN:
        abort(404)
    return None


@bp.get("/")
def index():
    units = db.session.scalars(sa.select(Unit).order_by(Unit.code)).all()
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    return render_template("admin/index.html", units=units, users=users)


@bp.route("/routing", methods=["GET", "POST"])
@bp.route("/routing/<int:rule_id>", methods=["GET", "POST"])
def routing_rules(rule_id=None):
    """List the rules and add one (or edit one, with ``rule_id``)."""
    rule = db.session.get(routing.RoutingRule, rule_id) if rule_id else None
    if rule_id and rule is None:
        abort(404)
    form = RuleForm(obj=rule if request.method == "GET" else None)
    if rule is not None and request.method == "GET":
        form.kind.data = rule.kind.value if rule.kind else ""
    form.fill_choices(active_units())
    if request.method == "POST" and form.validate():
        try:
            routing.save_rule(form.to_input(), rule_id)
        except routing.RuleRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(_("Đã lưu quy tắc."), "success")
            return redirect(url_for("admin.routing_rules"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/routing.html", form=form, rules=routing.active_rules(), editing=rule), status


@bp.post("/routing/<int:rule_id>/delete")
def delete_routing_rule(rule_id):
    routing.deactivate_rule(rule_id)
    flash(_("Đã bỏ quy tắc."), "success")
    return redirect(url_for("admin.routing_rules"), code=303)
