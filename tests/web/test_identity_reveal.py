"""Revealing a denouncer's identity (Luật Tố cáo 2018, Điều 47-48): a typed reason, kept in the
audit trail and shown in the case's history to those who may reveal, and a second factor entered
in the last fifteen minutes — else a code is asked again."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from tests.conftest import csrf_token, sign_in_with, totp_code
from tests.web.intake_helpers import VALID, submit

NAME = "Lê Văn Cường"
REASON = "Cần liên hệ người tố cáo để bổ sung chứng cứ"


@pytest.fixture
def denunciation(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    submit(app.test_client(), VALID["denunciation"])
    return db.session.scalar(sa.select(Case))


def _reveal(client, case, **fields):
    page = client.get(f"/staff/cases/{case.id}")
    return client.post(f"/staff/cases/{case.id}/danh-tinh", data={"csrf_token": csrf_token(page), **fields})


def _reveals():
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "reveal_identity")))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reveal_without_a_reason_is_refused_next_to_the_field(client, login, denunciation, reason):
    login(Role.SUPERVISOR, "VP")
    response = _reveal(client, denunciation, reason=reason)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and NAME not in body
    assert 'id="reason-error"' in body and "Vui lòng ghi lý do" in body
    assert _reveals() == []


def test_the_reason_is_kept_and_shown_in_the_history_only_to_those_who_may_reveal(
        app, client, login, make_user, denunciation):
    leader = login(Role.SUPERVISOR, "VP")
    response = _reveal(client, denunciation, reason=REASON)
    assert response.status_code == 200 and NAME in response.get_data(as_text=True)
    [event] = _reveals()
    assert (event.actor_id, event.data, event.note) == (leader.id, {"reason": REASON}, None)
    assert REASON in client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    handler = app.test_client()
    sign_in_with(handler, make_user(Role.HANDLER, "VP"))
    body = handler.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert "Xem danh tính người tố cáo" in body and REASON not in body  # the event, not its reason


def test_after_fifteen_minutes_a_code_is_asked_again(client, login, denunciation, clock):
    leader = login(Role.SUPERVISOR, "VP")
    clock.advance(minutes=15, seconds=1)
    page = client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert 'name="code"' in page
    refused = _reveal(client, denunciation, reason=REASON)
    assert refused.status_code == 422 and NAME not in refused.get_data(as_text=True)
    assert 'id="code-error"' in refused.get_data(as_text=True)
    wrong = _reveal(client, denunciation, reason=REASON, code="000000")
    assert wrong.status_code == 422 and NAME not in wrong.get_data(as_text=True)
    assert "Mã xác thực không đúng" in wrong.get_data(as_text=True) and REASON in wrong.get_data(as_text=True)
    assert _reveals() == []
    revealed = _reveal(client, denunciation, reason=REASON, code=totp_code(leader, clock))
    assert revealed.status_code == 200 and NAME in revealed.get_data(as_text=True)
    assert len(_reveals()) == 1
    # The new code counts for the next fifteen minutes: no code asked.
    clock.advance(minutes=10)
    assert 'name="code"' not in client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert _reveal(client, denunciation, reason=REASON).status_code == 200


def test_within_fifteen_minutes_of_sign_in_no_code_is_asked(client, login, denunciation, clock):
    login(Role.SUPERVISOR, "VP")
    clock.advance(minutes=14)
    assert 'name="code"' not in client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert _reveal(client, denunciation, reason=REASON).status_code == 200


def test_a_unit_head_without_a_second_factor_is_sent_to_enrol_first(client, login, denunciation):
    login(Role.UNIT_HEAD, "VP")
    page = client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert 'id="reveal-needs-enrolment"' in page and "/staff/tai-khoan/xac-thuc-hai-buoc/bat" in page
    refused = _reveal(client, denunciation, reason=REASON, code="123456")
    assert refused.status_code == 422 and NAME not in refused.get_data(as_text=True)
    assert _reveals() == []


def test_the_staff_api_never_carries_the_reason(app, client, login, denunciation, clock):
    from petition_app.api.representation import detail

    leader = login(Role.SUPERVISOR, "VP")
    assert _reveal(client, denunciation, reason=REASON).status_code == 200
    with app.test_request_context():
        shown = detail(leader, db.session.get(Case, denunciation.id), clock()).model_dump_json()
    assert "reveal_identity" in shown and REASON not in shown
