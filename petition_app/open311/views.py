"""Open311 GeoReport v2 under /open311/v2/: the services, filing a request, and its status.

Filing goes through the public intake form's validation and the intake service, so every rule
of the web form holds (consent, who may be anonymous, the filing windows, lengths, shapes).
Responses are built from the public status fields only: no name, ID, phone, e-mail or address
of a petitioner is ever returned. JSON and XML both, with the specification's error arrays.
"""
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from ..clock import utcnow
from ..domain.cases import CaseKind
from ..domain.tracking import normalize_tracking_code
from ..extensions import csrf, limiter
from ..i18n import label
from ..public.forms import IntakeForm
from ..services import api_partners, public_requests
from ..services.intake import IntakeRefused, file_case
from . import schema

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
csrf.exempt(bp)  # no cookie authenticates anything here: there is nothing for a forged request to borrow

FORMATS = {"json": "application/json", "xml": "text/xml"}
MAX_IDS = 50
CHANGESET = "2026-11-30T00:00:00+07:00"  # when this interface last changed


class Open311Error(Exception):
    def __init__(self, status: int, errors: list[tuple[str, str]] | str):
        self.status = status
        self.errors = [("", errors)] if isinstance(errors, str) else errors


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, _("Định dạng không hỗ trợ: dùng .json hoặc .xml."))
    return fmt


def _respond(fmt: str, root: str, item: str, rows: list[dict], status: int = 200) -> Response:
    response = jsonify(rows) if fmt == "json" else Response(_xml(root, item, rows), mimetype=FORMATS["xml"])
    response.status_code = status
    return response


