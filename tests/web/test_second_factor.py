"""Two-step sign-in: enrolling, the code after the password, reuse and wrong codes, recovery codes,
the roles that must use it, and an admin's reset — each audited, each with a real pyotp code."""
import re

import pyotp
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, RecoveryCode, SecondFactor
from tests.conftest import TEST_PASSWORD, TEST_TOTP_SECRET, csrf_token, sign_in_with, totp_code

LOGIN_CODE = "/staff/login/ma-xac-thuc"
ENROL = "/staff/tai-khoan/xac-thuc-hai-buoc/bat"


@pytest.fixture(autouse=True)
def unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _events(action):
    return list(db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == action).order_by(AdminEvent.id)))


def _password(client, user):
    token = csrf_token(client.get("/staff/login"))
    return client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                             "password": TEST_PASSWORD})


def _code(client, code):
    token = csrf_token(client.get(LOGIN_CODE))
    return client.post(LOGIN_CODE, data={"csrf_token": token, "code": code})


def _signed_in(client):
    return client.get("/staff/").status_code == 200


def _enrol(client, clock):
    """Start enrolling, read the secret off the page as a person would, confirm with the app's code."""
    page = client.get(ENROL)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body = page.get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    assert f"secret={secret}" in body and 'src="data:image/svg+xml' in body  # the URI and its QR code
    response = client.post(ENROL, data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).at(clock())})
    return secret, response


def _recovery_codes(response):
    return re.findall(r'<code class="secret">([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>',
                      response.get_data(as_text=True))


def test_a_handler_enrols_voluntarily_and_then_signs_in_with_a_code(app, client, login, clock):
    user = login(Role.HANDLER)
    secret, response = _enrol(client, clock)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    codes = _recovery_codes(response)
    assert len(codes) == 10
    factor = db.session.get(SecondFactor, user.id)
    assert factor.is_confirmed and factor.secret == secret
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # hashed at rest
    [event] = _events("user.second_factor_enabled")
    assert event.actor_id == user.id and secret not in str(event.data)
    # The secret is never shown again.
    assert secret not in client.get(ENROL, follow_redirects=True).get_data(as_text=True)
    assert client.get(ENROL).status_code == 303
    # A new sign-in: the password alone opens nothing.
    other = app.test_client()
    assert _password(other, user).headers["Location"].endswith(LOGIN_CODE)
    assert not _signed_in(other)
    clock.advance(seconds=30)
    assert _code(other, pyotp.TOTP(secret).at(clock())).status_code == 302
    assert _signed_in(other)


def test_a_wrong_enrolment_code_keeps_the_factor_off_and_the_same_secret(client, login, clock):
    user = login(Role.HANDLER)
    page = client.get(ENROL)
    response = client.post(ENROL, data={"csrf_token": csrf_token(page), "code": "000000"})
    assert response.status_code == 422
    assert "Mã xác thực không đúng" in response.get_data(as_text=True)
    factor = db.session.get(SecondFactor, user.id)
    assert not factor.is_confirmed and factor.secret in response.get_data(as_text=True).replace(" ", "")
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_leadership_and_admins_without_a_factor_see_nothing_but_the_enrolment(app, client, make_user, clock, role):
    user = make_user(role, second_factor=False)
    assert _password(client, user).status_code == 302
    for path in ("/staff/", "/staff/dashboard", "/admin/", "/staff/tai-khoan"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith(ENROL), path
    _, response = _enrol(client, clock)
    assert response.status_code == 200
    assert _signed_in(client)


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD])
def test_other_roles_may_work_without_a_second_factor(client, login, role):
    login(role)
    assert _signed_in(client)


def test_a_code_is_refused_the_second_time(app, client, make_user, clock):
    user = make_user(Role.SUPERVISOR)
    code = pyotp.TOTP(TEST_TOTP_SECRET).at(clock())
    assert _password(client, user).status_code == 302
    assert _code(client, code).status_code == 302
    other = app.test_client()
    _password(other, user)
    refused = _code(other, code)
    assert refused.status_code == 422
    assert "đã được dùng" in refused.get_data(as_text=True) and not _signed_in(other)


def test_a_wrong_code_is_refused_next_to_the_field_and_five_lock_the_factor(client, make_user, clock):
    user = make_user(Role.ADMIN)
    _password(client, user)
    for _ in range(4):
        response = _code(client, "123456" if pyotp.TOTP(TEST_TOTP_SECRET).at(clock()) != "123456" else "654321")
        assert response.status_code == 422
        assert 'id="code-error"' in response.get_data(as_text=True)
    _code(client, "999999x")
    locked = _code(client, "000000")
    assert "tạm khóa" in locked.get_data(as_text=True)
    # Even the right code waits for the lock to end.
    assert _code(client, totp_code(user, clock)).status_code == 422
    clock.advance(minutes=3)
    sign_in_with(client, user, clock)
    assert _signed_in(client)
    assert db.session.get(SecondFactor, user.id, populate_existing=True).failed_attempts == 0


