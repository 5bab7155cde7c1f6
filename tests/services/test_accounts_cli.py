"""`flask users create`: the password policy and clear errors."""
import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import User


@pytest.fixture(autouse=True)
def unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _create(runner, password, username="nguyen.van.an"):
    return runner.invoke(args=["users", "create", username, "--role", "handler", "--unit", "VP",
                               "--name", "Nguyễn Văn An", "--password", password])


@pytest.mark.parametrize(("password", "message"), [
    ("aaaaaaaaaa", "ít nhất 12 ký tự"),
    ("1234567890", "ít nhất 12 ký tự"),
    ("aaaaaaaaaaaa", "ký tự lặp lại hay một dãy liên tiếp"),
    ("123456789012", "quá phổ biến"),
    ("matkhau123456", "quá phổ biến"),
    ("abc123456789", "quá phổ biến"),
    ("nguyen.van.an.2026", "không được chứa tên đăng nhập"),
])
def test_create_refuses_a_weak_password_and_says_why(runner, password, message):
    result = _create(runner, password)
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(sa.select(User).where(User.username == "nguyen.van.an")) is None


def test_create_accepts_a_good_password(runner):
    result = _create(runner, "ngựa sắt trăm năm")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User).where(User.username == "nguyen.van.an")).check_password(
        "ngựa sắt trăm năm")
