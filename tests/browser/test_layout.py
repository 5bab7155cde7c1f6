"""In a real browser, on a phone (390 px) and a desktop (1280 px): no staff or admin page scrolls
sideways, even with a subject typed as one unbroken string, and no empty value shows as "None"."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, Role
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case
from tests.browser.test_case_flow import sign_in

LONG_SUBJECT = "Đềnghịkiểmtra" + "X" * 280
PAGES = ["/staff/", "/staff/?view=overdue", "/staff/?view=all&unit=&kind=", "{case}", "/staff/dashboard",
         "/admin/", "/admin/policies", "/admin/calendar", "/admin/routing", "/admin/doi-tac-api", "/admin/hop-thu-di",
         "/admin/tai-khoan", "/admin/tai-khoan/moi", "/admin/tai-khoan/{admin}", "/staff/tai-khoan",
         "/staff/tai-khoan/mat-khau", "/admin/ma-truy-cap-api", "/staff/tai-khoan/xac-thuc-hai-buoc"]


@pytest.fixture
def long_case(app, make_unit):
    """Received in 2020 and never swept; no category, unit, assignee, location or petitioner."""
    make_unit("VP", "Văn phòng Sở")
    make_unit("QLCNG", "Phòng Quản lý chuyên ngành (sở hữu trí tuệ, an toàn bức xạ)")
    received = datetime(2020, 3, 2, 2, 0, tzinfo=timezone.utc)
    case = Case(tracking_code=new_tracking_code(), kind=CaseKind.FEEDBACK, channel=Channel.ONLINE,
                status=CaseStatus.RECEIVED, subject=LONG_SUBJECT[:300], content="Y" * 2000, is_anonymous=True,
                received_at=received, triage_due=(received + timedelta(days=14)).date(),
                next_due=(received + timedelta(days=14)).date())
    db.session.add(case)
    db.session.commit()
    from petition_app.services.api_partners import issue

    issue(LONG_SUBJECT[:200], actor=None, now=received)  # a partner whose name never breaks
    return case


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_scrolls_sideways_or_shows_none(chromium, live_server, long_case, make_user, width):
    admin = make_user(Role.ADMIN, "VP")
    from petition_app.services import api_tokens

    api_tokens.issue(admin.username, days=90, actor=None, now=long_case.received_at)  # a row, expired
    context = chromium.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live_server, admin)
        for path in PAGES:
            path = path.format(case=f"/staff/cases/{long_case.id}", admin=admin.id)
            response = page.goto(live_server + path)
            assert response.status == 200, path
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (path, widths)
            assert "None" not in page.inner_text("body"), path
            assert not re.search(r'(value|href)="[^"]*\bNone\b', page.content()), path
        page.goto(f"{live_server}/staff/?view=overdue")
        assert page.get_by_role("link", name=long_case.tracking_code).is_visible()
        code = page.locator("td.code a").first.bounding_box()
        assert code["height"] < 30  # one line, never broken inside the code
    finally:
        context.close()
