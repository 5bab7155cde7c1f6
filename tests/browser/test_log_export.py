"""End to end in a real browser: a log book too large to write within the request. The officer
clicks the XLSX link, lands on the page that says the file is being prepared, the job builds it,
the page offers the download and the file reads back."""
import io

from openpyxl import load_workbook

from petition_app.domain.cases import Role
from petition_app.i18n import label
from petition_app.services import log_exports
from tests.browser.test_case_flow import sign_in
from tests.conftest import TEST_PASSWORD, csrf_token
from tests.web.reception_helpers import record


def test_a_large_log_is_prepared_then_downloaded(page, live_server, app, make_unit, make_user, clock, monkeypatch):
    monkeypatch.setattr(log_exports, "INLINE_LIMIT", 2)
    make_unit("VP", "Văn phòng Sở")
    officer = make_user(Role.RECEPTION, "VP")
    desk = app.test_client()
    token = csrf_token(desk.get("/staff/login"))
    desk.post("/staff/login", data={"csrf_token": token, "username": officer.username, "password": TEST_PASSWORD})
    for hour in ("08:00", "08:30", "09:00"):
        record(desk, visited_at=f"25/11/2026 {hour}")

    sign_in(page, live_server, officer)
    page.goto(f"{live_server}/staff/tiep-cong-dan/")
    page.get_by_role("link", name="Tải Excel (XLSX)").click()
    page.get_by_text("tệp đang được chuẩn bị").wait_for()
    assert page.get_by_role("link", name="Tải tệp XLSX").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    assert log_exports.build_pending_exports(clock.now, label) == 1  # what the scheduler's job does
    page.get_by_role("link", name="Tải lại trang").click()
    page.get_by_text("Tệp đã sẵn sàng.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.max_row == 4 and sheet["A1"].value == "STT"
