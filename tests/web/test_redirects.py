"""A `next` parameter never sends the browser to another site, and never breaks the response."""
import pytest

from tests.conftest import TEST_PASSWORD, csrf_token

OFF_SITE = [
    "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "%09//evil.example", "/%0d",
    "//evil.example", "/%5Cevil.example", "https://evil.example/", "/%E2%80%A8/evil.example",
    "%20//evil.example", "javascript:alert(1)",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_language_switch_stays_on_the_site(client, target):
    response = client.get(f"/ngon-ngu/en?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_returns_to_the_page_it_came_from(client):
    response = client.get("/ngon-ngu/en?next=/tra-cuu")
    assert response.status_code == 302 and response.headers["Location"] == "/tra-cuu"


@pytest.mark.parametrize("target", ["/staff/%0d", "/staff/%09/evil.example", "/staff/%5C%5Cevil.example",
                                    "/staff//evil.example", "//evil.example/staff/"])
def test_sign_in_goes_home_for_an_unsafe_next(client, make_user, target):
    user = make_user()
    token = csrf_token(client.get("/staff/login"))
    response = client.post(f"/staff/login?next={target}", data={
        "csrf_token": token, "username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_sign_in_follows_a_staff_next(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login?next=/staff/dashboard", data={
        "csrf_token": token, "username": user.username, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/staff/dashboard"
