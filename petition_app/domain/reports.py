"""The inspection sector's statistical forms (biểu mẫu thống kê) as versioned data.

A form's layout lists its columns (code, heading as the form prints it, the parent headings
merged above it, the measure that fills it) and its cross-checks (a total equals the sum of its
parts). Rows are the reporting units (cột "Đơn vị") and a total row. Each layout belongs to a
circular and applies from a day: a period uses the layout in force on its first day, and any
layout can be built for comparison.

Sources — read this before trusting a heading:
- Biểu số 01/XLD "Tổng hợp kết quả xử lý đơn": the column list, codes and formulas
  (1 = 2+…+7; 9 = 11+12+13 = 14+15+16+17 = 18+22; 18 = 19+20+21; 22 = 23+24+25) are from the
  published form as reproduced at tailieu.vn ("Mẫu tổng hợp kết quả xử lý đơn – Biểu số
  01/XLD"), which names the form but not the circular that issued it (``SOURCE_TEXT``).
  Which circular states are found in force is our reading.
- Biểu 01/TCD (tiếp công dân), the form on resolving complaints and the form on resolving
  denunciations: their published column lists were not found. Their columns are the figures
  DESIGN.md ("Reporting") requires, in the sector's vocabulary (``SOURCE_READING``); the codes
  01/KQGQ and 01/KQGQTC are our labels, not citations.
- Thông tư 02/2021/TT-TTCP and Thông tư 01/2024/TT-TTCP (reporting regime of the inspection
  sector) are named by DESIGN.md and issue 12; their texts and effective dates were not found.
  The effective-from days below are placeholders to be confirmed against the Official Gazette
  (``EFFECTIVE_DATES_CONFIRMED`` is False). The 01/2024 layouts carry the 02/2021 columns (no
  published change was found), and 01/TCD adds online reception, which the law on citizen
  reception as amended by Law 136/2025/QH15 introduces — our reading.
"""
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

EFFECTIVE_DATES_CONFIRMED = False
SOURCE_TEXT = "text"  # heading and code taken from the published form
SOURCE_READING = "reading"  # our reading of DESIGN.md's figures; no published column list found


class Form(str, Enum):
    RECEPTION = "01-TCD"  # tiếp công dân
    HANDLING = "01-XLD"  # xử lý đơn
    COMPLAINTS = "01-KQGQ"  # kết quả giải quyết khiếu nại
    DENUNCIATIONS = "01-KQGQTC"  # kết quả giải quyết tố cáo


class Subject(str, Enum):
    CASES = "cases"
    VISITS = "visits"


@dataclass(frozen=True)
class Column:
    code: str  # the number printed under the heading (MS)
    heading: str
    groups: tuple[str, ...] = ()  # headings merged above, outermost first
    measure: str | None = None  # what fills it (services/report_measures.py); None: left blank
    source: str = SOURCE_TEXT


@dataclass(frozen=True)
class Check:
    """``total`` equals the sum of ``parts`` (column codes)."""

    total: str
    parts: tuple[str, ...]

    def describe(self) -> str:
        return f"({self.total}) = " + " + ".join(f"({p})" for p in self.parts)


@dataclass(frozen=True)
class Layout:
    form: Form
    version: str  # e.g. "02/2021"
    circular: str
    number: str  # the form's number as printed: "01/XLD"
    title: str
    subject: Subject
    effective_from: date
    columns: tuple[Column, ...]
    checks: tuple[Check, ...]

    @property
    def key(self) -> str:
        return f"{self.form.value}@{self.version.replace('/', '-')}"

    def column(self, code: str) -> Column:
        return next(c for c in self.columns if c.code == code)


def evaluate_checks(layout: Layout, values: dict[str, int]) -> list[Check]:
    """The checks a row of figures breaks (blank columns count as 0)."""
    return [c for c in layout.checks if values.get(c.total, 0) != sum(values.get(p, 0) for p in c.parts)]


