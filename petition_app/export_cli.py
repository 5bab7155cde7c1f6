"""flask national-export: the file for the national database (Nghị định 55/2022/NĐ-CP), from the
command line (docs/national-export.md). Audited like the admin page's download."""
import os
from datetime import datetime

import click

from .clock import utcnow


def _day(_ctx, _param, value):
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter("ngày dạng dd/mm/yyyy") from None


@click.command("national-export")
@click.option("--since", callback=_day, help="Records changed on or after this day (dd/mm/yyyy); all if omitted.")
@click.option("--format", "file_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The file to write (replaced only when complete).")
def national_export_command(since, file_format, output):
    """Export cases and visits changed since --since for the national database."""
    from .services.national_export import ExportRefused, export

    try:
        chunks = export(since, file_format, actor=None, now=utcnow(), via="cli")
    except ExportRefused as refusal:
        raise click.ClickException(refusal.message) from None
    partial = f"{output}.part"
    with open(partial, "w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)
    os.replace(partial, output)
    click.echo(f"wrote {output}", err=True)