def test_the_pending_step_expires_and_needs_the_password_again(client, make_user, clock):
    user = make_user(Role.SUPERVISOR)
    _password(client, user)
    clock.advance(minutes=6)
    response = client.get(LOGIN_CODE)
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/login")


def test_a_recovery_code_works_once_and_its_use_is_audited(app, client, login, clock):
    user = login(Role.HANDLER)
    _, response = _enrol(client, clock)
    first, second = _recovery_codes(response)[:2]
    device = app.test_client()
    _password(device, user)
    assert _code(device, first.upper()).status_code == 302 and _signed_in(device)
    [event] = _events("user.recovery_code_used")
    assert event.data == {"username": user.username, "left": 9} and first not in str(event.data)
    again = app.test_client()
    _password(again, user)
    assert _code(again, first).status_code == 422
    assert _code(again, second).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(app, client, login, clock):
    user = login(Role.HANDLER)
    _, response = _enrol(client, clock)
    old = _recovery_codes(response)
    page = client.get("/staff/tai-khoan/xac-thuc-hai-buoc")
    assert "Còn 10 mã dự phòng" in page.get_data(as_text=True)
    refused = client.post("/staff/tai-khoan/xac-thuc-hai-buoc/ma-du-phong",
                          data={"csrf_token": csrf_token(page), "code": "000000"})
    assert refused.status_code == 422 and _events("user.recovery_codes_regenerated") == []
    clock.advance(seconds=30)
    made = client.post("/staff/tai-khoan/xac-thuc-hai-buoc/ma-du-phong",
                       data={"csrf_token": csrf_token(page), "code": totp_code(user, clock)})
    new = _recovery_codes(made)
    assert made.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    assert len(_events("user.recovery_codes_regenerated")) == 1
    device = app.test_client()
    _password(device, user)
    assert _code(device, old[0]).status_code == 422
    assert _code(device, new[0]).status_code == 302


def test_an_admin_resets_a_second_factor_audited_and_the_user_enrols_again(app, login, make_user, clock):
    leader = make_user(Role.SUPERVISOR)
    leader_device = app.test_client()
    sign_in_with(leader_device, leader, clock)
    admin_client = app.test_client()
    admin = make_user(Role.ADMIN)
    sign_in_with(admin_client, admin, clock)
    page = admin_client.get(f"/admin/tai-khoan/{leader.id}")
    assert 'id="second-factor-state"' in page.get_data(as_text=True) and "Đang bật" in page.get_data(as_text=True)
    response = admin_client.post(f"/admin/tai-khoan/{leader.id}/xac-thuc-hai-buoc",
                                 data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    [event] = _events("user.second_factor_reset")
    assert event.actor_id == admin.id and event.data == {"username": leader.username}
    assert db.session.get(SecondFactor, leader.id, populate_existing=True) is None
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(RecoveryCode.user_id == leader.id)) == 0
    # The leader's sessions ended; the password now leads to enrolment, not to a code.
    response = leader_device.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert _password(leader_device, leader).headers["Location"].endswith("/staff/")
    assert leader_device.get("/staff/").headers["Location"].endswith(ENROL)
    # Only admins reach the reset (and the leader must enrol before anything else).
    assert leader_device.post(f"/admin/tai-khoan/{admin.id}/xac-thuc-hai-buoc",
                              data={"csrf_token": csrf_token(leader_device.get(ENROL))}).status_code == 302
    handler = app.test_client()
    sign_in_with(handler, make_user(Role.HANDLER), clock)
    assert handler.post(f"/admin/tai-khoan/{admin.id}/xac-thuc-hai-buoc",
                        data={"csrf_token": csrf_token(handler.get("/staff/"))}).status_code == 404
    assert db.session.get(SecondFactor, admin.id, populate_existing=True) is not None


def test_an_enrolment_from_another_device_ends_sessions_that_never_entered_a_code(app, client, login, clock):
    user = login(Role.HANDLER)
    other = app.test_client()
    sign_in_with(other, user, clock)
    _enrol(client, clock)
    assert _signed_in(client)
    response = other.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_the_password_change_keeps_the_code_of_this_session(client, make_user, clock):
    user = make_user(Role.SUPERVISOR)
    sign_in_with(client, user, clock)
    page = client.get("/staff/tai-khoan/mat-khau")
    response = client.post("/staff/tai-khoan/mat-khau", data={
        "csrf_token": csrf_token(page), "current_password": TEST_PASSWORD,
        "new_password": "Ca-phe-sua-da-2026", "confirm": "Ca-phe-sua-da-2026"})
    assert response.status_code == 303
    assert _signed_in(client)
