"""End to end in a real browser: a handler resolves with formatted text and a phone number in the
public summary, publication is refused and shows where to mask, the handler masks and publishes,
and a citizen finds the outcome in the public register by a word typed without diacritics."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case, Publication
from tests.browser.test_case_flow import open_action, sign_in
from tests.web.publishing_helpers import case_in_hand


@pytest.fixture
def in_hand(app, make_unit, make_user):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    return case_in_hand(app, make_user, "feedback")


def test_refused_then_masked_then_published_and_found_without_diacritics(page, live_server, in_hand, make_user):
    handler = make_user(Role.HANDLER, "CCTDC")
    sign_in(page, live_server, handler)
    page.goto(f"{live_server}/staff/cases/{in_hand.id}")
    open_action(page, "Ghi kết quả giải quyết")
    form = page.locator("#action-resolve")
    form.locator("#resolve-outcome").select_option(label="Đã trả lời")
    form.get_by_label("Nội dung trả lời (được định dạng đơn giản)").fill(
        "Kính gửi ông,\n\n1. Đã kiểm tra **cân điện tử** tại chợ.\n2. Đã xử phạt cơ sở.")
    form.get_by_role("button", name="Xem trước").first.click()
    assert page.locator("#resolve-answer-preview strong").inner_text() == "cân điện tử"
    summary = form.get_by_label("Tóm tắt kết quả công khai (không ghi thông tin cá nhân)")
    summary.fill("Đã kiểm tra **cân điện tử** tại chợ Đông Ba. Liên hệ 0912 345 678 nếu cần.")
    assert form.get_by_label("Công khai kết quả trên trang Kết quả giải quyết").is_checked()
    form.get_by_role("button", name="Ghi kết quả giải quyết").click()

    error = page.locator("#resolve-public_summary-error")
    error.wait_for()
    assert "còn thông tin cá nhân" in error.inner_text()
    assert "Liên hệ [đã ẩn] nếu cần" in error.inner_text()
    assert "0912 345 678" in page.locator("#resolve-public_summary").input_value()  # kept as typed
    assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 0

    form = page.locator("#action-resolve")
    form.get_by_label("Tự động ẩn thông tin cá nhân trong tóm tắt công khai").check()
    form.get_by_role("button", name="Ghi kết quả giải quyết").click()
    page.get_by_text("Đã thực hiện: Ghi kết quả giải quyết").wait_for()
    assert page.locator("#answer li strong").first.inner_text() == "cân điện tử"

    page.goto(f"{live_server}/ket-qua")
    page.get_by_label("Tìm trong kết quả (gõ có hoặc không dấu)").fill("can dien tu dong ba")
    page.get_by_role("button", name="Tìm").click()
    results = page.locator("#register-results li")
    assert results.count() == 1
    assert "cân điện tử" in results.first.inner_text() and "[đã ẩn]" in results.first.inner_text()
    assert "0912" not in page.content() and "Nguyễn Văn An" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    results.first.get_by_role("link").click()
    page.wait_for_url(f"{live_server}/ket-qua/{in_hand.tracking_code}")
    assert page.locator("#outcome-result").inner_text() == "Đã trả lời"
    db.session.expire_all()
    assert db.session.get(Case, in_hand.id).public_summary_source.endswith("Liên hệ [đã ẩn] nếu cần.")
