"""Staff pages. Every route needs a signed-in user (checked once, in before_request)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import await_second_step, end_session, guard_staff_request, start_session
from ..clock import local_date, utcnow
from ..domain.access import Act
from ..domain.cases import CaseStatus, Channel
from ..domain.workflow import Action, check
from ..extensions import limiter
from ..i18n import label
from ..ids import parse_id
from ..redirects import safe_redirect_target
from ..services import (
    access,
    cases,
    dashboard,
    deadline_states,
    deadlines,
    duplicates,
    personal_data_requests,
    queues,
    routing,
    triage,
)
from ..services.attachments import AttachmentRefused, path_of
from ..services.intake import IntakeRefused, file_case
from ..services.publishing import PublicationRefused, publication_of, published_by_default
from ..services.second_factor import is_enrolled
from ..services.sign_in import AccountLocked, authenticate, end_sessions
from ..services.workflow import ActionRefused, StaleCase, refusal_message, take_action
from . import charts
from .forms import (
    ACTION_FIELDS,
    NEED_FIELDS,
    ActionForm,
    LoginForm,
    PeriodForm,
    QueueFilterForm,
    SplitForm,
)
from .identity import reveal_offer
from .intake_form import StaffIntakeForm

bp = Blueprint("staff", __name__)
OPEN_ENDPOINTS = {"staff.login", "staff.login_code"}


@bp.before_request
def require_sign_in():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    return guard_staff_request()


def _login_key():
    return f"{request.remote_addr}|{(request.form.get('username') or '').strip().lower()}"


@bp.app_context_processor
def staff_links():
    """Which signed-in pages the navigation offers (the services decide, templates only ask)."""
    if not getattr(current_user, "is_authenticated", False):  # also mail rendered outside a request
        return {}
    return {"may_see_dashboard": dashboard.scope_of(current_user) is not None,
            "may_see_data_requests": current_user.role in personal_data_requests.LIST_ROLES}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_login_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, now=utcnow(),
                                    address=request.remote_addr)
        except AccountLocked as locked:
            form.password.errors.append(_("Tài khoản tạm khóa do đăng nhập sai nhiều lần. "
                                          "Vui lòng thử lại sau %(minutes)d phút.", minutes=locked.minutes))
        else:
            if user is not None:
                target = safe_redirect_target(request.args.get("next"), under="/staff/")
                if is_enrolled(user):
                    await_second_step(user, target)
                    return redirect(url_for("staff.login_code"))
                start_session(user)
                return redirect(target or url_for("staff.home"))
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    status = 422 if request.method == "POST" else 200
    return render_template("staff/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out here and on every other device (the user's session generation moves on)."""
    end_sessions(current_user)
    end_session()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("staff.login"))


@bp.get("/")
def home():
    """The queues: a view, filters, search, sort, and keyset pages."""
    form = QueueFilterForm(request.args)
    form.fill_choices(cases.active_units())
    try:
        view = queues.View(request.args["view"])
    except (KeyError, ValueError):
        view = queues.default_view(current_user)
    if view not in queues.views_for(current_user):
        view = queues.default_view(current_user)
    filters = form.to_filters() if form.validate() else queues.Filters()
    page = queues.list_cases(current_user, view, filters, today=local_date(utcnow()),
                             cursor=request.args.get("after"))
    return render_template("staff/home.html", page=page, view=view, form=form, count_cap=queues.COUNT_CAP,
                           views=queues.views_for(current_user), args=request.args)


@bp.get("/dashboard", endpoint="dashboard")
def show_dashboard():
    """Bảng theo dõi thời hạn: every unit's deadlines for leadership and admins, a unit head's own unit."""
    scope = dashboard.scope_of(current_user)
    if scope is None:
        abort(404)
    today = local_date(utcnow())
    now = deadline_states.thresholds(today)
    form = PeriodForm(request.args, default=dashboard.default_period(today))
    date_from, date_to = form.period() if form.validate() else form.default
    tally = dashboard.tally_open_cases(now, scope)
    counts = tally.states
    by_unit, ages = dashboard.deadline_states_by_unit(counts, scope), dashboard.ageing(today, scope, tally)
    on_time = dashboard.on_time_by_unit(date_from, date_to, scope)
    return render_template("staff/dashboard.html", form=form, today=today, date_from=date_from, date_to=date_to,
                           scope=scope, by_unit=by_unit, unit_chart=charts.deadline_chart(by_unit),
                           by_kind=dashboard.deadline_states_by_kind(counts), ages=ages,
                           age_chart=charts.ageing_chart(ages), on_time=on_time,
                           on_time_chart=charts.on_time_chart(on_time), on_time_total=dashboard.total(on_time),
                           overdue=dashboard.longest_overdue(now, scope), percent=charts.percent)


@bp.get("/cases/<id:case_id>")
def case_detail(case_id):
    return _case_page(cases.get_case(current_user, case_id))


