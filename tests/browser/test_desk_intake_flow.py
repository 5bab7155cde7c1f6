"""End to end in a real browser on a phone-sized screen, from the keyboard only: the officer
opens the postal intake, sends it empty, reads every error at once, follows the summary to a
field and registers a letter that gives only a postal address."""
import re

import sqlalchemy as sa
from playwright.sync_api import expect

from petition_app.domain.cases import Channel, ConsentMeans, Role
from petition_app.extensions import db
from petition_app.models import Case
from tests.browser.test_case_flow import sign_in


def _type_into(page, label, text):
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_officer_registers_a_postal_letter_from_the_keyboard(page, live_server, make_unit, make_user):
    make_unit("VP", "Văn phòng Sở")
    officer = make_user(Role.RECEPTION, "VP")
    sign_in(page, live_server, officer)

    page.get_by_role("link", name="Nhận đơn qua bưu chính").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/staff/cases/new\?nguon=buu-chinh"))
    assert page.get_by_label("Qua bưu chính", exact=True).is_checked()
    assert _no_sideways_scroll(page)

    page.get_by_role("button", name="Ghi nhận đơn").focus()
    page.keyboard.press("Enter")
    page.locator("#error-summary").wait_for()
    # app.js moves the focus to the summary once the page has loaded: wait for it (Playwright's own
    # retrying assertion; a string predicate would need eval, which the pages' CSP forbids), then check it.
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert {"Loại đơn", "Họ và tên", "Địa chỉ", "Tiêu đề", "Nội dung đơn", "Sự đồng ý của công dân"} <= set(names)
    assert "Số điện thoại" not in names  # a letter: the postal address is enough
    assert page.get_by_label("Qua bưu chính", exact=True).is_checked()  # kept after the refusal
    assert _no_sideways_scroll(page)

    # Follow the summary to the consent: the cursor lands on its first choice.
    page.locator("#error-summary a", has_text="Sự đồng ý của công dân").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "consent_means-0"
    page.keyboard.press("ArrowDown")  # radios: arrows move and choose
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Ghi sự đồng ý trong đơn, thư gửi đến").is_checked()

    page.get_by_label("Phản ánh", exact=True).focus()
    page.keyboard.press("Space")
    _type_into(page, "Họ và tên", "Lê Thị Hoa")
    _type_into(page, "Địa chỉ", "Thôn 3, xã Phú Lộc, TP Huế")
    _type_into(page, "Địa điểm, nơi xảy ra sự việc", "Chợ Phú Lộc")
    _type_into(page, "Tiêu đề, nội dung chính", "Cân sai tại chợ Phú Lộc")
    _type_into(page, "Nội dung đơn", "Thư phản ánh cân thiếu tại chợ Phú Lộc.")
    page.get_by_role("button", name="Ghi nhận đơn").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/staff/cases/\d+$"))
    assert "Ghi sự đồng ý trong đơn, thư gửi đến" in page.content()
    case = db.session.scalar(sa.select(Case))
    assert case.channel is Channel.POST and case.consent_means is ConsentMeans.IN_LETTER
    assert case.petitioner.phone is None and case.created_by_id == officer.id
    assert _no_sideways_scroll(page)
