"""The outbox for admins: counts, pages by status, retry and cancel (audited), masked recipients,
admins only."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, OutboxMessage, OutboxStatus
from petition_app.services.outbox import enqueue, masked, send_due
from tests.conftest import csrf_token


@pytest.fixture
def failed(app, clock):
    """A message the mail server refused until the sender gave up (nothing listens on MAIL_PORT)."""
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    message = enqueue("to.cao.secret@example.com", "Thông báo về đơn ABCD", "…", now=clock.now)
    db.session.commit()
    send_due(clock.now)
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED and message.last_error
    return message


def test_admins_see_failed_mail_with_its_error_and_a_masked_address(client, login, failed):
    login(Role.ADMIN)
    index = client.get("/admin/").get_data(as_text=True)
    assert "1 thư gửi không được, 0 thư đang chờ gửi" in index
    page = client.get("/admin/hop-thu-di").get_data(as_text=True)
    assert "Thông báo về đơn ABCD" in page and "t***@example.com" in page
    assert "to.cao.secret" not in page
    assert client.get("/admin/hop-thu-di?trang_thai=sent").status_code == 200
    assert client.get("/admin/hop-thu-di?trang_thai=nonsense").status_code == 404
    assert client.get("/admin/hop-thu-di?truoc=abc").status_code == 200  # a bad cursor is the first page


def test_retry_sends_at_the_next_pass_and_is_audited(client, login, failed, clock):
    login(Role.ADMIN)
    token = csrf_token(client.get("/admin/hop-thu-di"))
    response = client.post(f"/admin/hop-thu-di/{failed.id}/gui-lai", data={"csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    message = db.session.get(OutboxMessage, failed.id)
    assert message.status is OutboxStatus.PENDING
    event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "outbox.retried"))
    assert event.data == {"message": failed.id, "case": None, "was": "failed"}


def test_cancel_keeps_the_message_and_a_sent_one_cannot_change(client, login, failed, clock):
    login(Role.ADMIN)
    token = csrf_token(client.get("/admin/hop-thu-di"))
    client.post(f"/admin/hop-thu-di/{failed.id}/huy", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(OutboxMessage, failed.id).status is OutboxStatus.CANCELLED
    again = client.post(f"/admin/hop-thu-di/{failed.id}/gui-lai", data={"csrf_token": token}, follow_redirects=True)
    assert "Chỉ gửi lại được thư chưa gửi hoặc gửi không được." in again.get_data(as_text=True)
    assert db.session.get(OutboxMessage, failed.id).status is OutboxStatus.CANCELLED
    assert client.post(f"/admin/hop-thu-di/{failed.id}/xoa", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/admin/hop-thu-di/{failed.id}/huy").status_code == 400  # no CSRF token


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR])
def test_only_admins_reach_the_outbox(client, login, role, failed):
    login(role)
    assert client.get("/admin/hop-thu-di").status_code == 404


def test_masking():
    assert masked("an.nguyen@example.com") == "a***@example.com"
    assert masked("") == "***" and masked("no-at-sign") == "***"
