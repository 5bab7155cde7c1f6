"""Taking workflow actions from the case page."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def case(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    submit(app.test_client(), VALID["complaint"])
    return db.session.scalar(sa.select(Case))


def post_action(client, case, action, **fields):
    page = client.get(f"/staff/cases/{case.id}")
    version = re.search(rf'id="{action}-version" name="{action}-version" type="hidden" value="(\d+)"',
                        page.get_data(as_text=True)).group(1)
    data = {"csrf_token": csrf_token(page), f"{action}-version": version,
            **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/staff/cases/{case.id}/actions/{action}", data=data)


def test_the_page_offers_only_the_actions_the_user_may_take(client, login, case):
    login(Role.RECEPTION, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    offered = set(re.findall(r'id="action-(\w+)"', body))
    assert offered == {"classify", "forward", "guide", "return", "archive", "hold", "withdraw"}


def test_accepting_from_the_page(client, login, case):
    login(Role.SUPERVISOR, "VP")
    unit_id = db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))
    response = post_action(client, case, "accept", unit_id=str(unit_id), note="Thụ lý giải quyết")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã thực hiện: Thụ lý" in page
    db.session.refresh(case)
    assert case.status is CaseStatus.ACCEPTED and case.unit_id == unit_id


def test_missing_fields_are_shown_by_the_field_with_input_kept(client, login, case):
    login(Role.SUPERVISOR, "VP")
    response = post_action(client, case, "forward", agency="Sở Tài chính")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="forward-cover_letter-error"' in body
    assert 'value="Sở Tài chính"' in body
    assert '<details open id="action-forward">' in body
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 1


def test_a_stale_form_is_refused_with_a_reload(client, login, case):
    login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{case.id}")
    token = csrf_token(page)
    stale = {"csrf_token": token, "guide-version": str(case.version), "guide-note": "Gửi UBND xã"}
    assert post_action(client, case, "classify", category="other").status_code == 303
    response = client.post(f"/staff/cases/{case.id}/actions/guide", data=stale)
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status is CaseStatus.RECEIVED


def test_an_action_the_role_may_not_take_is_refused(client, login, case):
    login(Role.RECEPTION, "VP")
    page = client.get(f"/staff/cases/{case.id}")
    response = client.post(f"/staff/cases/{case.id}/actions/accept",
                           data={"csrf_token": csrf_token(page), "accept-version": str(case.version),
                                 "accept-unit_id": "1"})
    assert response.status_code == 422
    assert "Vai trò của bạn không được thực hiện thao tác này" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status is CaseStatus.RECEIVED


def test_an_unseen_case_is_404(client, login, case):
    login(Role.HANDLER, "CCTDC")
    page = client.get("/staff/")
    response = client.post(f"/staff/cases/{case.id}/actions/hold",
                           data={"csrf_token": csrf_token(page), "hold-version": "1", "hold-note": "x"})
    assert response.status_code == 404
    assert case.subject not in response.get_data(as_text=True)


def test_an_unknown_action_is_404(client, login, case):
    login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{case.id}")
    assert client.post(f"/staff/cases/{case.id}/actions/explode",
                       data={"csrf_token": csrf_token(page)}).status_code == 404


def test_the_published_outcome_reaches_the_status_page_sanitised(client, login, case, make_user):
    from datetime import date

    from petition_app.domain.workflow import Action, Outcome
    from petition_app.services.workflow import ActionInput, take_action

    supervisor = login(Role.SUPERVISOR, "VP")
    now = case.received_at
    for action, given in [
        (Action.ACCEPT, ActionInput(unit_id=case.unit_id)),
        (Action.RESOLVE, ActionInput(outcome=Outcome.REJECTED, decision_number="30/QĐ-SKHCN",
                                     decision_date=date(2026, 12, 1), answer="Trả lời",
                                     public_summary='Khiếu nại sai. <img src=x onerror="alert(1)">',
                                     publish=True)),
    ]:
        db.session.refresh(case)
        take_action(case.id, action, supervisor, version=case.version, now=now, given=given)
    body = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    assert "Khiếu nại sai" in body and 'id="case-outcome"' in body
    assert 'onerror="' not in body and "<img" not in body  # typed HTML is shown as text, never run
    assert "Trả lời" not in body  # the full answer goes to the citizen, not to the public page


def test_an_unpublished_summary_stays_off_the_status_page(client, login, case):
    from datetime import date

    from petition_app.domain.workflow import Action, Outcome
    from petition_app.services.workflow import ActionInput, take_action

    supervisor = login(Role.SUPERVISOR, "VP")
    take_action(case.id, Action.ACCEPT, supervisor, version=case.version, now=case.received_at,
                given=ActionInput(unit_id=case.unit_id))
    db.session.refresh(case)
    take_action(case.id, Action.RESOLVE, supervisor, version=case.version, now=case.received_at,
                given=ActionInput(outcome=Outcome.REJECTED, decision_number="30/QĐ-SKHCN",
                                  decision_date=date(2026, 12, 1), answer="Trả lời",
                                  public_summary="Ông Trần Thị Bình, 0905 123 456, khiếu nại sai."))
    body = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    assert 'id="case-outcome"' in body  # the outcome itself is shown to the code's holder
    assert "0905 123 456" not in body and "Trần Thị Bình" not in body


def test_the_timeline_reads_in_words_and_phones_in_national_format(client, login, case):
    login(Role.SUPERVISOR, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert "Tiếp nhận đơn" in body and "— received" not in body
    assert "0905 123 456" in body and "+84905123456" not in body


def test_the_case_page_explains_each_deadline(client, login, case):
    login(Role.SUPERVISOR, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    triage = body.split('id="deadline-triage"', 1)[1].split("</div>", 1)[0]
    assert "09/12/2026" in triage and "Trong hạn" in triage
    assert "Tính từ ngày 25/11/2026, 10 ngày làm việc" in triage and "Thông tư 05/2021/TT-TTCP" in triage
    acceptance = body.split('id="deadline-acceptance"', 1)[1].split("</div>", 1)[0]
    assert "Luật Khiếu nại 2011, Điều 27" in acceptance  # the complaint's 10-day acceptance period
    assert "4 ngày nghỉ cuối tuần" in triage