def _case_page(case, failed_action=None, failed_form=None, status=200, revealed=False, split_form=None,
               reveal_form=None):
    """The case with the actions the signed-in user may take now, each with its own form."""
    may = access.permissions(current_user, case)
    units, staff = cases.active_units(), cases.assignable_staff(current_user, case)
    suggestion = routing.suggested_unit(case) if case.status is CaseStatus.RECEIVED else None
    candidates = duplicates.find_candidates(current_user, case, revealed=revealed) \
        if case.status is CaseStatus.RECEIVED else duplicates.Candidates()
    forms, field_help = {}, {}
    for action in may.actions:
        form = failed_form if action is failed_action else ActionForm(
            formdata=None, prefix=f"{action.value}-", version=case.version)
        form.fill_choices(case.kind, units, staff, case.unit_id)
        if suggestion and action is not failed_action and action in (Action.ACCEPT, Action.ASSIGN):
            form.unit_id.data = suggestion[0].id  # triage confirms or changes it
        forms[action] = form
    if Action.RESOLVE in forms:
        if failed_action is not Action.RESOLVE:
            forms[Action.RESOLVE].publish.data = published_by_default(case.kind)
        field_help[Action.RESOLVE] = resolve_help(case.kind)
    if Action.EXTEND in forms:
        extension_room = deadlines.extension_room(case)
        forms[Action.EXTEND].days.render_kw = {"min": 1, "max": extension_room}
        field_help[Action.EXTEND] = {"days": _("Từ 1 đến %(days)s ngày; đã gia hạn %(used)s lần.",
                                               days=extension_room, used=len(case.extensions))}
    if split_form is None and case.status is CaseStatus.RECEIVED and may.may_split:
        split_form = SplitForm(formdata=None, version=case.version)
    if split_form is not None:
        split_form.fill_choices(units)
    # A refused action the user has no form for (e.g. the status changed) is explained at the top.
    page_errors = failed_form.version.errors if failed_form and failed_action not in forms else []
    links, hidden_links = cases.links_of(current_user, case)
    return render_template("staff/case.html", case=case, action_forms=forms, action_fields=ACTION_FIELDS,
                           field_help=field_help, failed_action=failed_action, page_errors=page_errors,
                           suggestion=suggestion, candidates=candidates, links=links, hidden_links=hidden_links,
                           split_form=split_form, deadlines=deadlines.explain(case, utcnow()), may=may, units=units,
                           protected=access.identity_is_protected(case) and not revealed,
                           reveal=reveal_offer(may.may_reveal, reveal_form),
                           publication=publication_of(case) if case.outcome else None,
                           may_approve_publication=access.may(current_user, case, Act.APPROVE_PUBLICATION),
                           pseudonym=cases.pseudonym(case, current_app.config["SECRET_KEY"])), status


@bp.post("/cases/<id:case_id>/links")
def link_case(case_id):
    """Link the case to an earlier one found at triage: as its duplicate (archived) or as related."""
    other_id = parse_id(request.form.get("other_id"))
    try:
        version = int(request.form["version"])
    except (KeyError, ValueError):
        abort(400)
    if other_id is None:
        abort(400)
    try:
        duplicates.link(current_user, case_id, other_id, request.form.get("relation", ""), version=version,
                        now=utcnow())
    except StaleCase:
        return _stale_case_page(case_id)
    except ActionRefused as refusal:
        flash(refusal.message, "error")
        return _case_page(cases.get_case(current_user, case_id), status=422)
    flash(_("Đã liên kết hồ sơ."), "success")
    return redirect(url_for("staff.case_detail", case_id=case_id), code=303)


@bp.post("/cases/<id:case_id>/split")
def split_case(case_id):
    """Split one issue of a mixed petition off into its own case (tách đơn)."""
    case = cases.get_case(current_user, case_id)
    form = SplitForm()
    form.fill_choices(cases.active_units())
    if not form.validate():
        return _case_page(case, status=422, split_form=form)
    try:
        child = triage.split_off(current_user, case_id, form.to_part(), version=int(form.version.data),
                                 now=utcnow())
    except StaleCase:
        return _stale_case_page(case_id)
    except ActionRefused as refusal:
        (form[refusal.field] if refusal.field else form.version).errors.append(refusal.message)
        return _case_page(case, status=422, split_form=form)
    flash(_("Đã tách thành hồ sơ %(code)s.", code=child.tracking_code), "success")
    return redirect(url_for("staff.case_detail", case_id=case_id), code=303)


