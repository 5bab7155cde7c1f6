"""The public register of outcomes (/ket-qua): list, search, permanent pages, Atom feed.

Cacheable: every response carries Cache-Control, Last-Modified (the newest
publication) and an ETag derived from the newest publication and the request,
so a conditional GET is answered 304 before anything is rendered.
"""
import hashlib
from xml.etree import ElementTree as ET

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.cases import Category
from ..i18n import label
from ..ids import is_record_id
from ..services import cases, register
from .register_forms import RegisterFilterForm
from .views import bp

CACHE_CONTROL = "public, max-age=300"
ATOM = "http://www.w3.org/2005/Atom"


def _conditional(extra: str = ""):
    """A response holding this request's validators (ETag, Last-Modified); its status is 304 when
    the client already has the page, and nothing need be rendered."""
    last_id, last_at = register.last_change()
    signed_in = getattr(current_user, "is_authenticated", False)  # the navigation differs
    key = f"{last_id}|{last_at}|{request.full_path}|{get_locale()}|{signed_in}|{extra}"
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    probe = Response(status=200)
    probe.set_etag(etag)
    if last_at is not None:
        probe.last_modified = last_at
    probe.cache_control.public = True
    probe.cache_control.max_age = 300
    probe.make_conditional(request)
    return probe


def _cacheable(body, probe, mimetype="text/html"):
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["ETag"] = probe.headers["ETag"]
    if "Last-Modified" in probe.headers:
        response.headers["Last-Modified"] = probe.headers["Last-Modified"]
    return response


@bp.app_template_filter("category_label")
def category_label(value: str | None) -> str:
    try:
        return label(Category(value))
    except ValueError:
        return value or ""


@bp.get("/ket-qua")
def register_list():
    probe = _conditional()
    if probe.status_code == 304:
        return probe
    form = RegisterFilterForm(request.args)
    form.fill_choices(cases.active_units())
    form.validate()
    cursor = request.args.get("truoc")
    before = int(cursor) if cursor and cursor.isdigit() and is_record_id(int(cursor)) else None
    page = register.list_outcomes(form.to_filters(), before=before)
    args = {k: v for k, v in request.args.items() if k != "truoc" and v}
    body = render_template("public/register.html", form=form, page=page, years=register.years(), args=args,
                           first_page=before is None)
    return _cacheable(body, probe)


@bp.get("/ket-qua/<code>")
def register_outcome(code):
    outcome = register.get_outcome(code)
    if outcome is None:
        abort(404)
    if outcome.tracking_code != code:
        return redirect(url_for("public.register_outcome", code=outcome.tracking_code), code=301)
    probe = _conditional(str(outcome.id))
    if probe.status_code == 304:
        return probe
    return _cacheable(render_template("public/outcome.html", outcome=outcome), probe)


@bp.get("/ket-qua/atom.xml")
def register_feed():
    """Newly published outcomes, as an Atom 1.0 feed (RFC 4287)."""
    probe = _conditional()
    if probe.status_code == 304:
        return probe
    ET.register_namespace("", ATOM)
    rows = register.latest()
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _("Kết quả giải quyết đơn được công khai")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = url_for("public.register_list", _external=True)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=url_for("public.register_feed", _external=True), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=url_for("public.register_list", _external=True), rel="alternate")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = (rows[0].published_at.isoformat() if rows else
                                                     "2026-01-01T00:00:00+00:00")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = current_app.config["DEPARTMENT_NAME"]
    for row in rows:
        link = url_for("public.register_outcome", code=row.tracking_code, _external=True)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{label(row.kind)}: {label(row.outcome)} ({row.tracking_code})"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}link", href=link, rel="alternate")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = row.published_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="html").text = row.summary_html
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return _cacheable(body, probe, mimetype="application/atom+xml")
