"""The narrative report as a DOCX skeleton for staff to finish (báo cáo kết quả công tác tiếp công
dân, xử lý đơn, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh).

Every figure comes from the same built forms (services/reports.py) as the tables, XLSX and PDF, so
the narrative and the forms cannot disagree; the parts only people can write (the assessment, the
causes, the tasks ahead, the proposals) are marked, highlighted, for the drafting officer. The
document is an official Vietnamese text, like the answer letter: its wording is not translated.
Laid out as administrative documents are (Nghị định 30/2020/NĐ-CP): the issuing body and the
national motto side by side, A4, Times New Roman 13–14 pt.
"""
import io
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Cm, Pt
from flask import current_app

from ..clock import local_date, utcnow
from ..domain.reports import Form
from .report_export import MOTTO, NATION, Letterhead, configured_letterhead
from .reports import Report

TO_FINISH = "[Cán bộ soạn thảo hoàn thiện: {}]"


def figures_of(report: Report) -> dict[str, int]:
    """The total row's figures by measure (blank columns count as 0)."""
    return {c.measure: report.total.values.get(c.code) or 0 for c in report.layout.columns if c.measure}


def period_words(report: Report) -> str:
    period = report.period
    return f"từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}"


def _reception(v: dict[str, int], online: bool) -> list[str]:
    lines = [
        f"Tổng số lượt tiếp công dân: {v['visits.total']} lượt với {v['visits.people']} người; trong đó tiếp "
        f"thường xuyên {v['visits.routine']} lượt ({v['visits.routine.people']} người, "
        f"{v['visits.routine.groups']} đoàn đông người); Thủ trưởng tiếp định kỳ và đột xuất {v['visits.head']} "
        f"lượt ({v['visits.head.people']} người, {v['visits.head.groups']} đoàn đông người); cấp phó được ủy "
        f"quyền tiếp {v['visits.deputy']} lượt ({v['visits.deputy.people']} người, "
        f"{v['visits.deputy.groups']} đoàn đông người).",
        f"Tiếp lần đầu {v['visits.first']} lượt, tiếp nhiều lần {v['visits.repeat']} lượt.",
        f"Phân loại theo nội dung: khiếu nại {v['visits.complaint']} lượt; tố cáo {v['visits.denunciation']} lượt; "
        f"kiến nghị, phản ánh {v['visits.petition']} lượt; nội dung khác {v['visits.other_content']} lượt.",
        f"Kết quả tiếp: hướng dẫn, giải thích {v['visits.guided']} lượt; tiếp nhận đơn {v['visits.registered']} "
        f"lượt; gắn vào vụ việc đang giải quyết {v['visits.attached']} lượt; từ chối tiếp {v['visits.refused']} lượt.",
    ]
    if online:
        lines.append(f"Trong đó tiếp công dân trực tuyến {v.get('visits.online', 0)} lượt.")
    return lines


def _handling(v: dict[str, int]) -> list[str]:
    carried = sum(v[f"handling.carried.{k}"] for k in ("one", "several", "other"))
    received = sum(v[f"handling.received.{k}"] for k in ("one", "several", "other"))
    return [
        f"Tổng số đơn: {v['handling.total']} đơn (kỳ trước chuyển sang {carried} đơn, tiếp nhận trong kỳ "
        f"{received} đơn); số đơn có nhiều người đứng tên: "
        f"{v['handling.carried.several'] + v['handling.received.several']} đơn. Số đơn đã xử lý: "
        f"{v['handling.handled']} đơn.",
        f"Đơn đủ điều kiện xử lý: {v['handling.eligible']} đơn ({v['handling.eligible.matters']} vụ việc), gồm "
        f"khiếu nại {v['handling.eligible.complaint']} đơn, tố cáo {v['handling.eligible.denunciation']} đơn, "
        f"kiến nghị, phản ánh {v['handling.eligible.petition']} đơn.",
        f"Kết quả xử lý: thuộc thẩm quyền {v['handling.within']} đơn (khiếu nại {v['handling.within.complaint']}, "
        f"tố cáo {v['handling.within.denunciation']}, kiến nghị, phản ánh {v['handling.within.petition']}); "
        f"không thuộc thẩm quyền {v['handling.outside']} đơn (hướng dẫn {v['handling.outside.guided']}, chuyển "
        f"đơn {v['handling.outside.forwarded']}, đôn đốc giải quyết {v['handling.outside.followed_up']}).",
    ]


def _resolution(v: dict[str, int], prefix: str, word: str) -> list[str]:
    return [
        f"Tổng số vụ việc {word} thuộc thẩm quyền phải giải quyết: {v[prefix + '.total']} vụ việc (kỳ trước "
        f"chuyển sang {v[prefix + '.carried']}, tiếp nhận trong kỳ {v[prefix + '.received']}).",
        f"Đã giải quyết {v[prefix + '.resolved']} vụ việc: rút đơn {v[prefix + '.withdrawn']}; {word} đúng "
        f"{v[prefix + '.verdict.true']}, {word} đúng một phần {v[prefix + '.verdict.partly']}, {word} sai "
        f"{v[prefix + '.verdict.false']}; giải quyết đúng hạn {v[prefix + '.on_time']}, quá hạn "
        f"{v[prefix + '.late']}.",
        f"Đang giải quyết {v[prefix + '.pending']} vụ việc, trong đó quá hạn {v[prefix + '.pending_late']}.",
    ]