def _xml(root: str, item: str | None, rows) -> bytes:
    top = ElementTree.Element(root)

    def fill(parent, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(inner, list):  # attributes → <attributes><attribute>…, values → <values><value>…
                    holder = ElementTree.SubElement(parent, key)
                    for element in inner:
                        fill(ElementTree.SubElement(holder, key[:-1]), element)
                else:
                    fill(ElementTree.SubElement(parent, key), inner)
        elif value is not None:
            parent.text = str(value).lower() if isinstance(value, bool) else str(value)

    if item is None:
        fill(top, rows)
    else:
        for row in rows:
            fill(ElementTree.SubElement(top, item), row)
    return ElementTree.tostring(top, encoding="utf-8", xml_declaration=True)


@bp.errorhandler(Open311Error)
def open311_error(error: Open311Error):
    fmt = "xml" if request.path.endswith(".xml") else "json"
    rows = [{"code": error.status, "description": f"{param}: {text}" if param else text}
            for param, text in error.errors]
    return _respond(fmt, "errors", "error", rows, error.status)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Also answers for routing errors under /open311/ (errors.py sends them here)."""
    messages = {429: _("Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau."),
                405: _("Phương thức không được hỗ trợ."), 404: _("Không tìm thấy."),
                413: _("Dữ liệu gửi lên quá lớn.")}
    return open311_error(Open311Error(error.code or 500, str(messages.get(error.code, _("Yêu cầu không hợp lệ.")))))


@bp.get("/discovery.<fmt>")
def discovery(fmt):
    fmt = _format(fmt)
    body = {
        "changeset": CHANGESET,
        "contact": current_app.config.get("OPEN311_CONTACT", ""),
        "key_service": _("Khoá API cho hệ thống đối tác: liên hệ quản trị viên của Sở (không bắt buộc; "
                         "khoá bỏ giới hạn số yêu cầu và ghi tên đối tác vào hồ sơ)."),
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "changeset": CHANGESET,
                       "url": url_for("open311.services", fmt="json", _external=True).rsplit("/", 1)[0],
                       "type": "production", "formats": list(FORMATS.values())}],
    }
    if fmt == "json":
        return jsonify(body)
    return Response(_xml("discovery", None, body), mimetype=FORMATS["xml"])


@bp.get("/services.<fmt>")
def services(fmt):
    fmt = _format(fmt)
    rows = [{"service_code": kind.value, "service_name": label(kind), "description": str(schema.DESCRIPTIONS[kind]),
             "metadata": True, "type": "batch", "keywords": schema.KEYWORDS[kind], "group": str(schema.GROUPS[kind])}
            for kind in CaseKind]
    return _respond(fmt, "services", "service", rows)


@bp.get("/services/<code>.<fmt>")
def service_definition(code, fmt):
    fmt = _format(fmt)
    kind = _kind(code)
    attributes = [{
        "variable": True, "code": a.code, "datatype": a.datatype, "required": kind in a.required_for,
        "datatype_description": "YYYY-MM-DD" if a.datatype == "datetime" else "",
        "order": order, "description": str(a.description),
        "values": [{"key": key, "name": str(name)} for key, name in a.values],
    } for order, a in enumerate(schema.attributes(kind), start=1)]
    body = {"service_code": kind.value, "attributes": attributes}
    if fmt == "json":
        return jsonify(body)
    return Response(_xml("service_definition", None, body), mimetype=FORMATS["xml"])


def _kind(code: str | None) -> CaseKind:
    try:
        return CaseKind(code or "")
    except ValueError:
        raise Open311Error(404 if request.method == "GET" else 400,
                           [("service_code", _("Không có dịch vụ này."))]) from None


def _partner():
    """The partner whose api_key came with the request (once per request), or None without a key;
    a key that is not an active one is refused."""
    if "open311_partner" not in g:
        key = request.form.get("api_key") or request.args.get("api_key")
        g.open311_partner = api_partners.authenticate(key, now=utcnow())
        if key and g.open311_partner is None:
            raise Open311Error(403, [("api_key", _("Khoá API không hợp lệ hoặc đã bị thu hồi."))])
    return g.open311_partner


@bp.post("/requests.<fmt>")
@limiter.limit(lambda: current_app.config["INTAKE_RATE_LIMIT"], exempt_when=lambda: _partner() is not None)
def create_request(fmt):
    """File a request. A partner's key lifts the public rate limit and is recorded on the case."""
    fmt = _format(fmt)
    params = request.form
    partner = _partner()
    kind = _kind(params.get("service_code"))
    form = IntakeForm(formdata=_form_data(kind, params), meta={"csrf": False})
    if not form.validate():
        raise Open311Error(400, _errors(form))
    try:
        filed = file_case(form.to_request(), [], now=utcnow(), source={
            "via": "open311", **({"partner": partner.name, "partner_id": partner.id} if partner else {})})
    except IntakeRefused as refusal:
        form.show_refusal(refusal)
        raise Open311Error(400, _errors(form)) from None
    view = public_requests.by_codes([filed.tracking_code])[0]
    return _respond(fmt, "service_requests", "request", [
        {"service_request_id": filed.tracking_code, "service_notice": view.service_notice, "account_id": None}])


def _form_data(kind: CaseKind, params) -> MultiDict:
    """The GeoReport parameters as the intake form's fields."""
    data = MultiDict({"kind": kind.value, "petitioner_type": "individual"})
    for param, field in schema.STANDARD_FIELDS.items():
        if params.get(param):
            data[field] = params[param]
    name = " ".join(part.strip() for part in (params.get("last_name", ""), params.get("first_name", ""))
                    if part.strip())  # Vietnamese order: family name first
    if name:
        data["full_name"] = name
    media_url = (params.get("media_url") or "").strip()
    if media_url:
        if not media_url.startswith(("https://", "http://")) or len(media_url) > 500:
            raise Open311Error(400, [("media_url", _("Địa chỉ tài liệu phải là một liên kết http(s), "
                                                     "tối đa 500 ký tự."))])
        # Never fetched (the server does not download what a client points at): kept as a reference.
        data["content"] = f"{data.get('content', '')}\n\n{_('Tài liệu trực tuyến do người gửi dẫn')}: {media_url}"
    for attribute in schema.attributes(kind):
        value = (params.get(f"attribute[{attribute.code}]") or "").strip()
        if not value:
            continue
        if attribute.values == schema.YES_NO:
            if value.lower() in ("true", "1", "yes", "y", "co", "có"):
                data[attribute.field] = "y"
            continue
        if attribute.datatype == "datetime":
            value = value[:10]  # a w3 datetime's date; the form checks the shape
        data[attribute.field] = value
    first_line = next(iter((data.get("content") or "").strip().splitlines()), "")
    if "subject" not in data and first_line:
        data["subject"] = first_line[:300]
    return data


def _errors(form: IntakeForm) -> list[tuple[str, str]]:
    """Each field's errors, named by the parameter a client sent."""
    names = {field: param for param, field in schema.STANDARD_FIELDS.items()}
    names.update({"full_name": "first_name", "kind": "service_code"})
    for attribute in schema.attributes(CaseKind(form.kind.data)):
        names.setdefault(attribute.field, f"attribute[{attribute.code}]")
    errors = []
    for field in form:
        for message in field.errors:
            errors.append((names.get(field.name, field.name), str(message)))
    return errors


@bp.get("/requests.<fmt>")
def list_requests(fmt):
    fmt = _format(fmt)
    args = request.args
    if args.get("service_request_id"):
        codes = [normalize_tracking_code(c) for c in args["service_request_id"].split(",") if c.strip()][:MAX_IDS]
        views = public_requests.by_codes([c for c in codes if c])
    else:
        kinds = [_kind(code) for code in args.get("service_code", "").split(",") if code.strip()]
        start, end = _range(args.get("start_date"), args.get("end_date"))
        statuses = [s.strip() for s in args.get("status", "").split(",") if s.strip()]
        if any(s not in ("open", "closed") for s in statuses):
            raise Open311Error(400, [("status", _("Trạng thái chỉ có thể là open hoặc closed."))])
        views = public_requests.search(kinds, start, end, set(statuses))
    return _respond(fmt, "service_requests", "request", [v.as_open311() for v in views])


@bp.get("/requests/<code>.<fmt>")
def get_request(code, fmt):
    fmt = _format(fmt)
    normalized = normalize_tracking_code(code)
    views = public_requests.by_codes([normalized]) if normalized else []
    if not views:
        raise Open311Error(404, [("service_request_id", _("Không tìm thấy yêu cầu có mã này."))])
    return _respond(fmt, "service_requests", "request", [views[0].as_open311()])


def _range(start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """The specification's window: at most 90 days, the most recent 90 when not given."""
    def parse(value, param):
        try:
            # "+07:00" unencoded in a query string arrives as " 07:00"
            moment = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
        except ValueError:
            raise Open311Error(400, [(param, _("Thời điểm phải theo dạng W3C, ví dụ 2026-11-01T00:00:00+07:00."))]) \
                from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

    end_at = parse(end, "end_date") if end else utcnow()
    start_at = parse(start, "start_date") if start else end_at - timedelta(days=90)
    if start_at > end_at:
        raise Open311Error(400, [("start_date", _("start_date phải trước end_date."))])
    if end_at - start_at > timedelta(days=90):
        raise Open311Error(400, [("end_date", _("Khoảng thời gian tối đa 90 ngày."))])
    return start_at, end_at
