"""The log book as files: XLSX (openpyxl, streamed) and CSV (UTF-8 with BOM, for Excel).

Rows come from ``reception_log.log_rows``, which already applies the denouncer rule.
"""
import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..clock import LOCAL_TZ, as_aware
from .reception_log import LogRow


def columns() -> list[tuple[str, int]]:
    """The sector's log book columns (sổ tiếp công dân, Thông tư 04/2021/TT-TTCP) and widths."""
    return [
        (_("STT"), 6), (_("Ngày tiếp"), 17), (_("Họ và tên"), 24), (_("Số CCCD"), 14), (_("Địa chỉ"), 30),
        (_("Số điện thoại"), 14), (_("Nội dung vụ việc"), 50), (_("Hình thức tiếp"), 26),
        (_("Lần đầu / nhiều lần"), 12), (_("Tiếp trực tuyến"), 10), (_("Số người"), 8), (_("Nơi tiếp"), 24),
        (_("Cán bộ tiếp"), 22), (_("Tài liệu công dân cung cấp"), 30), (_("Hướng xử lý"), 28),
        (_("Mã hồ sơ"), 22), (_("Ghi chú"), 30),
    ]


class _Words:
    """The words of one export, translated once (a gettext per cell costs more than the cell)."""

    def __init__(self, label):
        self.label, self.cache = label, {}
        self.repeat, self.first, self.yes, self.no = _("Nhiều lần"), _("Lần đầu"), _("Có"), _("Không")

    def __call__(self, value) -> str:
        key = (type(value), value)
        if key not in self.cache:
            self.cache[key] = self.label(value)
        return self.cache[key]


def _values(index: int, row: LogRow, words: _Words) -> list:
    place = words(row.place) + (f": {row.place_detail}" if row.place_detail else "")
    return [index, as_aware(row.visited_at).astimezone(LOCAL_TZ).replace(tzinfo=None), row.name, row.citizen_id,
            row.address, row.phone, row.content, words(row.reception_kind),
            words.repeat if row.is_repeat else words.first, words.yes if row.is_online else words.no,
            row.people_count, place, row.officer, "; ".join(row.documents), words(row.outcome),
            row.tracking_code, row.outcome_note]


def write_xlsx(rows: Iterable[LogRow], label, title: str) -> bytes:
    """A write-only workbook: Vietnamese headings, column widths, the header frozen, dates as dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    heads = columns()
    for i, (_name, width) in enumerate(heads, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for name, _width in heads:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    words = _Words(label)
    for index, row in enumerate(rows, start=1):
        values = _values(index, row, words)
        date_cell = WriteOnlyCell(sheet, value=values[1])
        date_cell.number_format = "DD/MM/YYYY HH:MM"
        values[1] = date_cell
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_lines(rows: Iterable[LogRow], label) -> Iterator[str]:
    """CSV text, streamed; the first chunk carries the BOM so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _width in columns()])
    yield "\ufeff" + buffer.getvalue()
    words = _Words(label)
    for index, row in enumerate(rows, start=1):
        buffer.seek(0)
        buffer.truncate()
        values = _values(index, row, words)
        values[1] = values[1].strftime("%d/%m/%Y %H:%M")
        writer.writerow(values)
        yield buffer.getvalue()
