"""Admin pages. Only admins reach them (checked once, in before_request)."""
import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..auth import guard_staff_request
from ..clock import local_date, utcnow
from ..domain.cases import CaseKind, Role
from ..extensions import db
from ..models import OutboxStatus, Unit, User
from ..services import calendar_changes, outbox, policies, routing
from ..services import working_calendar as calendar_service
from ..services.audit import admin_events
from ..services.cases import active_units
from .forms import OverrideForm, PolicyForm, RuleForm

bp = Blueprint("admin", __name__)


@bp.before_request
def require_admin():
    refused = guard_staff_request()
    if refused is not None:
        return refused
    if current_user.role is not Role.ADMIN:
        abort(404)
    return None


@bp.get("/")
def index():
    units = db.session.scalars(sa.select(Unit).order_by(Unit.code)).all()
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    return render_template("admin/index.html", units=units, users=users, events=admin_events(),
                           outbox_counts=outbox.counts(), outbox_failed=OutboxStatus.FAILED,
                           outbox_pending=OutboxStatus.PENDING)


@bp.get("/policies")
def sla_policies():
    rows = policies.current_policies()
    db.session.commit()  # keep the versions seeded on first sight
    return render_template("admin/policies.html", policies=rows)


@bp.route("/policies/<kind>", methods=["GET", "POST"])
def sla_policy(kind):
    try:
        kind = CaseKind(kind)
    except ValueError:
        abort(404)
    current = policies.current_policy(kind)
    form = PolicyForm()
    if request.method == "GET":
        form.fill(policies.PolicyInput.of(current), current.version)
    elif form.validate():
        try:
            saved = policies.change_policy(kind, form.to_input(), based_on=form.based_on_version(),
                                           actor=current_user, now=utcnow(), note=form.note.data)
        except policies.PolicyRefused as refusal:
            (form[refusal.field].errors if refusal.field else form.based_on.errors).append(refusal.message)
        else:
            if saved is None:
                flash(_("Không có gì thay đổi."), "info")
            else:
                flash(_("Đã lưu phiên bản %(v)s; áp dụng cho đơn tiếp nhận từ bây giờ.", v=saved.version),
                      "success")
            return redirect(url_for("admin.sla_policies"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/policy.html", form=form, kind=kind, current=current,
                           history=policies.history(kind)), status


@bp.route("/routing", methods=["GET", "POST"])
@bp.route("/routing/<id:rule_id>", methods=["GET", "POST"])
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
            routing.save_rule(form.to_input(), rule_id, actor=current_user, now=utcnow())
        except routing.RuleRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(_("Đã lưu quy tắc."), "success")
            return redirect(url_for("admin.routing_rules"), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/routing.html", form=form, rules=routing.active_rules(), editing=rule), status


@bp.post("/routing/<id:rule_id>/delete")
def delete_routing_rule(rule_id):
    routing.deactivate_rule(rule_id, actor=current_user, now=utcnow())
    flash(_("Đã bỏ quy tắc."), "success")
    return redirect(url_for("admin.routing_rules"), code=303)


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    """A year's days off and worked weekend days; add an override (recomputes open cases)."""
    this_year = local_date(utcnow()).year
    year = request.args.get("nam", type=int) or this_year
    if not this_year - 5 <= year <= this_year + 5:
        abort(404)
    form = OverrideForm()
    if request.method == "POST" and form.validate():
        try:
            result = calendar_changes.add_override(form.day.data, form.is_working.data == "working",
                                                   form.reason.data, actor=current_user, now=utcnow())
        except calendar_changes.OverrideRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            flash(ngettext("Đã lưu điều chỉnh ngày %(day)s; %(num)s hồ sơ đang mở đổi thời hạn.",
                           "Đã lưu điều chỉnh ngày %(day)s; %(num)s hồ sơ đang mở đổi thời hạn.",
                           result.changed, day=form.day.data.strftime("%d/%m/%Y")), "success")
            return redirect(url_for("admin.calendar", nam=form.day.data.year), code=303)
    off, worked = calendar_service.year_days(year)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/calendar.html", form=form, year=year, off=off, worked=worked,
                           this_year=this_year), status


@bp.post("/calendar/<id:override_id>/remove")
def remove_calendar_override(override_id):
    try:
        result = calendar_changes.remove_override(override_id, actor=current_user, now=utcnow())
    except calendar_changes.OverrideRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(ngettext("Đã bỏ điều chỉnh; %(num)s hồ sơ đang mở đổi thời hạn.",
                       "Đã bỏ điều chỉnh; %(num)s hồ sơ đang mở đổi thời hạn.", result.changed), "success")
    return redirect(url_for("admin.calendar", nam=request.form.get("nam", type=int)), code=303)
