"""The staff JSON API under /api/v1/ (issue 13): the queues, one case, staff intake and workflow
actions, for a member of staff holding a bearer token. The same services, forms and authorization
table as the web pages: a token acts as its user, sees what they see (404 otherwise), and may do
what they may. Requests are validated by the models of schemas.py, which are also the document at
/api/v1/openapi.json."""
from datetime import timezone

from flask import Blueprint, g, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from ..clock import LOCAL_TZ, local_date, utcnow
from ..domain.cases import Channel
from ..domain.workflow import Action, check
from ..extensions import csrf
from ..services import access, api_tokens, cases, queues
from ..services.intake import IntakeRefused, file_case
from ..services.publishing import PublicationRefused
from ..services.workflow import ActionRefused, StaleCase, refusal_message, take_action
from ..staff.forms import NEED_FIELDS, ActionForm
from ..staff.intake_form import StaffIntakeForm
from . import openapi, representation, schemas
from .problems import ApiProblem, respond

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # a bearer token, never a cookie, authenticates here: nothing for a forged request to borrow
OPEN_ENDPOINTS = {"api_v1.openapi_json", "api_v1.docs"}


@bp.before_request
def authenticate():
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    user = api_tokens.authenticate(token.strip(), now=utcnow()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ApiProblem(401, _("Gửi mã truy cập còn hiệu lực trong tiêu đề Authorization: Bearer."),
                         slug="unauthorized")
    g.api_user = user
    return None


@bp.errorhandler(ApiProblem)
def problem(error: ApiProblem):
    return respond(error)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Also answers for routing errors under /api/ (errors.py sends them here)."""
    return respond(ApiProblem(error.code or 500))


@openapi.route(bp, "/cases", "GET", summary="A page of a queue", ok=(200, schemas.CasePage),
               problems=(422,), query=schemas.CaseQuery)
def list_cases(query: schemas.CaseQuery):
    user = g.api_user
    view = queues.View(query.view) if query.view else queues.default_view(user)
    if view not in queues.views_for(user):
        raise ApiProblem(422, errors=[("view", _("Vai trò của bạn không có danh sách này."))], slug="validation")
    filters = queues.Filters(kind=query.kind, category=query.category.value if query.category else None,
                             unit_id=query.unit_id, status=query.status, channel=query.channel,
                             received_from=query.received_from, received_to=query.received_to,
                             text=(query.q or "").strip() or None, sort=query.sort)
    page = queues.list_cases(user, view, filters, today=local_date(utcnow()), cursor=query.cursor,
                             page_size=query.limit)
    body = schemas.CasePage(cases=[schemas.CaseSummary(**representation.summary(c, page.states.get(c.id)))
                                   for c in page.cases],
                            next_cursor=page.next_cursor, counts={v.value: n for v, n in page.counts.items()})
    return jsonify(body.model_dump(mode="json"))


@openapi.route(bp, "/cases/<id:case_id>", "GET", summary="One case, its deadlines, timeline, links and files",
               ok=(200, schemas.CaseDetail), problems=(404,))
def get_case(case_id: int):
    case = cases.get_case(g.api_user, case_id)
    return jsonify(representation.detail(g.api_user, case, utcnow()).model_dump(mode="json"))


@openapi.route(bp, "/cases", "POST", summary="Register a case received through another channel",
               ok=(201, schemas.Filed), problems=(400, 415, 422), body=schemas.NewCase)
def create_case(body: schemas.NewCase):
    form = StaffIntakeForm(formdata=_intake_data(body), meta={"csrf": False})
    if not form.validate():
        raise ApiProblem(422, _("Có mục chưa hợp lệ; xem từng mục."), _form_errors(form), slug="validation")
    try:
        filed = file_case(form.to_request(), [], now=utcnow(), actor=g.api_user, source={"via": "api"})
    except IntakeRefused as refusal:
        errors = [(r.field or "body", r.message) for r in (refusal, *refusal.others)]
        raise ApiProblem(422, refusal.message, errors, slug="refused") from None
    response = jsonify(schemas.Filed(id=filed.case_id, tracking_code=filed.tracking_code).model_dump(mode="json"))
    response.status_code = 201
    response.headers["Location"] = url_for("api_v1.get_case", case_id=filed.case_id)
    return response


def _intake_data(body: schemas.NewCase) -> MultiDict:
    """The request as the staff registration form's fields."""
    data = MultiDict()
    for name, value in body.model_dump(exclude_none=True).items():
        if name == "received_at":
            moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
            data[name] = moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, bool):
            if value:
                data[name] = "y"
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "value", value))
    if body.channel is Channel.ONLINE:
        data["channel"] = "online"  # the form refuses it, with its own message
    return data


