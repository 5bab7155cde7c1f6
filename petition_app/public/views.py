"""Public pages: home, intake form (/gui-don), receipt, status lookup (/tra-cuu)."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded

from ..clock import utcnow
from ..domain.tracking import normalize_tracking_code
from ..extensions import csrf, limiter
from ..redirects import safe_redirect_target
from ..request_limits import seconds_to_wait
from ..services import information_requests, public_status, reception_schedule
from ..services.attachments import AttachmentRefused
from ..services.intake import IntakeRefused, file_case
from .forms import IntakeForm, LookupForm
from .intake_limit import intake_cost, wait_message

bp = Blueprint("public", __name__)

RECEIPTS_KEPT = 10


@bp.get("/")
def index():
    return render_template("public/index.html", lookup=LookupForm())


@bp.get("/favicon.ico")
def favicon():
    """Browsers and feed readers ask here before reading the page's <link rel="icon">."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/lich-tiep-cong-dan")
def reception_schedule_page():
    """The head's upcoming reception days: when, where, who receives — no personal data."""
    return render_template("public/reception_schedule.html", sessions=reception_schedule.upcoming(utcnow()))


@bp.get("/ngon-ngu/<lang>")
def set_language(lang):
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_redirect_target(request.args.get("next")) or url_for("public.index"))


@bp.route("/gui-don", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own CSRF token so that a stale page keeps what was typed
@limiter.limit(lambda: current_app.config["INTAKE_RATE_LIMIT"], methods=["POST"], cost=intake_cost)
def intake():
    form = IntakeForm()
    if request.method == "GET":
        form.issue_submission_token()
        if request.args.get("loai") in dict(form.kind.choices):
            form.kind.data = request.args["loai"]
        return render_template("public/intake.html", form=form)

    had_files = any(f.filename for f in request.files.getlist(form.attachments.name))
    if form.validate():
        try:
            filed = file_case(form.to_request(), form.uploads(), now=utcnow())
        except (IntakeRefused, AttachmentRefused) as refusal:
            form.show_refusal(refusal)
        else:
            receipts = [c for c in session.get("receipts", []) if c != filed.tracking_code]
            session["receipts"] = (receipts + [filed.tracking_code])[-RECEIPTS_KEPT:]
            return redirect(url_for("public.receipt", code=filed.tracking_code), code=303)
    if not form.submission_token.data:
        form.issue_submission_token()
    return render_template("public/intake.html", form=form, had_files=had_files), 422


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error):
    """The intake's "please wait" is the form itself, with what was typed and how long to wait."""
    if request.endpoint != "public.intake" or request.method != "POST":
        from ..errors import render_error

        return render_error(429)
    form = IntakeForm()
    if not form.submission_token.data:
        form.issue_submission_token()
    had_files = any(f.filename for f in request.files.getlist(form.attachments.name))
    seconds = seconds_to_wait()
    page = render_template("public/intake.html", form=form, had_files=had_files, wait_notice=wait_message(seconds))
    return page, 429, {"Retry-After": str(seconds)}


@bp.get("/gui-don/bien-nhan/<code>")
def receipt(code):
    """The receipt, shown only to the browser that filed the case; others get the status page."""
    if code not in session.get("receipts", []):
        return redirect(url_for("public.status", code=code))
    view = public_status.receipt_view(code)
    if view is None:
        abort(404)
    return render_template("public/receipt.html", case=view)


@bp.get("/tra-cuu")
def lookup():
    form = LookupForm(request.args)
    if "code" not in request.args:
        return render_template("public/lookup.html", form=form)
    if not form.validate():
        return render_template("public/lookup.html", form=form), 422
    code = normalize_tracking_code(form.code.data)
    if code is None:
        form.code.errors.append(_("Mã tra cứu không đúng. Mã gồm 16 ký tự, ví dụ 7KQM-4XHT-9WPR-C3NE; "
                                  "vui lòng kiểm tra lại từng ký tự."))
        return render_template("public/lookup.html", form=form), 422
    return redirect(url_for("public.status", code=code))


@bp.get("/tra-cuu/<code>")
@limiter.limit(lambda: current_app.config["LOOKUP_RATE_LIMIT"])
@limiter.limit(lambda: current_app.config["LOOKUP_MISS_RATE_LIMIT"],
               deduct_when=lambda response: response.status_code == 404)
def status(code):
    canonical = normalize_tracking_code(code)
    if canonical is not None and canonical != code:
        return redirect(url_for("public.status", code=canonical), code=301)
    view = public_status.status_view(canonical) if canonical else None
    if view is None:
        return render_template("public/not_found.html", code=code[:40]), 404
    return render_template("public/status.html", case=view, information=information_requests.public_answer(canonical))