def write_narrative(reports: list[Report], letterhead: Letterhead, *, today: date, place: str,
                    signer: str) -> bytes:
    """The DOCX for the period of ``reports`` (one built report of each form, same period)."""
    by_form = {r.layout.form: r for r in reports}
    missing = set(Form) - set(by_form)
    if missing:
        raise ValueError(f"the narrative needs every form; missing {sorted(f.value for f in missing)}")
    document = Document()
    _page(document)
    _heading(document, letterhead, today, place)
    first = reports[0]
    _centered(document, "BÁO CÁO", bold=True, size=14)
    _centered(document, "Kết quả công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo, kiến nghị, "
                        f"phản ánh {period_words(first)}", bold=True, size=13)
    document.add_paragraph(
        f"Thực hiện chế độ báo cáo công tác tiếp công dân, giải quyết khiếu nại, tố cáo của ngành thanh tra, "
        f"{letterhead.department} báo cáo kết quả {period_words(first)} như sau:")
    reception = by_form[Form.RECEPTION]
    sections = [
        ("I. CÔNG TÁC TIẾP CÔNG DÂN", _reception(figures_of(reception),
                                                  any(c.measure == "visits.online" for c in reception.layout.columns))),
        ("II. TIẾP NHẬN, PHÂN LOẠI VÀ XỬ LÝ ĐƠN", _handling(figures_of(by_form[Form.HANDLING]))),
        ("III. KẾT QUẢ GIẢI QUYẾT KHIẾU NẠI THUỘC THẨM QUYỀN",
         _resolution(figures_of(by_form[Form.COMPLAINTS]), "complaints", "khiếu nại")),
        ("IV. KẾT QUẢ GIẢI QUYẾT TỐ CÁO THUỘC THẨM QUYỀN",
         _resolution(figures_of(by_form[Form.DENUNCIATIONS]), "denunciations", "tố cáo")),
    ]
    for title, lines in sections:
        _section(document, title)
        for line in lines:
            document.add_paragraph(line)
    _section(document, "V. ĐÁNH GIÁ CHUNG")
    _to_finish(document, "1. Ưu điểm", "kết quả nổi bật, so sánh với cùng kỳ năm trước")
    _to_finish(document, "2. Hạn chế, vướng mắc và nguyên nhân", "các vụ việc phức tạp, tồn đọng, kéo dài")
    _section(document, "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    _to_finish(document, None, "nhiệm vụ trọng tâm kỳ tới")
    _section(document, "VII. KIẾN NGHỊ, ĐỀ XUẤT")
    _to_finish(document, None, "kiến nghị với cấp trên, nếu có")
    broken = [(r.layout.number, c.describe()) for r in reports for c in r.broken]
    for number, formula in broken:
        note = document.add_paragraph(f"Lưu ý trước khi gửi: số liệu biểu {number} không khớp công thức {formula}.")
        note.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.add_paragraph(
        "Số liệu chi tiết tại các biểu " + ", ".join(r.layout.number for r in reports)
        + f" ({first.layout.circular}) kèm theo.")
    _signature(document, signer)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def configured_narrative(reports: list[Report]) -> bytes:
    """The narrative as the settings sign it: the configured letterhead, place and signer, dated today."""
    config = current_app.config
    return write_narrative(reports, configured_letterhead(), today=local_date(utcnow()),
                           place=config["LETTER_PLACE"], signer=config["LETTER_SIGNER_TITLE"])


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)


def _heading(document, letterhead: Letterhead, today: date, place: str) -> None:
    table = document.add_table(rows=2, cols=2)
    left, right = table.rows[0].cells
    left.text, right.text = letterhead.parent.upper(), NATION
    left.add_paragraph(letterhead.department.upper()).runs[0].bold = True
    right.add_paragraph(MOTTO).runs[0].bold = True
    right.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "Số:      /BC-"
    dated = f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" if place else \
        f"Ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"
    table.rows[1].cells[1].text = dated
    table.rows[1].cells[1].paragraphs[0].runs[0].italic = True
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _centered(document, text: str, *, bold: bool, size: int) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _section(document, title: str) -> None:
    document.add_paragraph().add_run(title).bold = True


def _to_finish(document, title: str | None, what: str) -> None:
    if title:
        document.add_paragraph().add_run(title).bold = True
    run = document.add_paragraph().add_run(TO_FINISH.format(what))
    run.italic = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _signature(document, signer: str) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "Nơi nhận:"
    left.paragraphs[0].runs[0].bold = True
    for line in ("- Thanh tra tỉnh;", "- Ủy ban nhân dân tỉnh;", "- Lưu: VT."):
        left.add_paragraph(line)
    right.text = signer.upper()
    right.paragraphs[0].runs[0].bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
