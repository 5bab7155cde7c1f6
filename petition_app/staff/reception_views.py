"""The reception desk's pages (/staff/tiep-cong-dan/): the log book, a visit, the desk form."""
import secrets

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..clock import LOCAL_TZ, local_date, utcnow
from ..domain.reception import MAX_REPRESENTATIVES, VisitAct, may_edit_on
from ..i18n import format_datetime, label
from ..services import access, reception, reception_log, reception_schedule
from ..services.intake import IntakeRefused
from ..services.reception import (
    VisitRefused,
    attach_case,
    correct_visit,
    edit_visit,
    get_visit,
    record_visit,
    register_case,
)
from .reception_forms import AttachCaseForm, CorrectionForm, LogFilterForm, RegisterCaseForm, VisitForm
from .views import bp

PREFIX = "/tiep-cong-dan"


@bp.app_context_processor
def desk_links():
    """What the staff menu may offer (the rule is the visit table's, not the template's)."""
    return {"may_read_reception_log": lambda: current_user.is_authenticated and access.may_read_log(current_user)}


def _require_desk():
    if not access.may_use_desk(current_user):
        abort(404)


def _visit_form(form: VisitForm, *, linked=False) -> VisitForm:
    form.fill_choices(reception_schedule.desk_officers(), reception_schedule.sessions_near(utcnow()), linked=linked)
    return form


