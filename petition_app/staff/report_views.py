"""The periodic reports on the staff side (/staff/bao-cao): choose a form, its layout and a
period; read it as a table with the form's headings, each figure a link to the cases or visits
behind it; print it, or take it as XLSX, CSV or PDF. Who may: services/reports.py."""
from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import local_date, utcnow
from ..domain.report_periods import PlanSettings
from ..domain.reports import EFFECTIVE_DATES_CONFIRMED, header_rows
from ..services import report_files, report_narrative, reports
from ..services.report_export import configured_letterhead, csv_text, period_line, print_html, write_xlsx
from .report_forms import ReportChoiceForm
from .views import bp

PREFIX = "/bao-cao"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_settings() -> PlanSettings:
    def day_month(text):
        day, month = (int(p) for p in text.split("/"))
        return month, day
    config = current_app.config
    return PlanSettings(day_month(config["REPORT_PLAN_CUTOFF"]), day_month(config["REPORT_PLAN_DUE"]))


@bp.app_context_processor
def _report_nav():
    return {"may_read_reports": lambda: reports.scope_of(current_user) is not None}


def _choice():
    """The reader's choices, not yet validated; 404 for one who may not read reports."""
    if reports.scope_of(current_user) is None:
        abort(404)
    return ReportChoiceForm(request.args, today=local_date(utcnow()), plan=plan_settings())


def _valid_choice():
    """The reader's choices for a file or a drill-down: invalid ones are not a page to correct (404)."""
    form = _choice()
    if not form.validate():
        abort(404)
    return form


@bp.get(f"{PREFIX}/", endpoint="reports")
def report_page():
    form = _choice()
    if not form.validate():
        return render_template("staff/reports.html", form=form, report=None), 422
    period = form.period()
    report = reports.build_report(current_user, form.chosen_layout(period), period)
    return render_template("staff/reports.html", form=form, report=report, header=header_rows(report.layout),
                           period_line=period_line(report), query=request.args.to_dict(),
                           dates_confirmed=EFFECTIVE_DATES_CONFIRMED)


@bp.get(f"{PREFIX}/chi-tiet", endpoint="report_drill_down")
def report_drill_down():
    form = _valid_choice()
    period = form.period()
    layout = form.chosen_layout(period)
    unit = request.args.get("don_vi", reports.ALL_UNITS)
    if unit not in (reports.ALL_UNITS, "none"):
        if not unit.isdigit():
            abort(404)
        unit = int(unit)
    found = reports.drill_down(current_user, layout, period, request.args.get("cot", ""),
                               None if unit == "none" else unit)
    column = layout.column(request.args["cot"])
    return render_template("staff/report_drill_down.html", layout=layout, column=column, found=found,
                           period=period, limit=reports.DRILL_DOWN_LIMIT, query=request.args.to_dict())


def _all_forms(form: ReportChoiceForm):
    """Every form for the chosen period (the chosen layout for its form, the one in force for others)."""
    period = form.period()
    return report_files.all_forms(current_user, form.chosen_layout(period), period)


def _prepared(form: ReportChoiceForm, file_format: str):
    """A long period's file is built by the scheduler's job; the reader waits on its page."""
    period = form.period()
    token = report_files.request_files(current_user, form.chosen_layout(period), period, file_format=file_format,
                                       locale=str(get_locale()), now=utcnow())
    return redirect(url_for("staff.report_file", token=token), code=303)


def _file_name(form, ext):
    period = form.period()
    return f"bao-cao-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{ext}"


def _download(body, mimetype, name):
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


@bp.get(f"{PREFIX}/bao-cao.xlsx", endpoint="reports_xlsx")
def reports_xlsx():
    form = _valid_choice()
    if report_files.is_large(form.period()):
        return _prepared(form, "xlsx")
    return _download(write_xlsx(_all_forms(form), configured_letterhead()), XLSX, _file_name(form, "xlsx"))


@bp.get(f"{PREFIX}/bao-cao-tong-hop.docx", endpoint="reports_narrative")
def reports_narrative():
    """The narrative report of the period, every form's figures in sentences, as DOCX to finish."""
    form = _valid_choice()
    if report_files.is_large(form.period()):
        return _prepared(form, "docx")
    body = report_narrative.configured_narrative(_all_forms(form))
    return _download(body, DOCX, f"bao-cao-tong-hop-{_file_name(form, 'docx')}")


@bp.get(f"{PREFIX}/tep/<token>", endpoint="report_file")
def report_file(token):
    """A prepared report file's page: "being prepared" (it looks again by itself), then the link."""
    if reports.scope_of(current_user) is None:
        abort(404)
    state, file_format, _path = report_files.file_state(current_user, token)
    return render_template(
        "staff/prepared_file.html", state=state, file_format=file_format.upper(),
        title=_("Tải báo cáo định kỳ (%(format)s)", format=file_format.upper()),
        waiting=_("Kỳ báo cáo dài hoặc có nhiều hồ sơ nên tệp đang được chuẩn bị. Trang này tự tải lại; khi tệp "
                  "sẵn sàng sẽ có nút tải về."),
        page_url=url_for("staff.report_file", token=token), file_url=url_for("staff.report_file_download", token=token),
        back_url=url_for("staff.reports"), back_label=_("Quay lại báo cáo"))


@bp.get(f"{PREFIX}/tep/<token>/tai", endpoint="report_file_download")
def report_file_download(token):
    if reports.scope_of(current_user) is None:
        abort(404)
    state, file_format, path = report_files.file_state(current_user, token)
    if state != "ready":
        abort(404)
    name = f"bao-cao-{'tong-hop-' if file_format == 'docx' else ''}{token[:6]}.{file_format}"
    return _download(path.read_bytes(), DOCX if file_format == "docx" else XLSX, name)


@bp.get(f"{PREFIX}/bao-cao.csv", endpoint="reports_csv")
def reports_csv():
    form = _valid_choice()
    report = _chosen_report(form)
    name = f"{report.layout.number.replace('/', '-')}-{_file_name(form, 'csv')}"
    return _download(csv_text(report).encode("utf-8"), "text/csv; charset=utf-8", name)


def _chosen_report(form: ReportChoiceForm):
    period = form.period()
    return reports.build_report(current_user, form.chosen_layout(period), period)


@bp.get(f"{PREFIX}/in", endpoint="reports_print")
def reports_print():
    """The chosen form as a page to print (A4 landscape)."""
    return print_html(_chosen_report(_valid_choice()))


@bp.get(f"{PREFIX}/bao-cao.pdf", endpoint="reports_pdf")
def reports_pdf():
    """The same page as a PDF made by WeasyPrint (as the receipt)."""
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    form = _valid_choice()
    pdf = HTML(string=print_html(_chosen_report(form), for_pdf=True), base_url=request.host_url).write_pdf()
    return _download(pdf, "application/pdf", _file_name(form, "pdf"))