# --- Biểu số 01/XLD: Tổng hợp kết quả xử lý đơn -------------------------------------------------
_CARRIED, _RECEIVED = "Kỳ trước chuyển sang", "Tiếp nhận trong kỳ"
_ELIGIBLE = "Đủ điều kiện xử lý"
_BY_CONTENT = "Phân loại đơn theo nội dung"
_BY_STAGE = "Phân loại đơn theo tình trạng giải quyết"
_RESULT = "Kết quả xử lý đơn"
_WITHIN, _OUTSIDE = "Đơn thuộc thẩm quyền", "Đơn không thuộc thẩm quyền"
_UNRESOLVED = "Chưa giải quyết"

HANDLING_COLUMNS = (
    Column("1", "Tổng số đơn", (), "handling.total"),
    Column("2", "Đơn một người đứng tên", (_CARRIED,), "handling.carried.one"),
    Column("3", "Đơn có nhiều người đứng tên", (_CARRIED,), "handling.carried.several"),
    Column("4", "Đơn khác", (_CARRIED,), "handling.carried.other"),
    Column("5", "Đơn một người đứng tên", (_RECEIVED,), "handling.received.one"),
    Column("6", "Đơn có nhiều người đứng tên", (_RECEIVED,), "handling.received.several"),
    Column("7", "Đơn khác", (_RECEIVED,), "handling.received.other"),
    Column("8", "Số đơn đã xử lý", (), "handling.handled"),
    Column("9", "Tổng số đơn", (_ELIGIBLE,), "handling.eligible"),
    Column("10", "Số vụ việc", (_ELIGIBLE,), "handling.eligible.matters"),
    Column("11", "Khiếu nại", (_BY_CONTENT,), "handling.eligible.complaint"),
    Column("12", "Tố cáo", (_BY_CONTENT,), "handling.eligible.denunciation"),
    Column("13", "Kiến nghị, phản ánh", (_BY_CONTENT,), "handling.eligible.petition"),
    Column("14", "Đã giải quyết", (_BY_STAGE,), "handling.stage.resolved"),
    Column("15", "Đang giải quyết", (_BY_STAGE,), "handling.stage.in_progress"),
    Column("16", "Lần đầu", (_BY_STAGE, _UNRESOLVED), "handling.stage.first"),
    Column("17", "Nhiều lần", (_BY_STAGE, _UNRESOLVED), "handling.stage.repeat"),
    Column("18", "Tổng số", (_RESULT, _WITHIN), "handling.within"),
    Column("19", "Khiếu nại", (_RESULT, _WITHIN), "handling.within.complaint"),
    Column("20", "Tố cáo", (_RESULT, _WITHIN), "handling.within.denunciation"),
    Column("21", "Kiến nghị, phản ánh", (_RESULT, _WITHIN), "handling.within.petition"),
    Column("22", "Tổng số", (_RESULT, _OUTSIDE), "handling.outside"),
    Column("23", "Hướng dẫn", (_RESULT, _OUTSIDE), "handling.outside.guided"),
    Column("24", "Chuyển đơn", (_RESULT, _OUTSIDE), "handling.outside.forwarded"),
    Column("25", "Đôn đốc giải quyết", (_RESULT, _OUTSIDE), "handling.outside.followed_up"),
    Column("26", "Số văn bản phúc đáp nhận được do chuyển đơn đến", (), None),
    Column("27", "Ghi chú", (), None),
)
HANDLING_CHECKS = (
    Check("1", ("2", "3", "4", "5", "6", "7")),
    Check("9", ("11", "12", "13")),
    Check("9", ("14", "15", "16", "17")),
    Check("9", ("18", "22")),
    Check("18", ("19", "20", "21")),
    Check("22", ("23", "24", "25")),
)

# --- 01/TCD: Tổng hợp kết quả tiếp công dân (columns: our reading) -----------------------------
_ROUTINE = "Tiếp thường xuyên"
_HEAD = "Thủ trưởng tiếp định kỳ và đột xuất"
_DEPUTY = "Cấp phó được ủy quyền tiếp"
_TIMES = "Phân loại lượt tiếp"
_CONTENT = "Phân loại theo nội dung"
_OUTCOME = "Kết quả tiếp"


def _r(code, heading, groups, measure):
    return Column(code, heading, groups, measure, SOURCE_READING)


