"""The report pages: who may read them, the form as a table with links that lead to as many rows,
bad choices refused next to their field, and the files (XLSX read back, CSV, PDF)."""
import io
import re

import openpyxl
import pytest

from petition_app.domain.cases import Role
from tests.services import report_helpers as h

MONTH = {"bieu": "01-XLD", "ky": "sector_month", "nam": "2026", "so": "11"}


@pytest.fixture
def month(app, make_unit, make_user):
    return h.build_month(make_unit, make_user)


def _query(**over):
    return "&".join(f"{k}={v}" for k, v in {**MONTH, **over}.items())


def test_leadership_reads_the_form_with_its_headings_and_every_figure_links_to_its_rows(month, client, login):
    login(Role.SUPERVISOR)
    page = client.get(f"/staff/bao-cao/?{_query()}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for heading in ("TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN", "Kỳ trước chuyển sang", "Đơn có nhiều người đứng tên",
                    "Đôn đốc giải quyết", "Số liệu tính từ ngày 15/10/2026 đến ngày 14/11/2026"):
        assert heading in html
    assert 'colspan="8"' in html  # Kết quả xử lý đơn over its eight columns
    links = re.findall(r'<a href="(/staff/bao-cao/chi-tiet\?[^"]+)">(\d+)</a>', html)
    assert len(links) > 40
    for href, figure in links:
        drill = client.get(href.replace("&amp;", "&"))
        assert drill.status_code == 200
        count = re.search(r'id="drill-count">(\d+)<', drill.get_data(as_text=True)).group(1)
        assert count == figure, href
    assert 'id="report-broken"' not in html


def test_the_reception_form_drills_down_to_visits_and_a_chosen_layout_is_kept(month, client, login):
    login(Role.SUPERVISOR)
    html = client.get(f"/staff/bao-cao/?{_query(bieu='01-TCD', phien_ban='01-TCD@02-2021')}").get_data(as_text=True)
    assert "Thông tư 02/2021/TT-TTCP" in html and "tiếp trực tuyến" not in html
    html = client.get(f"/staff/bao-cao/?{_query(bieu='01-TCD')}").get_data(as_text=True)
    assert "Trong đó: tiếp trực tuyến" in html
    drill = client.get("/staff/bao-cao/chi-tiet?" + _query(bieu="01-TCD", cot="6", don_vi="all"))
    assert len(re.findall(r'href="/staff/tiep-cong-dan/\d+"', drill.get_data(as_text=True))) == 2


def test_a_unit_head_reads_only_their_unit(month, client, login):
    vp, tdc = month
    login(Role.UNIT_HEAD, "TDC")
    html = client.get(f"/staff/bao-cao/?{_query()}").get_data(as_text=True)
    assert "Chi cục TĐC" in html and "Văn phòng Sở" not in html
    drill = client.get("/staff/bao-cao/chi-tiet?" + _query(cot="1", don_vi=str(vp.id)))
    assert re.search(r'id="drill-count">0<', drill.get_data(as_text=True))


@pytest.mark.parametrize("role, status", [(Role.SUPERVISOR, 200), (Role.ADMIN, 200), (Role.UNIT_HEAD, 200),
                                          (Role.HANDLER, 404), (Role.RECEPTION, 404)])
def test_who_may_open_the_reports(app, client, login, role, status):
    login(role)
    for path in ("/staff/bao-cao/", "/staff/bao-cao/bao-cao.xlsx", "/staff/bao-cao/bao-cao.csv",
                 "/staff/bao-cao/chi-tiet?cot=1"):
        assert client.get(path).status_code == status, path


def test_reports_need_a_sign_in(app, client):
    assert client.get("/staff/bao-cao/").status_code == 302


