"""End to end in a real browser: triage accepts and assigns, the handler resolves,
the citizen reads the outcome on the public status page."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import Case
from tests.conftest import TEST_PASSWORD, totp_code
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def filed(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    submit(app.test_client(), VALID["feedback"])
    return db.session.scalar(sa.select(Case))


def sign_in(page, base, user):
    """The password, then (leadership, admins, anyone who enrolled) the code the app shows now."""
    page.goto(f"{base}/staff/login")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/staff/(login/ma-xac-thuc)?$"))
    if page.url.endswith("/staff/login/ma-xac-thuc"):
        page.get_by_label("Mã xác thực").fill(totp_code(user))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{base}/staff/")


def open_action(page, action_label):
    page.get_by_text(action_label, exact=True).first.click()


def test_triage_accepts_and_assigns_the_handler_resolves_the_citizen_reads(page, live_server, filed, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    handler = make_user(Role.HANDLER, "CCTDC")
    handler.full_name = "Trần Văn Minh"
    db.session.commit()

    sign_in(page, live_server, supervisor)
    page.get_by_role("link", name=filed.tracking_code).click()
    open_action(page, "Thụ lý")
    page.locator("#accept-unit_id").select_option(label="Chi cục Tiêu chuẩn Đo lường Chất lượng")
    page.locator("#action-accept").get_by_role("button", name="Thụ lý").click()
    page.get_by_text("Đã thực hiện: Thụ lý").wait_for()
    open_action(page, "Giao xử lý")
    page.locator("#assign-assignee_id").select_option(label="Trần Văn Minh (CCTDC)")
    page.locator("#action-assign").get_by_role("button", name="Giao xử lý").click()
    page.get_by_text("Đã thực hiện: Giao xử lý").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, live_server, handler)
    page.get_by_role("link", name=filed.tracking_code).click()
    open_action(page, "Ghi kết quả giải quyết")
    form = page.locator("#action-resolve")
    form.locator("#resolve-outcome").select_option(label="Đã trả lời")
    form.get_by_label("Nội dung trả lời (được định dạng đơn giản)").fill("Đã kiểm tra, xử phạt cơ sở.")
    form.get_by_label("Tóm tắt kết quả công khai (không ghi thông tin cá nhân)").fill(
        "Đã kiểm tra cân tại chợ, xử phạt vi phạm.")
    form.get_by_role("button", name="Ghi kết quả giải quyết").click()
    page.get_by_text("Đã thực hiện: Ghi kết quả giải quyết").wait_for()

    page.goto(f"{live_server}/tra-cuu/{filed.tracking_code}")
    assert page.locator("#case-status").inner_text() == "Đã có kết quả giải quyết"
    assert page.locator("#case-outcome").inner_text() == "Đã trả lời"
    assert "xử phạt vi phạm" in page.locator("#public-summary").inner_text()
    db.session.refresh(filed)
    assert filed.status is CaseStatus.RESOLVED and filed.assignee_id == handler.id


def test_the_assign_form_offers_only_the_people_of_the_unit_chosen(page, live_server, filed, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    for unit, name in (("CCTDC", "Trần Văn Minh"), ("VP", "Lê Thị Hoa")):
        make_user(Role.HANDLER, unit).full_name = name
    db.session.commit()

    sign_in(page, live_server, supervisor)
    page.goto(f"{live_server}/staff/cases/{filed.id}")
    open_action(page, "Giao xử lý")
    people = page.locator("#assign-assignee_id")
    page.locator("#assign-unit_id").select_option(label="Chi cục Tiêu chuẩn Đo lường Chất lượng")
    people.select_option(label="Trần Văn Minh (CCTDC)")
    page.locator("#assign-unit_id").select_option(label="Văn phòng Sở")
    assert people.input_value() == ""  # the person chosen before belongs to another unit
    offered = people.locator("option:not([hidden])").all_inner_texts()
    assert offered == ["—", "Lê Thị Hoa (VP)"]
    other_unit = people.locator("optgroup[label='Chi cục Tiêu chuẩn Đo lường Chất lượng']")
    assert other_unit.get_attribute("hidden") is not None