RECEPTION_COLUMNS = (
    _r("1", "Tổng số lượt tiếp", (), "visits.total"),
    _r("2", "Số người được tiếp", (), "visits.people"),
    _r("3", "Số lượt", (_ROUTINE,), "visits.routine"),
    _r("4", "Số người", (_ROUTINE,), "visits.routine.people"),
    _r("5", "Số đoàn đông người", (_ROUTINE,), "visits.routine.groups"),
    _r("6", "Số lượt", (_HEAD,), "visits.head"),
    _r("7", "Số người", (_HEAD,), "visits.head.people"),
    _r("8", "Số đoàn đông người", (_HEAD,), "visits.head.groups"),
    _r("9", "Số lượt", (_DEPUTY,), "visits.deputy"),
    _r("10", "Số người", (_DEPUTY,), "visits.deputy.people"),
    _r("11", "Số đoàn đông người", (_DEPUTY,), "visits.deputy.groups"),
    _r("12", "Lần đầu", (_TIMES,), "visits.first"),
    _r("13", "Nhiều lần", (_TIMES,), "visits.repeat"),
    _r("14", "Khiếu nại", (_CONTENT,), "visits.complaint"),
    _r("15", "Tố cáo", (_CONTENT,), "visits.denunciation"),
    _r("16", "Kiến nghị, phản ánh", (_CONTENT,), "visits.petition"),
    _r("17", "Nội dung khác", (_CONTENT,), "visits.other_content"),
    _r("18", "Hướng dẫn, giải thích", (_OUTCOME,), "visits.guided"),
    _r("19", "Tiếp nhận đơn", (_OUTCOME,), "visits.registered"),
    _r("20", "Gắn vào vụ việc đang giải quyết", (_OUTCOME,), "visits.attached"),
    _r("21", "Từ chối tiếp", (_OUTCOME,), "visits.refused"),
)
RECEPTION_CHECKS = (
    Check("1", ("3", "6", "9")),
    Check("2", ("4", "7", "10")),
    Check("1", ("12", "13")),
    Check("1", ("14", "15", "16", "17")),
    Check("1", ("18", "19", "20", "21")),
)
RECEPTION_ONLINE = _r("22", "Trong đó: tiếp trực tuyến", (), "visits.online")


# --- Resolving complaints / denunciations within competence (columns: our reading) -------------
def _resolution_columns(prefix: str, kind_word: str, verdicts: tuple[str, str, str]) -> tuple[Column, ...]:
    matters = f"Số vụ việc {kind_word} thuộc thẩm quyền"
    resolved, by_verdict, timing = "Đã giải quyết", "Kết quả giải quyết", "Thời hạn giải quyết"
    return (
        _r("1", "Tổng số", (matters,), f"{prefix}.total"),
        _r("2", "Kỳ trước chuyển sang", (matters,), f"{prefix}.carried"),
        _r("3", "Tiếp nhận trong kỳ", (matters,), f"{prefix}.received"),
        _r("4", "Tổng số", (resolved,), f"{prefix}.resolved"),
        _r("5", "Rút đơn", (resolved,), f"{prefix}.withdrawn"),
        _r("6", verdicts[0], (resolved, by_verdict), f"{prefix}.verdict.true"),
        _r("7", verdicts[1], (resolved, by_verdict), f"{prefix}.verdict.partly"),
        _r("8", verdicts[2], (resolved, by_verdict), f"{prefix}.verdict.false"),
        _r("9", "Đúng hạn", (resolved, timing), f"{prefix}.on_time"),
        _r("10", "Quá hạn", (resolved, timing), f"{prefix}.late"),
        _r("11", "Đang giải quyết", (), f"{prefix}.pending"),
        _r("12", "Trong đó: quá hạn", (), f"{prefix}.pending_late"),
    )


RESOLUTION_CHECKS = (
    Check("1", ("2", "3")),
    Check("1", ("4", "11")),
    Check("4", ("5", "6", "7", "8")),
    Check("4", ("5", "9", "10")),
)
COMPLAINT_COLUMNS = _resolution_columns(
    "complaints", "khiếu nại", ("Khiếu nại đúng", "Khiếu nại đúng một phần", "Khiếu nại sai"))
DENUNCIATION_COLUMNS = _resolution_columns(
    "denunciations", "tố cáo", ("Tố cáo đúng", "Tố cáo đúng một phần", "Tố cáo sai"))

