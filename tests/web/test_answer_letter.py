"""The answer to a citizen as a letter (văn bản trả lời): HTML to print, PDF from the server;
and the formatting preview beside the answer fields."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action, Outcome
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.richtext import markdown_to_text
from petition_app.services.workflow import ActionInput, take_action
from tests.conftest import csrf_token
from tests.web.publishing_helpers import case_in_hand


@pytest.fixture
def units(make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")


def resolved(app, make_user, kind, clock, **given):
    case = case_in_hand(app, make_user, kind)
    supervisor = make_user(Role.SUPERVISOR, "VP")
    take_action(case.id, Action.RESOLVE, supervisor, version=case.version, now=clock.now,
                given=ActionInput(answer="Sở trả lời:\n\n1. Đã kiểm tra **30 cân**.\n2. Đã xử phạt.",
                                  public_summary="Đã xử phạt.", publish=False, **given))
    db.session.refresh(case)
    return case


def test_the_letter_has_the_national_heading_number_date_addressee_and_signer(client, login, units, make_user, clock):
    from datetime import date

    case = resolved(app=client.application, make_user=make_user, kind="complaint", clock=clock,
                    outcome=Outcome.REJECTED, decision_number="25/QĐ-SKHCN", decision_date=date(2026, 12, 10))
    login(Role.HANDLER, "CCTDC")
    body = client.get(f"/staff/cases/{case.id}/van-ban-tra-loi").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body and "Độc lập - Tự do - Hạnh phúc" in body
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in body and "ỦY BAN NHÂN DÂN TỈNH" in body
    assert re.search(r'id="letter-number">Số: 25/QĐ-SKHCN<', body)
    assert "ngày 10 tháng 12 năm 2026" in body
    assert "Trần Thị Bình" in body.split('id="letter-addressee"')[1][:300]
    assert "<strong>30 cân</strong>" in body and 'id="letter-signer-title">GIÁM ĐỐC<' in body
    pdf = client.get(f"/staff/cases/{case.id}/van-ban-tra-loi.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "private, no-store"


def test_the_case_page_links_the_letter(client, login, units, make_user, clock):
    case = resolved(client.application, make_user, "feedback", clock, outcome=Outcome.ANSWERED)
    login(Role.HANDLER, "CCTDC")
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert f'href="/staff/cases/{case.id}/van-ban-tra-loi.pdf"' in page


def test_a_denouncer_is_not_named_on_the_letter(client, login, units, make_user, clock):
    from datetime import date

    case = resolved(client.application, make_user, "denunciation", clock, outcome=Outcome.UNTRUE,
                    decision_number="12/KL-SKHCN", decision_date=date(2026, 12, 1))
    login(Role.HANDLER, "CCTDC")
    body = client.get(f"/staff/cases/{case.id}/van-ban-tra-loi").get_data(as_text=True)
    assert "Lê Văn Cường" not in body and "001090012345" not in body


def test_no_letter_before_an_answer_nor_for_a_case_one_may_not_see(client, login, units, make_user, clock):
    case = case_in_hand(client.application, make_user, "feedback")
    login(Role.HANDLER, "CCTDC")
    assert client.get(f"/staff/cases/{case.id}/van-ban-tra-loi.pdf").status_code == 404
    done = resolved(client.application, make_user, "petition_org", clock, outcome=Outcome.ANSWERED)
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    login(Role.HANDLER, "VP")  # another unit's handler
    assert client.get(f"/staff/cases/{done.id}/van-ban-tra-loi").status_code == 404
    assert client.get("/staff/cases/99999999/van-ban-tra-loi.pdf").status_code == 404


def test_the_preview_renders_the_subset_cleaned(client, login, units):
    login(Role.HANDLER, "CCTDC")
    token = csrf_token(client.get("/staff/"))
    response = client.post("/staff/xem-truoc", data={"csrf_token": token,
                                                     "text": "**Đậm**\n\n- một\n- hai\n\n<script>x()</script>"})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>Đậm</strong>" in html and "<ul>" in html and "<script>" not in html
    assert client.post("/staff/xem-truoc", data={"text": "x"}).status_code == 400  # no CSRF token
    assert client.post("/staff/xem-truoc", data={"csrf_token": token, "text": "x" * 20001}).status_code == 413


def test_the_preview_needs_a_signed_in_user(client, units):
    response = client.post("/staff/xem-truoc", data={"text": "x"})
    assert response.status_code in (302, 400)
    assert "<strong>" not in response.get_data(as_text=True)


def test_rows_resolved_before_the_source_was_kept_still_read_well(client, login, units, make_user, clock):
    case = resolved(client.application, make_user, "feedback", clock, outcome=Outcome.ANSWERED)
    db.session.execute(sa.update(Case).where(Case.id == case.id).values(
        answer_source=None, answer_html="<p>Trả lời cũ</p><ul><li>Ý một</li><li>Ý hai</li></ul>"))
    db.session.commit()
    db.session.refresh(case)
    assert markdown_to_text(case.answer_source, case.answer_html) == "Trả lời cũ\n\n- Ý một\n- Ý hai"
    login(Role.HANDLER, "CCTDC")
    assert "<li>Ý một</li>" in client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
