"""The citizen follows one case in Chromium while staff act on it: the status page moves from the
triage date to the resolution date, to "paused" with what was asked, and to the extended date."""
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services.workflow import ActionInput, take_action
from tests.web.intake_helpers import VALID, submit

ASKED = "Bản sao hóa đơn mua hàng tại quầy số 5"
WHY = "Cần xác minh thêm tại cơ sở kinh doanh"


def staff_act(case, action, actor, clock, **given):
    db.session.refresh(case)
    take_action(case.id, action, actor, version=case.version, now=clock.now, given=ActionInput(**given))
    db.session.refresh(case)


def test_the_status_page_follows_the_clock_the_case_works_towards(page, live_server, app, make_unit, make_user,
                                                                   clock):
    make_unit("VP", "Văn phòng Sở")
    tdc = make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    supervisor = make_user(Role.SUPERVISOR, "VP")
    submit(app.test_client(), VALID["feedback"])
    case = db.session.scalar(sa.select(Case))
    status_page = f"{live_server}/tra-cuu/{case.tracking_code}"
    deadline = page.locator("#case-deadline")

    def label():
        return page.locator("dt:has(+ #case-deadline)").inner_text()

    page.goto(status_page)
    assert label() == "Hạn thông báo kết quả xử lý đơn"
    assert deadline.inner_text() == f"{case.triage_due:%d/%m/%Y}"

    staff_act(case, Action.ACCEPT, supervisor, clock, unit_id=tdc.id)
    page.reload()
    assert label() == "Hạn giải quyết"
    assert deadline.inner_text() == f"{case.resolution_due:%d/%m/%Y}" != f"{case.triage_due:%d/%m/%Y}"

    clock.advance(days=2)
    staff_act(case, Action.HOLD, supervisor, clock, note=ASKED)
    page.reload()
    assert "Tạm dừng — đang chờ ông/bà bổ sung" in deadline.inner_text()
    assert page.locator("#asked-for").inner_text() == ASKED
    assert f"{case.triage_due:%d/%m/%Y}" not in deadline.inner_text()

    clock.advance(days=6)
    staff_act(case, Action.RESUME, supervisor, clock, note="Đã nhận hóa đơn")
    resumed = case.resolution_due
    staff_act(case, Action.EXTEND, supervisor, clock, days=5, note=WHY)
    page.reload()
    assert case.resolution_due > resumed
    assert deadline.locator("strong").inner_text() == f"{case.resolution_due:%d/%m/%Y}"
    assert page.locator("#extension-reason").inner_text() == f"Lý do gia hạn: {WHY}"
    assert "Nguyễn Văn An" not in page.inner_text("body")
