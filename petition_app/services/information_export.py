"""The register of information provided on request as files: XLSX (XlsxWriter) and CSV
(UTF-8 with BOM, for Excel), the same way as the reception log book (services/reception_export.py).

Rows come from ``information_requests.register_rows``, which already applies who may see what.
"""
import csv
import io
from collections.abc import Iterable, Iterator

import xlsxwriter
from flask_babel import gettext as _

from ..clock import LOCAL_TZ, as_aware
from .information_requests import RegisterRow


def columns() -> list[tuple[str, int]]:
    """The register's columns (sổ theo dõi cung cấp thông tin theo yêu cầu, Nghị định 13/2018/NĐ-CP) and widths."""
    return [
        (_("STT"), 6), (_("Mã hồ sơ"), 22), (_("Ngày nhận yêu cầu"), 17), (_("Người yêu cầu"), 24),
        (_("Địa chỉ liên hệ"), 30), (_("Thông tin yêu cầu"), 50), (_("Hình thức cung cấp"), 18),
        (_("Cách thức gửi"), 18), (_("Trả lời"), 28), (_("Ngày cung cấp"), 12), (_("Hạn cung cấp"), 12),
        (_("Lý do từ chối"), 40), (_("Chi phí (đồng)"), 12), (_("Đơn vị"), 22), (_("Trạng thái"), 20),
    ]


DATE_COLUMNS = (9, 10)  # provided on, due by


def _values(index: int, row: RegisterRow, label) -> list:
    due = row.promised_by or row.resolution_due
    return [index, row.tracking_code, as_aware(row.received_at).astimezone(LOCAL_TZ).replace(tzinfo=None),
            row.requester, row.contact, row.requested_info, label(row.info_form), label(row.delivery),
            label(row.provision) if row.provision else _("Chưa trả lời"), row.provided_on, due,
            label(row.ground), row.copy_fee + row.delivery_fee, row.unit_name, label(row.status)]


def write_xlsx(rows: Iterable[RegisterRow], label, title: str) -> bytes:
    """The workbook (XlsxWriter, as the log book): Vietnamese headings, column widths, the header
    frozen, dates as dates."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(title[:31])
    heading = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    moment = workbook.add_format({"num_format": "DD/MM/YYYY HH:MM"})
    day = workbook.add_format({"num_format": "DD/MM/YYYY"})
    for i, (name, width) in enumerate(columns()):
        sheet.set_column(i, i, width)
        sheet.write_string(0, i, name, heading)
    sheet.freeze_panes(1, 0)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(_values(index, row, label)):
            if value is None or value == "":
                continue
            if column == 2:
                sheet.write_datetime(index, column, value, moment)
            elif column in DATE_COLUMNS:
                sheet.write_datetime(index, column, value, day)
            elif isinstance(value, int | float):
                sheet.write_number(index, column, value)
            else:
                sheet.write_string(index, column, str(value))
    workbook.close()
    return out.getvalue()


def csv_lines(rows: Iterable[RegisterRow], label) -> Iterator[str]:
    """CSV text; the first chunk carries the BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _width in columns()])
    yield "\ufeff" + buffer.getvalue()
    for index, row in enumerate(rows, start=1):
        buffer.seek(0)
        buffer.truncate()
        values = _values(index, row, label)
        values[2] = values[2].strftime("%d/%m/%Y %H:%M")
        for i in DATE_COLUMNS:
            values[i] = values[i].strftime("%d/%m/%Y") if values[i] else ""
        writer.writerow(values)
        yield buffer.getvalue()
