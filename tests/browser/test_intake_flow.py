"""End to end in a real browser, on a phone-sized screen: file a case, read the code, look it up."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from petition_app.extensions import db
from petition_app.models import Case


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def test_citizen_files_feedback_and_follows_it_by_tracking_code(page, live_server):
    page.goto(f"{live_server}/gui-don")
    page.get_by_label("Phản ánh", exact=True).check()
    # The form adapts: the complaint and denunciation sections are hidden for feedback.
    assert page.locator("#complained_decision").is_hidden()
    assert page.locator("#accused").is_hidden()
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại", exact=True).fill("0912 345 678")
    page.get_by_label("Thư điện tử", exact=True).fill("an@example.com")
    page.get_by_label("Địa chỉ", exact=True).fill("12 Lê Lợi, TP Huế")
    page.get_by_label("Địa điểm, nơi xảy ra sự việc").fill("Chợ Đông Ba")
    page.get_by_label("Tiêu đề, nội dung chính").fill("Cân điện tử sai lệch")
    page.get_by_label("Nội dung đơn").fill("Cân tại quầy số 5 cân thiếu 100 g mỗi kg.")
    page.get_by_label(re.compile("Tôi đồng ý")).check()
    page.get_by_role("button", name="Gửi đơn").click()

    page.wait_for_url(re.compile(r"/gui-don/bien-nhan/"))
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}(-[2-9A-Z]{4}){3}", code)
    assert page.locator("#answer-by").inner_text() == "09/12/2026"
    assert db.session.scalar(sa.select(Case.tracking_code)) == code

    page.goto(f"{live_server}/tra-cuu")
    page.get_by_label("Mã tra cứu").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(f"{live_server}/tra-cuu/{code}")
    assert page.locator("#case-status").inner_text() == "Đã tiếp nhận, đang phân loại"
    assert "Nguyễn Văn An" not in page.content()


def test_errors_are_shown_by_the_fields_and_focus_the_summary(page, live_server):
    page.goto(f"{live_server}/gui-don")
    page.get_by_label("Khiếu nại", exact=True).check()
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Số căn cước công dân").fill("12345")
    page.get_by_role("button", name="Gửi đơn").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    # app.js moves the focus to the summary once the page has loaded: wait for it (Playwright's own
    # retrying assertion; a string predicate would need eval, which the pages' CSP forbids), then check it.
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "đúng 12 chữ số" in page.locator("#citizen_id-error").inner_text()
    # What was typed is still there.
    assert page.get_by_label("Họ và tên").input_value() == "Trần Thị Bình"
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