@bp.post("/cases/<id:case_id>/coordination")
def coordinate(case_id):
    """Invite another unit to coordinate, or (from a coordinating unit) add its input."""
    try:
        if request.form.get("unit_id"):
            unit_id = parse_id(request.form["unit_id"])
            if unit_id is None:
                abort(400)
            triage.add_coordinating_unit(current_user, case_id, unit_id, now=utcnow())
            flash(_("Đã mời đơn vị phối hợp."), "success")
        else:
            triage.add_coordination_input(current_user, case_id, (request.form.get("note") or "").strip(),
                                          now=utcnow())
            flash(_("Đã ghi ý kiến phối hợp."), "success")
    except ValueError:
        abort(400)
    except ActionRefused as refusal:
        flash(refusal.message, "error")
        return _case_page(cases.get_case(current_user, case_id), status=422)
    return redirect(url_for("staff.case_detail", case_id=case_id), code=303)


def _stale_case_page(case_id):
    """Someone saved the case first: show it as it is now, and say so (409)."""
    flash(_("Hồ sơ vừa được người khác thay đổi. Trang đã được tải lại với thông tin mới nhất; "
            "vui lòng kiểm tra rồi thực hiện lại."), "error")
    return _case_page(cases.get_case(current_user, case_id), status=409)


@bp.post("/cases/<id:case_id>/actions/<action>")
def case_action(case_id, action):
    """Take one workflow action; a refusal or a stale form is shown on the case page, input kept."""
    try:
        action = Action(action)
    except ValueError:
        abort(404)
    case = cases.get_case(current_user, case_id)
    form = ActionForm(prefix=f"{action.value}-")  # each action's fields have their own ids on the page
    form.fill_choices(case.kind, cases.active_units(), cases.assignable_staff(current_user, case), case.unit_id)
    available = check(action, case.status, current_user.role, case.kind)
    if not available:
        form.version.errors = [refusal_message(available)]
        return _case_page(case, action, form, 422)
    if not access.may(current_user, case, action):
        form.version.errors = [_("Chỉ đơn vị chủ trì giải quyết và lãnh đạo Sở được thực hiện thao tác này.")]
        return _case_page(case, action, form, 403)
    if not form.validate():
        return _case_page(case, action, form, 422)
    try:
        take_action(case.id, action, current_user, version=int(form.version.data), now=utcnow(),
                    given=form.to_input())
    except StaleCase:
        return _stale_case_page(case_id)
    except (ActionRefused, PublicationRefused) as refusal:
        missing = refusal.decision.missing if refusal.decision is not None else ()
        for need in missing:
            field = NEED_FIELDS.get(need)
            if field:
                form[field].errors.append(_("Vui lòng điền mục này."))
        target = form[refusal.field] if refusal.field else form.version
        target.errors.append(refusal.message)
        if getattr(refusal, "preview", None):
            target.errors.append(_("Sau khi ẩn: %(text)s", text=refusal.preview))
        return _case_page(case, action, form, 422)
    flash(_("Đã thực hiện: %(action)s.", action=label(action)), "success")
    return redirect(url_for("staff.case_detail", case_id=case_id), code=303)


def resolve_help(kind) -> dict:
    """The formatting syntax beside the answer fields, and the publication rule of the kind."""
    syntax = _("Định dạng: dòng trống tách đoạn; “- ” đầu dòng cho danh sách, “1. ” cho danh sách đánh số; "
               "**chữ đậm**; [tên liên kết](https://…).")
    publish = _("Mặc định công khai với kiến nghị, phản ánh, yêu cầu cung cấp thông tin. Kết quả khiếu nại, "
                "tố cáo chỉ công khai khi lãnh đạo Sở phê duyệt.")
    return {"answer": syntax, "public_summary": syntax + " " + _("Không ghi họ tên, số CCCD, điện thoại, thư "
                                                                 "điện tử, địa chỉ."), "publish": publish}


@bp.get("/cases/<id:case_id>/attachments/<id:attachment_id>")
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


# Where the officer came from: the desk (in person) or the post tray; the channel follows.
INTAKE_ENTRY_CHANNELS = {"tai-quay": Channel.IN_PERSON, "buu-chinh": Channel.POST}


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    """Register a case received at the desk, by post, e-mail, phone, or from another agency."""
    form = StaffIntakeForm()
    if request.method == "GET":
        form.issue_submission_token()
        form.channel.data = INTAKE_ENTRY_CHANNELS.get(request.args.get("nguon"), Channel.IN_PERSON).value
        return render_template("staff/new_case.html", form=form, desk=True)
    had_files = any(f.filename for f in request.files.getlist(form.attachments.name))
    if form.validate():
        try:
            filed = file_case(form.to_request(), form.uploads(), now=utcnow(), actor=current_user)
        except (IntakeRefused, AttachmentRefused) as refusal:
            form.show_refusal(refusal)
        else:
            flash(_("Đã ghi nhận đơn, mã tra cứu %(code)s.", code=filed.tracking_code), "success")
            return redirect(url_for("staff.case_detail", case_id=filed.case_id), code=303)
    return render_template("staff/new_case.html", form=form, desk=True, had_files=had_files), 422
