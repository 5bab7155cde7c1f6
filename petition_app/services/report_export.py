"""The periodic reports as files: XLSX (XlsxWriter: one sheet per form, the national heading, the
form's headings with merged cells, whole-number formats, A4 landscape fitted to the page width)
and CSV (UTF-8 with BOM, for Excel: one header line of the full headings, then the rows)."""
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

import xlsxwriter
from flask import current_app, render_template
from flask_babel import gettext as _

from ..clock import local_date, utcnow
from ..domain.reports import header_rows
from .reports import Report

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Letterhead:
    """Who reports: the parent body and the department (config DEPARTMENT_PARENT, DEPARTMENT_NAME)."""

    parent: str
    department: str


def configured_letterhead() -> Letterhead:
    """The letterhead the settings name (DEPARTMENT_PARENT, DEPARTMENT_NAME)."""
    return Letterhead(current_app.config["DEPARTMENT_PARENT"], current_app.config["DEPARTMENT_NAME"])


def print_html(report: Report, *, for_pdf: bool = False) -> str:
    """The form as its print page (A4 landscape, national heading, signer's block): what the
    browser prints and what WeasyPrint turns into the PDF."""
    config = current_app.config
    return render_template("staff/report_print.html", report=report, header=header_rows(report.layout),
                           period_line=period_line(report), letterhead=configured_letterhead(), for_pdf=for_pdf,
                           today=local_date(utcnow()), signer=config["LETTER_SIGNER_TITLE"],
                           place=config["LETTER_PLACE"])


def period_line(report: Report) -> str:
    return _("Số liệu tính từ ngày %(start)s đến ngày %(end)s", start=report.period.start.strftime("%d/%m/%Y"),
             end=report.period.end.strftime("%d/%m/%Y"))


def write_xlsx(reports: Iterable[Report], letterhead: Letterhead) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    f = {
        "bold": book.add_format({"bold": True, "align": "center", "valign": "vcenter"}),
        "title": book.add_format({"bold": True, "align": "center", "font_size": 13}),
        "center": book.add_format({"align": "center", "italic": True}),
        "head": book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                                 "text_wrap": True, "font_size": 9}),
        "code": book.add_format({"border": 1, "align": "center", "italic": True, "font_size": 9}),
        "unit": book.add_format({"border": 1, "text_wrap": True}),
        "total": book.add_format({"border": 1, "bold": True}),
        "num": book.add_format({"border": 1, "num_format": "#,##0"}),
        "total_num": book.add_format({"border": 1, "bold": True, "num_format": "#,##0"}),
        "warn": book.add_format({"font_color": "#9c0006", "text_wrap": True}),
    }
    for report in reports:
        _write_sheet(book, report, letterhead, f)
    book.close()
    return out.getvalue()


def _write_sheet(book, report: Report, letterhead: Letterhead, f: dict) -> None:
    layout = report.layout
    sheet = book.add_worksheet(layout.number.replace("/", "-"))
    last = len(layout.columns)
    half = max(last // 2, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # fit to width, as many pages down as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, last, 8)
    sheet.merge_range(0, 0, 0, half - 1, letterhead.parent.upper(), f["bold"])
    sheet.merge_range(1, 0, 1, half - 1, letterhead.department.upper(), f["bold"])
    sheet.merge_range(0, half, 0, last, NATION, f["bold"])
    sheet.merge_range(1, half, 1, last, MOTTO, f["bold"])
    sheet.merge_range(3, 0, 3, last, _("Biểu số: %(number)s", number=layout.number), f["center"])
    sheet.merge_range(4, 0, 4, last, layout.title, f["title"])
    sheet.merge_range(5, 0, 5, last, period_line(report), f["center"])
    sheet.merge_range(6, 0, 6, last, _("(Mẫu theo %(circular)s)", circular=layout.circular), f["center"])
    top = 8
    rows = header_rows(layout)
    for level, cells in enumerate(rows):
        for cell in cells:
            r0, c0 = top + level, cell.column
            r1, c1 = r0 + cell.rowspan - 1, c0 + cell.colspan - 1
            if (r0, c0) == (r1, c1):
                sheet.write_string(r0, c0, cell.text, f["head"])
            else:
                sheet.merge_range(r0, c0, r1, c1, cell.text, f["head"])
    code_row = top + len(rows)
    sheet.write_string(code_row, 0, "MS", f["code"])
    for i, column in enumerate(layout.columns, start=1):
        sheet.write_string(code_row, i, column.code, f["code"])
    sheet.repeat_rows(top, code_row)
    sheet.freeze_panes(code_row + 1, 1)
    row_index = code_row + 1
    for row, is_total in [*((r, False) for r in report.rows), (report.total, True)]:
        sheet.write_string(row_index, 0, row.label, f["total" if is_total else "unit"])
        for i, column in enumerate(layout.columns, start=1):
            value = row.values[column.code]
            if value is None:
                sheet.write_blank(row_index, i, None, f["unit"])
            else:
                sheet.write_number(row_index, i, value, f["total_num" if is_total else "num"])
        row_index += 1
    for check in report.broken:
        sheet.merge_range(row_index, 0, row_index, last, _("Số liệu không khớp: %(check)s",
                                                           check=check.describe()), f["warn"])
        row_index += 1


def csv_text(report: Report) -> str:
    """One form as CSV: the full heading of each column (groups joined by " – ") with its code."""
    layout = report.layout
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([layout.number, layout.title, period_line(report)])
    writer.writerow(["Đơn vị"] + [" – ".join((*c.groups, c.heading)) + f" ({c.code})" for c in layout.columns])
    for row in (*report.rows, report.total):
        writer.writerow([row.label] + ["" if row.values[c.code] is None else row.values[c.code]
                                       for c in layout.columns])
    return out.getvalue()