@openapi.route(bp, "/cases/<id:case_id>/actions/<action>", "POST", summary="Take a workflow action",
               ok=(200, schemas.CaseDetail), problems=(400, 403, 404, 409, 415, 422), body=schemas.ActionBody)
def take(case_id: int, action: str, body: schemas.ActionBody):
    """The case page's rules, in its order: may see (404), action available now (422), relation (403),
    the form, then the service (version: 409; refusals: 422)."""
    user = g.api_user
    try:
        chosen = Action(action)
    except ValueError:
        raise ApiProblem(404) from None
    case = cases.get_case(user, case_id)
    form = ActionForm(formdata=_action_data(chosen, body), prefix=f"{chosen.value}-", meta={"csrf": False})
    form.fill_choices(case.kind, cases.active_units(), cases.assignable_staff(user, case), case.unit_id)
    available = check(chosen, case.status, user.role, case.kind)
    if not available:
        raise ApiProblem(422, refusal_message(available), slug="not-available")
    if not access.may(user, case, chosen):
        raise ApiProblem(403, _("Chỉ đơn vị chủ trì giải quyết và lãnh đạo Sở được thực hiện thao tác này."))
    if not form.validate():
        raise ApiProblem(422, _("Có mục chưa hợp lệ; xem từng mục."), _form_errors(form), slug="validation")
    try:
        take_action(case.id, chosen, user, version=body.version, now=utcnow(), given=form.to_input())
    except StaleCase:
        raise ApiProblem(409, _("Hồ sơ vừa được người khác cập nhật: đọc lại hồ sơ và thử lại với phiên bản mới."),
                         slug="stale") from None
    except (ActionRefused, PublicationRefused) as refusal:
        missing = refusal.decision.missing if getattr(refusal, "decision", None) is not None else ()
        errors = [(NEED_FIELDS[n], _("Vui lòng điền mục này.")) for n in missing if n in NEED_FIELDS]
        if refusal.field:
            errors.append((refusal.field, refusal.message))
        raise ApiProblem(422, refusal.message, errors, slug="refused") from None
    return jsonify(representation.detail(user, cases.get_case(user, case_id), utcnow()).model_dump(mode="json"))


def _action_data(action: Action, body: schemas.ActionBody) -> MultiDict:
    data = MultiDict()
    for name, value in body.model_dump(exclude_none=True).items():
        if name in ("publish", "mask_personal_data"):
            value = "y" if value else None
        elif isinstance(value, bool):
            value = "1" if value else "0"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        else:
            value = str(getattr(value, "value", value))
        if value is not None:
            data[f"{action.value}-{name}"] = value
    return data


def _form_errors(form) -> list[tuple[str, str]]:
    return [(field.short_name, str(message)) for field in form for message in field.errors]


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi.document(url_for("api_v1.openapi_json", _external=True).rsplit("/", 1)[0]))


@bp.get("/docs")
def docs():
    """A readable page of the operations (no scripts, nothing from elsewhere)."""
    return render_template("api/docs.html", doc=openapi.document(request.url_root.rstrip("/") + "/api/v1"))
