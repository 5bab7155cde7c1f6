"""What the desk prints and exports: the receipt (HTML and PDF), the log book's print layout,
XLSX read back with openpyxl, CSV with a BOM; and the leaders' reception schedule."""
import csv
import io
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import ReceptionSession, Visit
from tests.conftest import csrf_token
from tests.web.reception_helpers import record


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def test_the_receipt_carries_the_heading_code_documents_officer_and_answer_date(client, login):
    officer = login(Role.RECEPTION)
    record(client, outcome="registered", kind="feedback", subject="Cân thiếu", consent="y")
    visit = db.session.scalar(sa.select(Visit))
    html = client.get(f"/staff/tiep-cong-dan/{visit.id}/bien-nhan").get_data(as_text=True)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", visit.case.tracking_code,
                 "Nguyễn Thị Lan", "Ảnh chụp cân", officer.full_name, "print.css",
                 visit.case.triage_due.strftime("%d/%m/%Y"), "Luật Tiếp công dân 2013, Điều 28(1)"):
        assert text in html, text
    assert "None" not in html


def test_the_receipt_as_a_pdf_from_the_server(client, login):
    login(Role.RECEPTION)
    record(client, outcome="registered", kind="feedback", subject="Cân thiếu", consent="y")
    visit = db.session.scalar(sa.select(Visit))
    response = client.get(f"/staff/tiep-cong-dan/{visit.id}/bien-nhan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_print_css_has_a_print_layout():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "petition_app/static/print.css").read_text()
    assert "@media print" in css and "A5" in css and "A4 landscape" in css


def _log_of_three(client, clock):
    record(client, visited_at="24/11/2026 08:00")
    record(client, visited_at="25/11/2026 08:30", is_group="y", people_count="12", name_1="Lê Văn Hùng",
           outcome="refused", refusal_ground="threatening")
    record(client, visited_at="25/11/2026 09:00", outcome="registered", kind="petition",
           subject="Kiến nghị", consent="y", place="grassroots", place_detail="UBND xã Quảng Phú")


def test_the_xlsx_reads_back_with_its_headings_dates_and_figures(client, login, clock):
    login(Role.RECEPTION)
    _log_of_three(client, clock)
    response = client.get("/staff/tiep-cong-dan/so.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Ngày tiếp", "Họ và tên") and "Hướng xử lý" in rows[0]
    assert sheet.freeze_panes == "A2"
    # Excel shows a stored width of 50.71 (50 characters plus its cell padding) as 50.
    assert int(sheet.column_dimensions["G"].width) == 50 and rows[0][6] == "Nội dung vụ việc"
    body = rows[1:]
    assert len(body) == 3
    assert [r[1] for r in body] == [datetime(2026, 11, 25, 9, 0), datetime(2026, 11, 25, 8, 30),
                                    datetime(2026, 11, 24, 8, 0)]  # dates as dates, local time
    assert sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
    people = rows[0].index("Số người")
    assert sum(r[people] for r in body) == 14
    outcomes = [r[rows[0].index("Hướng xử lý")] for r in body]
    assert outcomes.count("Từ chối tiếp") == 1 and outcomes.count("Tiếp nhận đơn, đăng ký hồ sơ") == 1
    filtered = load_workbook(io.BytesIO(client.get(
        "/staff/tiep-cong-dan/so.xlsx?tu=25/11/2026&den=25/11/2026&outcome=refused").data)).active
    assert filtered.max_row == 2



def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(client, login, clock):
    """A visitor's words are never run by Excel: "=…" is stored as a string, not a formula."""
    login(Role.RECEPTION)
    record(client, visited_at="25/11/2026 08:00", content='=HYPERLINK("http://x.invalid","bấm vào đây")')
    sheet = load_workbook(io.BytesIO(client.get("/staff/tiep-cong-dan/so.xlsx").data)).active
    content = sheet.cell(row=2, column=7)
    assert content.value == '=HYPERLINK("http://x.invalid","bấm vào đây")' and content.data_type == "s"


def test_an_empty_log_still_has_its_headings(client, login):
    login(Role.RECEPTION)
    sheet = load_workbook(io.BytesIO(client.get("/staff/tiep-cong-dan/so.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 and rows[0][:3] == ("STT", "Ngày tiếp", "Họ và tên")


def test_the_files_follow_the_columns_of_form_01(client, login, clock):
    """Thông tư 04/2021/TT-TTCP, Mẫu số 01: STT, ngày tiếp, họ tên – địa chỉ – CCCD, nội dung, phân loại,
    cơ quan đã giải quyết, hướng xử lý, theo dõi kết quả, ghi chú — in that order, then the department's own."""
    login(Role.RECEPTION)
    record(client, visited_at="25/11/2026 08:00", kind="complaint", prior_authority="UBND huyện Đông Sơn",
           is_group="y", people_count="12", name_1="Lê Văn Hùng")
    record(client, visited_at="25/11/2026 09:00", outcome="registered", kind="petition", subject="Kiến nghị",
           consent="y")
    sheet = load_workbook(io.BytesIO(client.get("/staff/tiep-cong-dan/so.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:12] == ("STT", "Ngày tiếp", "Họ và tên", "Địa chỉ", "Số CCCD", "Số người", "Nội dung vụ việc",
                            "Phân loại đơn, vụ việc", "Cơ quan đã giải quyết", "Hướng xử lý", "Theo dõi kết quả",
                            "Ghi chú")
    registered, group = rows[1], rows[2]
    case = db.session.scalar(sa.select(Visit).where(Visit.case_id.is_not(None))).case
    assert registered[7] == "Kiến nghị" and registered[10] == f"{case.tracking_code}: Đã tiếp nhận, đang phân loại"
    assert group[2] == "Nguyễn Thị Lan; Lê Văn Hùng" and group[5] == 12
    assert group[7] == "Khiếu nại" and group[8] == "UBND huyện Đông Sơn" and group[10] is None
    page = client.get("/staff/tiep-cong-dan/").get_data(as_text=True)
    assert page.index("Phân loại đơn, vụ việc") < page.index("Cơ quan đã giải quyết") < page.index("Theo dõi kết quả")
    assert "UBND huyện Đông Sơn" in page and "Đoàn 12 người; đại diện:" in page and "None" not in page


def test_the_csv_is_utf8_with_a_bom_for_excel(client, login, clock):
    login(Role.RECEPTION)
    _log_of_three(client, clock)
    data = client.get("/staff/tiep-cong-dan/so.csv").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "STT" and len(rows) == 4 and rows[1][2] == "Nguyễn Thị Lan"


@pytest.mark.parametrize("query, shown", [
    ("", 3), ("?place=grassroots", 1), ("?outcome=refused", 1), ("?reception_kind=deputy", 0),
    ("?tu=25/11/2026", 2), ("?tu=26/11/2026&den=25/11/2026", 3), ("?tu=31/02/2026", 3), ("?officer=abc", 3),
    ("?trang=-4", 3), ("?trang=99999999999", 3),
])
def test_the_log_book_filters_and_never_fails_on_bad_input(client, login, clock, query, shown):
    login(Role.RECEPTION)
    _log_of_three(client, clock)
    response = client.get(f"/staff/tiep-cong-dan/{query}")
    assert response.status_code == 200
    assert f"{shown} lượt tiếp" in response.get_data(as_text=True)
    assert client.get(f"/staff/tiep-cong-dan/in{query}").status_code == 200


def test_the_log_book_print_layout(client, login, clock):
    login(Role.RECEPTION)
    _log_of_three(client, clock)
    html = client.get("/staff/tiep-cong-dan/in?tu=24/11/2026&den=25/11/2026").get_data(as_text=True)
    assert "SỔ TIẾP CÔNG DÂN" in html and "24/11/2026" in html and "UBND xã" not in html.split("<tbody>")[0]


def test_admins_publish_the_heads_reception_days_and_the_public_sees_them(client, login, clock):
    login(Role.ADMIN)
    page = client.get("/admin/lich-tiep-cong-dan")
    token = csrf_token(page)
    bad = client.post("/admin/lich-tiep-cong-dan", data={"csrf_token": token, "starts_at": "05/12/2026 08:00",
                                                         "ends_at": "05/12/2026 07:00", "place": "", "host": "x"})
    assert bad.status_code == 422 and 'id="place-error"' in bad.get_data(as_text=True)
    past = client.post("/admin/lich-tiep-cong-dan", data={"csrf_token": token, "starts_at": "01/11/2026 08:00",
                                                          "ends_at": "01/11/2026 11:00", "place": "Phòng tiếp",
                                                          "host": "Giám đốc"})
    assert past.status_code == 422 and "sắp tới" in past.get_data(as_text=True)
    backwards = client.post("/admin/lich-tiep-cong-dan", data={
        "csrf_token": token, "starts_at": "05/12/2026 08:00", "ends_at": "05/12/2026 07:00",
        "place": "Phòng tiếp", "host": "Giám đốc"})
    assert backwards.status_code == 422 and "sau giờ bắt đầu" in backwards.get_data(as_text=True)
    ok = client.post("/admin/lich-tiep-cong-dan", data={
        "csrf_token": token, "starts_at": "05/12/2026 08:00", "ends_at": "05/12/2026 11:00",
        "place": "Phòng tiếp công dân, 15 Hạc Thành", "host": "Ông Lê Văn Giám, Giám đốc Sở"})
    assert ok.status_code == 303
    session = db.session.scalar(sa.select(ReceptionSession))
    assert session.starts_at == datetime(2026, 12, 5, 1, 0, tzinfo=timezone.utc)
    public = client.get("/lich-tiep-cong-dan").get_data(as_text=True)
    assert "Ông Lê Văn Giám" in public and "08:00 05/12/2026" in public and "Thứ Bảy" in public
    assert "/lich-tiep-cong-dan" in client.get("/").get_data(as_text=True)
    clock.set(datetime(2026, 12, 6, tzinfo=timezone.utc))
    assert "Ông Lê Văn Giám" not in client.get("/lich-tiep-cong-dan").get_data(as_text=True)


def test_only_admins_edit_the_schedule(client, login):
    login(Role.RECEPTION)
    assert client.get("/admin/lich-tiep-cong-dan").status_code == 404
