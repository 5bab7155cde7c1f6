"""Sessions end on the server: sign-out, a new password and deactivation end them everywhere,
and signing in starts a fresh session (new CSRF token, nothing carried over but the language)."""
import pytest

from petition_app.domain.cases import Role
from tests.conftest import TEST_PASSWORD, csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _copy_session(app, client):
    """A second browser holding the same session cookie (as a thief who saved it would)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _sign_out(client):
    token = csrf_token(client.get("/staff/"))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302


def _is_sent_to_sign_in(response):
    return response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_cookie_saved_before_sign_out_no_longer_opens_staff_pages(app, client, login):
    login(Role.HANDLER)
    saved = _copy_session(app, client)
    assert saved.get("/staff/").status_code == 200
    _sign_out(client)
    assert _is_sent_to_sign_in(saved.get("/staff/"))
    assert _is_sent_to_sign_in(saved.get("/admin/"))


def test_signing_out_ends_the_users_sessions_on_other_devices(app, client, login, make_user):
    user = make_user(Role.HANDLER)
    other_device = app.test_client()
    login(user=user)
    token = csrf_token(other_device.get("/staff/login"))
    other_device.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                            "password": TEST_PASSWORD})
    assert other_device.get("/staff/").status_code == 200
    _sign_out(client)
    assert _is_sent_to_sign_in(other_device.get("/staff/"))
    login(user=user)
    assert client.get("/staff/").status_code == 200


def test_a_new_password_ends_existing_sessions(app, client, login, runner):
    user = login(Role.HANDLER)
    saved = _copy_session(app, client)
    result = runner.invoke(args=["users", "set-password", user.username],
                           input="mot-mat-khau-moi-2026\nmot-mat-khau-moi-2026\n")
    assert result.exit_code == 0, result.output
    assert "mot-mat-khau-moi-2026" not in result.output
    assert _is_sent_to_sign_in(client.get("/staff/"))
    assert _is_sent_to_sign_in(saved.get("/staff/"))
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                  "password": "mot-mat-khau-moi-2026"})
    assert response.status_code == 302


def test_deactivating_ends_existing_sessions_and_activating_lets_the_user_back(app, client, login, runner):
    user = login(Role.HANDLER)
    saved = _copy_session(app, client)
    result = runner.invoke(args=["users", "deactivate", user.username])
    assert result.exit_code == 0, result.output
    assert _is_sent_to_sign_in(saved.get("/staff/"))
    assert _is_sent_to_sign_in(client.get("/staff/"))
    token = csrf_token(client.get("/staff/login"))
    form = {"csrf_token": token, "username": user.username, "password": TEST_PASSWORD}
    assert client.post("/staff/login", data=form).status_code == 422
    assert runner.invoke(args=["users", "activate", user.username]).exit_code == 0
    assert client.post("/staff/login", data=form).status_code == 302
    assert client.get("/staff/").status_code == 200


def test_the_csrf_token_is_renewed_at_sign_in_and_the_old_one_is_refused(client, make_user):
    user = make_user(Role.HANDLER)
    before = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": before, "username": user.username,
                                                  "password": TEST_PASSWORD})
    assert response.status_code == 302
    after = csrf_token(client.get("/staff/"))
    assert after != before
    assert client.post("/staff/logout", data={"csrf_token": before}).status_code == 400
    assert client.get("/staff/").status_code == 200
    assert client.post("/staff/logout", data={"csrf_token": after}).status_code == 302


def test_sign_in_drops_the_citizens_receipts_and_keeps_the_language(client, login):
    filed = submit(client, VALID["feedback"])
    receipt = filed.headers["Location"]
    assert client.get(receipt).status_code == 200
    client.get("/ngon-ngu/en")
    login(Role.RECEPTION)
    with client.session_transaction() as session:
        assert "receipts" not in session
    response = client.get(receipt)
    assert response.status_code == 302 and "/bien-nhan/" not in response.headers["Location"]
    assert '<html lang="en">' in client.get("/staff/").get_data(as_text=True)


def test_sign_out_starts_a_fresh_session_too(client, login):
    login(Role.HANDLER)
    client.get("/ngon-ngu/en")
    _sign_out(client)
    with client.session_transaction() as session:
        assert session["lang"] == "en"
        assert set(session) <= {"lang", "_flashes"}
