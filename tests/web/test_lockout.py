"""Growing delays after failed sign-ins, per account, on the injected clock; unknown usernames alike."""
import pytest

from petition_app.domain.cases import Role
from tests.conftest import TEST_PASSWORD, csrf_token

LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau {} phút."
WRONG_PASSWORD = "sai-mat-khau-roi"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture
def attempt(client):
    def sign_in(username, password=WRONG_PASSWORD):
        token = csrf_token(client.get("/staff/login"))
        return client.post("/staff/login", data={"csrf_token": token, "username": username, "password": password})

    return sign_in


def _says(response, text):
    return text in response.get_data(as_text=True)


def test_five_failures_lock_the_account_even_for_the_right_password(client, attempt, make_user, clock):
    user = make_user(Role.HANDLER)
    for _ in range(4):
        assert _says(attempt(user.username), WRONG)
    fifth = attempt(user.username)
    assert fifth.status_code == 422 and _says(fifth, LOCKED.format(1))
    right = attempt(user.username, TEST_PASSWORD)
    assert right.status_code == 422 and _says(right, LOCKED.format(1))
    assert client.get("/staff/").status_code == 302
    clock.advance(seconds=59)
    assert _says(attempt(user.username, TEST_PASSWORD), LOCKED.format(1))
    clock.advance(seconds=1)
    assert attempt(user.username, TEST_PASSWORD).status_code == 302
    assert client.get("/staff/").status_code == 200


def test_each_failure_after_a_lock_doubles_it_up_to_an_hour(attempt, make_user, clock):
    user = make_user(Role.HANDLER)
    for _ in range(4):
        attempt(user.username)
    for minutes in (1, 2, 4, 8, 16, 32, 60, 60):
        assert _says(attempt(user.username), LOCKED.format(minutes))
        clock.advance(minutes=minutes)


def test_a_success_starts_the_count_over(client, attempt, make_user, clock):
    user = make_user(Role.HANDLER)
    for _ in range(4):
        attempt(user.username)
    assert attempt(user.username, TEST_PASSWORD).status_code == 302
    token = csrf_token(client.get("/staff/"))
    client.post("/staff/logout", data={"csrf_token": token})
    for _ in range(4):
        assert _says(attempt(user.username), WRONG)
    assert _says(attempt(user.username), LOCKED.format(1))


def test_one_locked_account_leaves_the_others_alone(attempt, make_user):
    locked, other = make_user(Role.HANDLER), make_user(Role.HANDLER)
    for _ in range(5):
        attempt(locked.username)
    assert attempt(other.username, TEST_PASSWORD).status_code == 302


def test_an_unknown_username_locks_exactly_like_an_account(attempt, make_user, clock):
    user = make_user(Role.HANDLER)
    answers = {}
    for username in (user.username, "khong-ai-co-ten-nay"):
        answers[username] = [(r.status_code, _says(r, WRONG), _says(r, LOCKED.format(1)), _says(r, LOCKED.format(2)))
                             for r in [attempt(username) for _ in range(6)]]
        clock.advance(minutes=1)
        answers[username].append(attempt(username).status_code)
        answers[username].append(_says(attempt(username), LOCKED.format(2)))
    assert answers[user.username] == answers["khong-ai-co-ten-nay"]
    assert answers[user.username][4] == (422, False, True, False)
