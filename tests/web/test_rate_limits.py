"""Rate limits: the intake form, lookups (against enumeration) and sign-in."""
import pytest

from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


@pytest.fixture
def strict(app):
    # The limits are read per request, so the running app can be tightened.
    app.config.update(INTAKE_RATE_LIMIT="2 per minute", LOOKUP_MISS_RATE_LIMIT="3 per minute",
                      LOGIN_RATE_LIMIT="3 per minute")


def test_third_intake_in_a_minute_gets_the_friendly_429_page(strict, client):
    assert submit(client, VALID["feedback"]).status_code == 303
    assert submit(client, VALID["feedback"]).status_code == 303
    response = submit(client, VALID["feedback"])
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.get_data(as_text=True)


def test_posts_without_csrf_token_count_towards_the_limit(strict, client):
    for _ in range(2):
        assert client.post("/gui-don", data={"subject": "x"}).status_code == 422
    response = client.post("/gui-don", data={"subject": "x"})
    assert response.status_code == 429


def test_limit_is_per_client(strict, app):
    first = app.test_client()
    for _ in range(3):
        submit(first, VALID["feedback"])
    assert submit(first, VALID["feedback"]).status_code == 429
    other = app.test_client()
    environ = {"REMOTE_ADDR": "127.0.0.9"}
    page = other.get("/gui-don", environ_base=environ)
    data = {**VALID["feedback"], "csrf_token": csrf_token(page), "submission_token": "t-other"}
    response = other.post("/gui-don", data=data, environ_base=environ)
    assert response.status_code == 303


def test_unknown_codes_are_limited_against_enumeration(strict, client):
    codes = ["2222-2222-2222-2222", "3333-3333-3333-3333", "4444-4444-4444-4444", "5555-5555-5555-5555"]
    statuses = [client.get(f"/tra-cuu/{code}").status_code for code in codes]
    assert statuses[:3] == [404, 404, 404]
    assert statuses[3] == 429


def test_login_attempts_are_limited(strict, client, make_user):
    user = make_user()
    for _ in range(3):
        token = csrf_token(client.get("/staff/login"))
        client.post("/staff/login", data={"csrf_token": token, "username": user.username, "password": "sai"})
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                  "password": "sai"})
    assert response.status_code == 429
