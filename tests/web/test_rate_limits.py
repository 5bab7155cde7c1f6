"""Rate limits: the intake form, lookups (against enumeration) and sign-in."""
import re

import pytest

from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, counts, open_form, submit


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


def test_the_please_wait_answer_is_the_form_with_the_input_kept_and_the_time_to_wait(strict, client):
    for _ in range(2):
        assert submit(client, VALID["feedback"]).status_code == 303
    typed = {**VALID["complaint"], "subject": "Khiếu nại về cân đo <b>lần 3</b>",
             "content": "Nội dung dài do công dân tự gõ, có dấu: Đà Nẵng, Huế, Thừa Thiên."}
    response = submit(client, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 60
    assert 'id="intake-form"' in page  # the form, not a page that replaces it
    shown = re.search(r"đợi khoảng (\d+) giây", page)
    assert shown and abs(int(shown.group(1)) - wait) <= 1 and "vẫn được giữ nguyên" in page
    for name in ("full_name", "citizen_id", "address", "complained_decision"):
        assert f'value="{typed[name]}"' in page, name
    assert "Khiếu nại về cân đo &lt;b&gt;lần 3&lt;/b&gt;" in page
    assert typed["content"] in page
    assert 'name="csrf_token"' in page and 'name="submission_token"' in page
    assert counts()["cases"] == 2


def test_the_form_kept_by_the_please_wait_page_goes_through_once_the_window_is_over(strict, app, client):
    for _ in range(2):
        submit(client, VALID["feedback"])
    tokens = open_form(client)
    assert submit(client, VALID["petition_org"], tokens=tokens).status_code == 429
    app.config["INTAKE_RATE_LIMIT"] = "3 per minute"  # as if the minute were over
    assert submit(client, VALID["petition_org"], tokens=tokens).status_code == 303
    assert counts()["cases"] == 3


def test_a_refused_attempt_with_a_valid_token_counts(strict, client):
    incomplete = {**VALID["feedback"], "consent": ""}
    response = submit(client, incomplete)
    assert response.status_code == 422  # sent back for the missing consent: still an attempt
    assert submit(client, VALID["feedback"]).status_code == 303
    assert submit(client, VALID["feedback"]).status_code == 429


def test_a_second_identical_click_does_not_count(strict, client):
    tokens = open_form(client)
    first = submit(client, VALID["feedback"], tokens=tokens)
    again = submit(client, VALID["feedback"], tokens=tokens)  # the same form sent twice
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]  # one case
    assert submit(client, VALID["complaint"]).status_code == 303  # the second real attempt
    assert submit(client, VALID["petition_org"]).status_code == 429  # the third
    assert counts()["cases"] == 2


def test_the_same_token_with_a_corrected_form_is_a_new_attempt(strict, client):
    tokens = open_form(client)
    assert submit(client, {**VALID["feedback"], "consent": ""}, tokens=tokens).status_code == 422
    assert submit(client, VALID["feedback"], tokens=tokens).status_code == 303  # corrected: counts
    assert submit(client, VALID["complaint"]).status_code == 429


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
