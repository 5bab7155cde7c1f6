"""End to end in a real browser: a new leader is sent to enrol, reads the secret off the page into
"an app" (pyotp), confirms, is shown recovery codes once, and signs in again with a code."""
import re

import pyotp

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import SecondFactor
from tests.conftest import TEST_PASSWORD


def test_a_leader_enrols_then_signs_in_with_a_code(page, live_server, make_unit, make_user, clock):
    make_unit("VP", "Văn phòng Sở")
    leader = make_user(Role.SUPERVISOR, "VP", second_factor=False)
    page.goto(f"{live_server}/staff/login")
    page.get_by_label("Tên đăng nhập").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/staff/tai-khoan/xac-thuc-hai-buoc/bat")
    assert page.get_by_role("img", name="Mã QR để thêm vào ứng dụng xác thực").is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths  # the long otpauth URI wraps on a phone
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    app = pyotp.TOTP(secret)
    page.get_by_label("Mã xác thực").fill(app.at(clock()))
    page.get_by_role("button", name="Xác nhận và bật").click()
    page.get_by_role("heading", name="Đã bật xác thực hai bước").wait_for()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert db.session.get(SecondFactor, leader.id, populate_existing=True).is_confirmed
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()

    clock.advance(seconds=30)  # the next code of the app
    page.goto(f"{live_server}/staff/login")
    page.get_by_label("Tên đăng nhập").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/staff/login/ma-xac-thuc")
    page.get_by_label("Mã xác thực").fill("000000" if app.at(clock()) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận").click()
    page.locator("#code-error").get_by_text("Mã xác thực không đúng").wait_for()
    page.get_by_label("Mã xác thực").fill(app.at(clock()))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server}/staff/")
    assert secret not in page.goto(f"{live_server}/staff/tai-khoan/xac-thuc-hai-buoc").text()
