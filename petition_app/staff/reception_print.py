"""What the desk prints and exports: the visitor's receipt (HTML and PDF) and the log book
(print layout, XLSX, CSV). All of it passes the denouncer rule."""
import tempfile

from flask import Response, abort, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import local_date, utcnow
from ..domain.deadlines import Phase
from ..i18n import label
from ..services import access, log_exports, reception_log, reception_schedule
from ..services.deadlines import deadlines_of
from ..services.reception import get_visit
from ..services.reception_export import csv_lines, write_xlsx
from .reception_forms import LogFilterForm
from .reception_views import PREFIX
from .views import bp

PRINT_LIMIT = 5000  # the print layout is for a period's pages, not the whole archive
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _answer_by(case):
    """The date the department answers by, as the law sets it for the case's kind, with its citation."""
    if case is None:
        return None
    deadlines = deadlines_of(case)
    for phase in (Phase.ACCEPTANCE, Phase.TRIAGE):
        deadline = deadlines.get(phase)
        if deadline is not None and deadline.due is not None and deadline.due == (case.next_due or case.triage_due):
            return deadline
    return deadlines[Phase.TRIAGE]


def _receipt_html(visit_id, *, for_pdf=False):
    visit = get_visit(current_user, visit_id)
    return render_template("staff/reception/receipt.html", visit=visit, deadline=_answer_by(visit.case),
                           may_see=access.may_see_visitor(current_user, visit), for_pdf=for_pdf,
                           pseudonym=reception_log.pseudonym((visit.first_visitor.citizen_id or
                                                              visit.first_visitor.full_name)
                                                             if visit.first_visitor else str(visit.id)))


@bp.get(f"{PREFIX}/<int:visit_id>/bien-nhan")
def visit_receipt(visit_id):
    """Giấy biên nhận / phiếu hẹn, A5 from the browser (print CSS)."""
    return _receipt_html(visit_id)


@bp.get(f"{PREFIX}/<int:visit_id>/bien-nhan.pdf")
def visit_receipt_pdf(visit_id):
    """The same receipt, as a PDF made on the server by WeasyPrint from the same HTML."""
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    html = _receipt_html(visit_id, for_pdf=True)
    pdf = HTML(string=html, base_url=request.host_url).write_pdf()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="bien-nhan-{visit_id}.pdf"', "Cache-Control": "private, no-store"})


def _filters():
    if not access.may_read_log(current_user):
        abort(404)
    form = LogFilterForm(request.args)
    form.fill_choices(reception_schedule.desk_officers())
    return form.to_filters() if form.validate() else reception_log.LogFilters()


@bp.get(f"{PREFIX}/in")
def reception_log_print():
    filters = _filters()
    rows = list(reception_log.log_rows(current_user, filters, limit=PRINT_LIMIT))
    return render_template("staff/reception/log_print.html", rows=rows, filters=filters, limit=PRINT_LIMIT,
                           today=local_date(utcnow()))


def _download_name(ext):
    return f"so-tiep-cong-dan-{local_date(utcnow()).strftime('%Y%m%d')}.{ext}"


@bp.get(f"{PREFIX}/so.xlsx")
def reception_log_xlsx():
    """The filter's XLSX: written within the request up to INLINE_LIMIT rows; a larger one is
    built off the request and the officer waits on its page (services/log_exports.py)."""
    return _export("xlsx")


@bp.get(f"{PREFIX}/so.csv")
def reception_log_csv():
    """The same as CSV (UTF-8 with a BOM, for Excel), under the same limit."""
    return _export("csv")


def _export(file_format):
    filters = _filters()
    if reception_log.count(filters) > log_exports.INLINE_LIMIT:
        token = log_exports.request_export(current_user, filters, file_format=file_format,
                                           locale=str(get_locale()), now=utcnow())
        return redirect(url_for("staff.reception_log_export", token=token), code=303)
    rows = reception_log.log_rows(current_user, filters)
    out = _spooled()
    if file_format == "csv":
        for line in csv_lines(rows, label):
            out.write(line.encode("utf-8"))
    else:
        write_xlsx(rows, label, _("Sổ tiếp công dân"), out)
    out.seek(0)
    return _download(out, file_format)


@bp.get(f"{PREFIX}/xuat/<token>")
def reception_log_export(token):
    """A large export's page: "being prepared" (it looks again by itself), then the download link."""
    if not access.may_read_log(current_user):
        abort(404)
    state, file_format, _path = log_exports.export_state(current_user, token)
    return render_template(
        "staff/prepared_file.html", state=state, file_format=file_format.upper(),
        title=_("Tải sổ tiếp công dân (%(format)s)", format=file_format.upper()),
        waiting=_("Sổ có nhiều lượt tiếp nên tệp đang được chuẩn bị. Trang này tự tải lại; khi tệp sẵn sàng sẽ có "
                  "nút tải về."),
        page_url=url_for("staff.reception_log_export", token=token),
        file_url=url_for("staff.reception_log_export_file", token=token),
        back_url=url_for("staff.reception_log"), back_label=_("Quay lại sổ"))


@bp.get(f"{PREFIX}/xuat/<token>/tai")
def reception_log_export_file(token):
    if not access.may_read_log(current_user):
        abort(404)
    state, file_format, path = log_exports.export_state(current_user, token)
    if state != "ready":
        abort(404)
    return _download(path.open("rb"), file_format)


def _spooled():
    """A file in memory up to 8 MB, on disk beyond; the response closes it once sent."""
    return tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115  (closed by the response)


MIMETYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def _download(file, file_format):
    response = send_file(file, mimetype=MIMETYPES[file_format], as_attachment=True,
                         download_name=_download_name(file_format))
    response.headers["Cache-Control"] = "private, no-store"
    return response