TT_2021, TT_2024 = "Thông tư 02/2021/TT-TTCP", "Thông tư 01/2024/TT-TTCP"
FROM_2021, FROM_2024 = date(2021, 7, 1), date(2024, 7, 1)  # placeholders: see the module docstring

_V2021 = (
    Layout(Form.RECEPTION, "02/2021", TT_2021, "01/TCD", "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN", Subject.VISITS,
           FROM_2021, RECEPTION_COLUMNS, RECEPTION_CHECKS),
    Layout(Form.HANDLING, "02/2021", TT_2021, "01/XLD", "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", Subject.CASES,
           FROM_2021, HANDLING_COLUMNS, HANDLING_CHECKS),
    Layout(Form.COMPLAINTS, "02/2021", TT_2021, "01/KQGQ",
           "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI THUỘC THẨM QUYỀN", Subject.CASES, FROM_2021,
           COMPLAINT_COLUMNS, RESOLUTION_CHECKS),
    Layout(Form.DENUNCIATIONS, "02/2021", TT_2021, "01/KQGQTC",
           "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TỐ CÁO THUỘC THẨM QUYỀN", Subject.CASES, FROM_2021,
           DENUNCIATION_COLUMNS, RESOLUTION_CHECKS),
)
_V2024 = tuple(
    replace(layout, version="01/2024", circular=TT_2024, effective_from=FROM_2024,
            columns=layout.columns + ((RECEPTION_ONLINE,) if layout.form is Form.RECEPTION else ()))
    for layout in _V2021)

LAYOUTS: tuple[Layout, ...] = _V2021 + _V2024


def layouts_of(form: Form) -> list[Layout]:
    """A form's layouts, oldest first."""
    return sorted((lay for lay in LAYOUTS if lay.form is form), key=lambda lay: lay.effective_from)


def layout_in_force(form: Form, on: date) -> Layout:
    """The layout in force on ``on`` (a period's first day); before the first, the first."""
    candidates = layouts_of(form)
    current = candidates[0]
    for layout in candidates:
        if layout.effective_from <= on:
            current = layout
    return current


def layout_by_key(key: str) -> Layout | None:
    return next((lay for lay in LAYOUTS if lay.key == key), None)


# Opening balances (cases from before the system) are entered against a carried-over column;
# such a case was never handled or resolved here, so it also counts in these columns.
BALANCE_FEEDS: dict[str, tuple[str, ...]] = {
    **{f"handling.carried.{k}": ("handling.total",) for k in ("one", "several", "other")},
    "complaints.carried": ("complaints.total", "complaints.pending"),
    "denunciations.carried": ("denunciations.total", "denunciations.pending"),
}


def balance_columns(layout: Layout) -> list[Column]:
    """The columns of a layout an opening balance may be entered against."""
    return [c for c in layout.columns if c.measure in BALANCE_FEEDS]


@dataclass(frozen=True)
class HeaderCell:
    text: str
    column: int  # the first form column it covers (0: the unit column)
    colspan: int = 1
    rowspan: int = 1


UNIT_HEADING = "Đơn vị"


def header_rows(layout: Layout) -> list[list[HeaderCell]]:
    """The form's header as rows of merged cells (HTML colspan/rowspan, spreadsheet merges): the
    unit column spans every row; a group spans the columns under it; a heading with fewer groups
    than the deepest spans down to the last header row."""
    depth = 1 + max(len(c.groups) for c in layout.columns)
    rows: list[list[HeaderCell]] = [[HeaderCell(UNIT_HEADING, 0, 1, depth)]] + [[] for _ in range(depth - 1)]
    for level in range(depth):
        index = 0
        while index < len(layout.columns):
            column = layout.columns[index]
            path = (*column.groups, column.heading)
            if level >= len(path):
                index += 1
                continue
            if level == len(path) - 1:
                rows[level].append(HeaderCell(column.heading, index + 1, 1, depth - level))
                index += 1
                continue
            span = 1
            while (index + span < len(layout.columns)
                   and layout.columns[index + span].groups[:level + 1] == column.groups[:level + 1]):
                span += 1
            rows[level].append(HeaderCell(path[level], index + 1, span, 1))
            index += span
    return rows
