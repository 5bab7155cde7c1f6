"""`flask reports build`: the periodic reports from the shell, for every unit (the operator's
shell reads what leadership reads), as XLSX, CSV, PDF or the narrative DOCX, with a progress bar over the forms."""
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .clock import utcnow
from .domain.report_periods import custom_period
from .domain.reports import Form, layout_by_key, layout_in_force
from .services import report_export, report_narrative, reports

reports_cli = AppGroup("reports", help="The department's periodic reports (biểu mẫu thống kê).")
FORMS = {f.value: f for f in Form}


def _day(value: str):
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter(f"{value!r}: dd/mm/yyyy") from None


@reports_cli.command("build")
@click.option("--form", "forms", multiple=True, type=click.Choice([*FORMS, "all"]), default=["all"],
              show_default=True, help="A form (repeat for several) or all.")
@click.option("--from", "date_from", required=True, help="First day, dd/mm/yyyy.")
@click.option("--to", "date_to", required=True, help="Last day, dd/mm/yyyy.")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "csv", "pdf", "docx"]), default="xlsx",
              show_default=True)
@click.option("--layout", "layout_key", default=None,
              help="A layout key such as 01-XLD@02-2021 (default: the one in force on the first day).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="The file to write (default: bao-cao-<from>-<to>.<format>; CSV and PDF: one per form).")
def build_command(forms, date_from, date_to, file_format, layout_key, output):
    """Build the forms for a period and write them to a file (docx: the narrative report of every form)."""
    start, end = _day(date_from), _day(date_to)
    if end < start:
        raise click.BadParameter("--to is before --from")
    period = custom_period(start, end)
    chosen = list(Form) if "all" in forms else [FORMS[f] for f in forms]
    if file_format == "docx" and set(chosen) != set(Form):
        raise click.BadParameter("the narrative (--format docx) is built from every form: --form all")
    override = layout_by_key(layout_key) if layout_key else None
    if layout_key and override is None:
        raise click.BadParameter(f"no layout {layout_key!r}")
    built = []
    with click.progressbar(chosen, label="Lập biểu", show_pos=True) as bar:
        for form in bar:
            layout = override if override and override.form is form else layout_in_force(form, period.start)
            built.append(reports.compute_report(layout, period))
    for report in built:
        for check in report.broken:
            click.echo(f"{report.layout.number}: số liệu không khớp {check.describe()}", err=True)
    base = output or f"bao-cao-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"
    if file_format == "docx":
        Path(base).write_bytes(report_narrative.configured_narrative(built))
        click.echo(base)
        return
    if file_format == "xlsx":
        Path(base).write_bytes(report_export.write_xlsx(built, report_export.configured_letterhead()))
        click.echo(base)
        return
    for report in built:
        path = Path(base) if len(built) == 1 else Path(base).with_stem(
            f"{Path(base).stem}-{report.layout.number.replace('/', '-')}")
        if file_format == "csv":
            path.write_text(report_export.csv_text(report), encoding="utf-8")
        else:
            path.write_bytes(_pdf(report))
        click.echo(str(path))


@reports_cli.command("files")
def build_files_command():
    """Build the queued report files of long periods now (the scheduler does it every few seconds)."""
    from .jobs import build_prepared_files

    click.echo(f"built {build_prepared_files(utcnow())} file(s)")


def _pdf(report) -> bytes:
    from weasyprint import HTML  # loads pango: only when a PDF is asked for

    with current_app.test_request_context("/staff/bao-cao/in"):  # the page's links need a request
        return HTML(string=report_export.print_html(report, for_pdf=True), base_url="http://localhost/").write_pdf()