@pytest.mark.parametrize("over, field, message", [
    ({"ky": "custom", "tu": "31/02/2026", "den": "01/03/2026"}, "tu", ""),
    ({"ky": "custom", "tu": "10/11/2026", "den": "01/11/2026"}, "den", "Ngày kết thúc phải bằng hoặc sau"),
    ({"ky": "custom", "tu": "", "den": "01/11/2026"}, "tu", "Vui lòng nhập ngày bắt đầu"),
    ({"ky": "custom", "tu": "01/01/1990", "den": "01/11/2026"}, "tu", "Năm phải từ 2000"),
    ({"ky": "custom", "tu": "01/01/2010", "den": "01/11/2026"}, "den", "sáu năm"),
    ({"so": "13"}, "so", "Vui lòng chọn số từ 1 đến 12"),
    ({"ky": "sector_quarter", "so": "5"}, "so", "Vui lòng chọn số từ 1 đến 4"),
    ({"nam": "abc"}, "nam", ""),
    ({"nam": "99999"}, "nam", "Năm phải từ"),
    ({"bieu": "nope"}, "bieu", ""),
    ({"phien_ban": "01-TCD@02-2021"}, "phien_ban", "không thuộc biểu mẫu"),
])
def test_bad_choices_are_shown_next_to_their_field_and_kept(app, client, login, over, field, message):
    login(Role.SUPERVISOR)
    page = client.get(f"/staff/bao-cao/?{_query(**over)}")
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert re.search(rf'id="{field}-error"', html), html[:300]
    assert message in html
    if over.get("tu"):
        assert f'value="{over["tu"]}"' in html
    assert client.get(f"/staff/bao-cao/bao-cao.xlsx?{_query(**over)}").status_code == 404


def test_the_xlsx_has_a_sheet_per_form_with_merged_headings_numbers_and_print_setup(month, client, login):
    login(Role.SUPERVISOR)
    response = client.get(f"/staff/bao-cao/bao-cao.xlsx?{_query()}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["01-TCD", "01-XLD", "01-KQGQ", "01-KQGQTC"]
    sheet = book["01-XLD"]
    assert sheet["A5"].value == "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in [c.value for c in sheet[1]]
    assert "Độc lập - Tự do - Hạnh phúc" in [c.value for c in sheet[2]]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    # Fit to one page wide (1 is the file format's default width), as many pages down as needed.
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.fitToWidth in (None, 1)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A9:A11" in merged  # Đơn vị over the three header rows
    assert "C9:E9" in merged  # Kỳ trước chuyển sang over (2)–(4)
    rows = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(2, 27)] for r in range(13, 17)}
    for label, cells in h.HANDLING.items():
        assert rows[label] == [cells[str(i)] for i in range(1, 26)]
    assert sheet.cell(13, 2).number_format == "#,##0"
    tcd = book["01-TCD"]
    totals = [tcd.cell(r, 1).value for r in range(1, tcd.max_row + 1)]
    assert "Tổng cộng" in totals


def test_csv_and_pdf(month, client, login):
    login(Role.SUPERVISOR)
    csv = client.get(f"/staff/bao-cao/bao-cao.csv?{_query(bieu='01-KQGQ')}")
    text = csv.data.decode("utf-8")
    assert text.startswith("\ufeff01/KQGQ")
    assert "Đã giải quyết – Kết quả giải quyết – Khiếu nại sai (8)" in text
    assert "Tổng cộng,4,2,2,4,1,1,1,1,2,1,0,0" in text
    printed = client.get(f"/staff/bao-cao/in?{_query()}").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed and "GIÁM ĐỐC" in printed
    pdf = client.get(f"/staff/bao-cao/bao-cao.pdf?{_query()}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_page_opens_on_the_sector_month_under_way(app, client, login, clock):
    clock.set(h.local(11, 20))
    login(Role.SUPERVISOR)
    html = client.get("/staff/bao-cao/").get_data(as_text=True)
    assert "Số liệu tính từ ngày 15/11/2026 đến ngày 14/12/2026" in html


def test_a_broken_cross_check_is_shown_above_the_table(month, client, login):
    vp, _ = month
    h.add_case(vp, h.CaseKind.COMPLAINT, h.local(10, 16), status=h.S.RESOLVED, accepted=h.local(10, 17),
               resolved=h.local(10, 30), eligible=True, within=True)  # resolved without an outcome
    login(Role.SUPERVISOR)
    html = client.get(f"/staff/bao-cao/?{_query(bieu='01-KQGQ')}").get_data(as_text=True)
    broken = re.search(r'id="report-broken".*?</div>', html, re.S).group(0)
    assert "Văn phòng Sở: (4) = (5) + (6) + (7) + (8)" in broken
    assert "Tổng cộng: (4) = (5) + (6) + (7) + (8)" in broken