@bp.get(f"{PREFIX}/", endpoint="reception_log")
def show_reception_log():
    """Sổ tiếp công dân: the filtered log book, with print, XLSX and CSV of the same filter."""
    if not access.may_read_log(current_user):
        abort(404)
    form = LogFilterForm(request.args)
    form.fill_choices(reception_schedule.desk_officers())
    filters = form.to_filters() if form.validate() else reception_log.LogFilters()
    page = request.args.get("trang", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100000 else 1
    rows, total = reception_log.log_page(current_user, filters, page)
    args = {k: v for k, v in request.args.items() if k != "trang"}
    return render_template("staff/reception/log.html", form=form, rows=rows, total=total, page=page,
                           pages=max(1, -(-total // reception_log.PAGE_SIZE)), args=args,
                           offset=(page - 1) * reception_log.PAGE_SIZE, may_record=access.may_use_desk(current_user))


@bp.route(f"{PREFIX}/moi", methods=["GET", "POST"])
def new_visit():
    """The desk form: fast from the keyboard; defaults now, the officer, the reception room."""
    _require_desk()
    form = _visit_form(VisitForm())
    status = 200
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        form.visited_at.data = utcnow().astimezone(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)
        form.officer_id.data = current_user.id
        form.place.data, form.reception_kind.data, form.outcome.data = "reception_room", "routine", "guided"
    elif form.validate():
        try:
            visit = record_visit(current_user, form.to_data(), now=utcnow(), case_data=form.to_case_data(),
                                 case_code=form.case_code.data, submission_token=form.submission_token.data or None)
        except (VisitRefused, IntakeRefused) as refusal:
            _show_refusal(form, refusal)
            status = 422
        else:
            flash(_("Đã ghi sổ lượt tiếp công dân."), "success")
            return redirect(url_for("staff.visit_detail", visit_id=visit.id), code=303)
    else:
        status = 422
    return _desk_page(form, status)


def _desk_page(form, status, visit=None):
    earlier = None
    if request.method == "POST":
        earlier = reception_log.earlier(current_user, citizen_id=form.citizen_id_0.data or "",
                                        phone=form.phone_0.data or "", name=form.name_0.data or "",
                                        exclude_visit=visit.id if visit else None)
    return render_template("staff/reception/visit_form.html", form=form, visit=visit, earlier=earlier,
                           reps=range(1, MAX_REPRESENTATIVES)), status


def _show_refusal(form, refusal):
    target = refusal.field if refusal.field in form else None
    if refusal.field == "received_at":
        target = "visited_at"
    elif refusal.field in ("anonymous", "learned_on"):
        target = "kind"
    (form[target] if target else form.version).errors.append(refusal.message)


@bp.get(f"{PREFIX}/<int:visit_id>")
def visit_detail(visit_id):
    return _visit_page(get_visit(current_user, visit_id))


def _visit_page(visit, status=200, register_form=None, attach_form=None, correction_form=None):
    may_link = access.may_visit(current_user, visit, VisitAct.LINK_CASE) and visit.case_id is None \
        and visit.outcome.value != "refused"
    register_form = register_form or RegisterCaseForm(formdata=None)
    register_form.fill_choices()
    may_edit = reception.may_edit(current_user, visit) and may_edit_on(
        local_date(visit.created_at), local_date(utcnow()))
    return render_template(
        "staff/reception/visit.html", visit=visit, may_see=access.may_see_visitor(current_user, visit),
        pseudonym=reception_log.pseudonym(_visitor_key(visit)), may_link=may_link, may_edit=may_edit,
        may_correct=access.may_visit(current_user, visit, VisitAct.CORRECT),
        register_form=register_form, attach_form=attach_form or AttachCaseForm(formdata=None),
        correction_form=correction_form or CorrectionForm(formdata=None)), status


def _visitor_key(visit) -> str:
    first = visit.first_visitor
    return (first.citizen_id or first.full_name) if first else str(visit.id)


@bp.route(f"{PREFIX}/<int:visit_id>/sua", methods=["GET", "POST"])
def edit_visit_page(visit_id):
    """Edit on the day the visit was recorded; afterwards the page offers a correction instead."""
    visit = get_visit(current_user, visit_id)
    if not reception.may_edit(current_user, visit):
        abort(404)
    if request.method == "GET":
        form = _visit_form(VisitForm(formdata=None, obj=visit), linked=visit.case_id is not None)
        _fill_from(form, visit)
        return _desk_page(form, 200, visit)
    form = _visit_form(VisitForm(), linked=visit.case_id is not None)
    if form.validate():
        try:
            version = int(form.version.data) if (form.version.data or "").isdigit() else 0
            edit_visit(current_user, visit_id, form.to_data(), version=version, now=utcnow())
        except VisitRefused as refusal:
            _show_refusal(form, refusal)
        else:
            flash(_("Đã lưu thay đổi của lượt tiếp."), "success")
            return redirect(url_for("staff.visit_detail", visit_id=visit_id), code=303)
    return _desk_page(form, 422, visit)


def _fill_from(form, visit):
    form.version.data = str(visit.version)
    form.visited_at.data = visit.visited_at.astimezone(LOCAL_TZ).replace(tzinfo=None)
    form.outcome.data = visit.outcome.value
    form.place.data = visit.place.value
    form.reception_kind.data = visit.reception_kind.value
    form.online_means.data = visit.online_means.value if visit.online_means else ""
    form.refusal_ground.data = visit.refusal_ground.value if visit.refusal_ground else ""
    form.kind.data = visit.kind.value if visit.kind else ""
    form.documents.data = "\n".join(visit.documents)
    for v in visit.visitors:
        for name in ("full_name", "citizen_id", "address", "phone"):
            form[f"{'name' if name == 'full_name' else name}_{v.position}"].data = getattr(v, name)


def _visit_step(visit_id, form, field, act, done, page_form, refusals=(VisitRefused,)):
    """One step on a visit's page: check the form, call the service, show a refusal next to
    ``field`` (422, input kept) or go back to the visit (303)."""
    visit = get_visit(current_user, visit_id)
    if form.validate():
        try:
            act()
        except refusals as refusal:
            form[field].errors.append(refusal.message)
        else:
            flash(done, "success")
            return redirect(url_for("staff.visit_detail", visit_id=visit_id), code=303)
    return _visit_page(visit, 422, **{page_form: form})


@bp.post(f"{PREFIX}/<int:visit_id>/dang-ky-ho-so")
def register_visit_case(visit_id):
    form = RegisterCaseForm()
    form.fill_choices()
    return _visit_step(visit_id, form, "kind",
                       lambda: register_case(current_user, visit_id, form.to_case_data(), now=utcnow()),
                       _("Đã đăng ký hồ sơ từ lượt tiếp."), "register_form", (VisitRefused, IntakeRefused))


@bp.post(f"{PREFIX}/<int:visit_id>/gan-ho-so")
def attach_visit_case(visit_id):
    form = AttachCaseForm()
    return _visit_step(visit_id, form, "case_code",
                       lambda: attach_case(current_user, visit_id, form.case_code.data, now=utcnow()),
                       _("Đã gắn lượt tiếp vào hồ sơ."), "attach_form")


@bp.post(f"{PREFIX}/<int:visit_id>/dinh-chinh")
def correct_visit_page(visit_id):
    form = CorrectionForm()
    return _visit_step(visit_id, form, "note",
                       lambda: correct_visit(current_user, visit_id, form.note.data, now=utcnow()),
                       _("Đã ghi đính chính."), "correction_form")


@bp.get(f"{PREFIX}/nguoi-da-den")
def earlier_visits():
    """JSON for the desk's live hint: earlier visits and open cases of the person being typed."""
    _require_desk()
    found = reception_log.earlier(current_user, citizen_id=request.args.get("cccd", "")[:20],
                                  phone=request.args.get("phone", "")[:20], name=request.args.get("name", "")[:200])
    return jsonify(
        visits=[{"url": url_for("staff.visit_detail", visit_id=v["id"]), "when": format_datetime(v["visited_at"]),
                 "name": v["name"], "content": v["content"], "outcome": label(v["outcome"]),
                 "tracking_code": v["tracking_code"]} for v in found.visits],
        cases=[{"tracking_code": c["tracking_code"], "kind": label(c["kind"]), "status": label(c["status"]),
                "received": format_datetime(c["received_at"])} for c in found.cases],
        protected=found.protected,
        protected_message=ngettext(
            "Có %(num)s kết quả trùng với người được bảo vệ danh tính; không hiển thị chi tiết.",
            "Có %(num)s kết quả trùng với người được bảo vệ danh tính; không hiển thị chi tiết.",
            found.protected) if found.protected else "")
