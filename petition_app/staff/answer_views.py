"""The answer to a citizen: the formatting preview and the answer letter (văn bản trả lời) as PDF."""
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import local_date, utcnow
from ..richtext import render_markdown
from ..services import access, cases, publishing
from .views import _case_page, bp

PREVIEW_LIMIT = 20000


@bp.post("/xem-truoc")
def preview_text():
    """The Markdown subset as it will be shown (cleaned HTML); the CSRF token is checked as for any form."""
    source = request.form.get("text", "")
    if len(source) > PREVIEW_LIMIT:
        abort(413)
    return jsonify(html=render_markdown(source))


def _letter_html(case_id, *, for_pdf=False):
    case = cases.get_case(current_user, case_id)
    if not case.answer_html:
        abort(404)
    # A denouncer's name stays off the letter unless the reader may see it (Luật Tố cáo 2018, Điều 47);
    # the officer then writes the addressee by hand.
    shows_addressee = not access.identity_is_protected(case)
    day = case.decision_date or local_date(case.resolved_at)
    return render_template("staff/answer_letter.html", case=case, day=day, for_pdf=for_pdf,
                           petitioner=case.petitioner if shows_addressee else None)


@bp.get("/cases/<id:case_id>/van-ban-tra-loi")
def answer_letter_print(case_id):
    """The answer letter, A4, printed from the browser."""
    return _letter_html(case_id)


@bp.get("/cases/<id:case_id>/van-ban-tra-loi.pdf")
def answer_letter(case_id):
    """The same letter as a PDF made on the server by WeasyPrint (needs the DejaVu fonts)."""
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    html = _letter_html(case_id, for_pdf=True)
    pdf = HTML(string=html, base_url=request.host_url).write_pdf()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="van-ban-tra-loi-{case_id}.pdf"',
        "Cache-Control": "private, no-store"})


@bp.post("/cases/<id:case_id>/cong-khai")
def publish_outcome(case_id):
    """Leadership publishes an outcome not published at resolution; a refusal shows where to mask."""
    try:
        publishing.publish_later(current_user, case_id, mask_personal_data=request.form.get("mask") == "y",
                                 now=utcnow())
    except publishing.PublicationRefused as refusal:
        flash(refusal.message, "error")
        if refusal.preview:
            flash(_("Sau khi ẩn: %(text)s", text=refusal.preview), "error")
        return _case_page(cases.get_case(current_user, case_id), status=422)
    flash(_("Đã công khai kết quả giải quyết."), "success")
    return redirect(url_for("staff.case_detail", case_id=case_id), code=303)
