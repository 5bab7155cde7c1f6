"""End to end in a real browser: a visitor arrives, the officer types the CCCD of someone seen
before (the earlier visit appears), registers the visit as a case and opens the receipt."""
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Visit
from tests.browser.test_case_flow import sign_in
from tests.conftest import TEST_PASSWORD, csrf_token
from tests.web.reception_helpers import record


def test_a_returning_visitor_is_recognised_registered_and_given_a_receipt(page, live_server, app, make_unit,
                                                                         make_user, clock):
    make_unit("VP", "Văn phòng Sở")
    officer = make_user(Role.RECEPTION, "VP")
    officer.full_name = "Phạm Thu Hà"
    db.session.commit()
    earlier = app.test_client()
    token = csrf_token(earlier.get("/staff/login"))
    earlier.post("/staff/login", data={"csrf_token": token, "username": officer.username, "password": TEST_PASSWORD})
    record(earlier, visited_at="24/11/2026 08:00", content="Hỏi về thủ tục đăng ký mã số mã vạch.")

    sign_in(page, live_server, officer)
    page.goto(f"{live_server}/staff/tiep-cong-dan/moi")
    assert page.evaluate("document.activeElement.id") == "citizen_id_0"  # autofocus: type at once
    page.keyboard.type("001088012345")
    page.locator("#earlier-visits li", has_text="thủ tục đăng ký mã số mã vạch").wait_for()
    page.get_by_label("Người được tiếp — họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Nội dung trình bày (tóm tắt)").fill("Phản ánh cân thiếu tại chợ Vườn Hoa.")
    page.get_by_label("Tài liệu, giấy tờ công dân cung cấp (mỗi dòng một tài liệu)").fill("Đơn phản ánh\nẢnh chụp")
    page.get_by_label("Kết quả tiếp").select_option("registered")
    page.get_by_label("Phân loại đơn, vụ việc").select_option("feedback")
    page.get_by_label("Tiêu đề hồ sơ").fill("Cân thiếu tại chợ Vườn Hoa")
    page.get_by_label("Công dân đồng ý cho Sở xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)").check()
    page.get_by_role("button", name="Ghi sổ").click()
    page.get_by_text("Đã ghi sổ lượt tiếp công dân.").wait_for()

    db.session.expire_all()
    visit = db.session.scalars(sa.select(Visit).order_by(Visit.id.desc())).first()
    code, due = visit.case.tracking_code, visit.case.triage_due.strftime("%d/%m/%Y")
    page.locator("#print-receipt").click()
    page.locator("#tracking-code").wait_for()
    assert page.locator("#tracking-code").inner_text() == code
    assert page.locator("#answer-by").inner_text() == due
    assert "Phạm Thu Hà" in page.locator("#receipt-officer").inner_text()
