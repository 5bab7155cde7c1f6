"""A denouncer's identity: a pseudonym everywhere, revealed only deliberately, to those who may, on record."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit

SECRETS = ("Lê Văn Cường", "001090012345", "0987 654 321", "+84987654321", "Hà Nội")


@pytest.fixture
def denunciation(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    submit(app.test_client(), VALID["denunciation"])
    return db.session.scalar(sa.select(Case))


def leaks(body):
    return [s for s in SECRETS if s in body]


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.ADMIN])
def test_every_role_first_sees_a_pseudonym(client, login, denunciation, role):
    login(role, "VP")
    body = client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)
    assert re.search(r"Người tố cáo #[2-9A-Z]{2}", body)
    assert leaks(body) == []
    assert leaks(client.get("/staff/").get_data(as_text=True)) == []


def test_the_pseudonym_is_stable(client, login, denunciation):
    login(Role.HANDLER, "VP")
    aliases = {re.search(r"Người tố cáo #([2-9A-Z]{2})", client.get(f"/staff/cases/{denunciation.id}")
                         .get_data(as_text=True)).group(1) for _ in range(3)}
    assert len(aliases) == 1


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.UNIT_HEAD])
def test_a_deliberate_reveal_shows_the_identity_and_is_audited(client, login, make_user, denunciation, role):
    user = login(user=make_user(role, "VP", second_factor=True))
    page = client.get(f"/staff/cases/{denunciation.id}")
    assert "Xem danh tính (được ghi vào nhật ký)" in page.get_data(as_text=True)
    revealed = client.post(f"/staff/cases/{denunciation.id}/danh-tinh",
                           data={"csrf_token": csrf_token(page), "reason": "Cần xác minh thêm với người tố cáo"})
    assert revealed.status_code == 200
    assert "Lê Văn Cường" in revealed.get_data(as_text=True)
    event = db.session.scalars(sa.select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert (event.action, event.actor_id) == ("reveal_identity", user.id)
    assert event.data == {"reason": "Cần xác minh thêm với người tố cáo"}
    # The reveal does not stick: the next visit shows the pseudonym again.
    assert leaks(client.get(f"/staff/cases/{denunciation.id}").get_data(as_text=True)) == []


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.ADMIN])
def test_others_cannot_reveal(client, login, denunciation, role):
    login(role, "VP")
    page = client.get(f"/staff/cases/{denunciation.id}")
    assert "Xem danh tính" not in page.get_data(as_text=True)
    response = client.post(f"/staff/cases/{denunciation.id}/danh-tinh", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 403
    assert leaks(response.get_data(as_text=True)) == []
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.action == "reveal_identity")) == 0


def test_public_pages_never_show_the_denouncer(client, denunciation):
    body = client.get(f"/tra-cuu/{denunciation.tracking_code}").get_data(as_text=True)
    assert leaks(body) == [] and "Người tố cáo #" not in body


def test_the_identity_never_reaches_the_logs(client, login, denunciation, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{denunciation.id}")
    revealed = client.post(f"/staff/cases/{denunciation.id}/danh-tinh",
                           data={"csrf_token": csrf_token(page), "reason": "Xác minh"})
    assert revealed.status_code == 200 and "Lê Văn Cường" in revealed.get_data(as_text=True)
    assert leaks(caplog.text) == []
