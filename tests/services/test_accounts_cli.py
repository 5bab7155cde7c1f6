"""`flask users create / set-password / deactivate / activate`: the password policy and clear errors."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
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


def test_set_password_asks_twice_without_echo_and_applies_the_policy(runner, make_user):
    user = make_user(Role.HANDLER)
    weak = runner.invoke(args=["users", "set-password", user.username], input="matkhau123456\nmatkhau123456\n")
    assert weak.exit_code == 1 and "quá phổ biến" in weak.output
    good = runner.invoke(args=["users", "set-password", user.username],
                         input="mot-mat-khau-moi-2026\nmot-mat-khau-moi-2026\n")
    assert good.exit_code == 0, good.output
    assert "Mật khẩu mới" in good.output and "mot-mat-khau-moi-2026" not in good.output
    db.session.refresh(user)
    assert user.check_password("mot-mat-khau-moi-2026")


@pytest.mark.parametrize("command", [["set-password", "--password", "mot-mat-khau-moi-2026"], ["deactivate"],
                                     ["activate"]])
def test_an_unknown_username_is_a_clear_error(runner, command):
    result = runner.invoke(args=["users", command[0], "khong-co", *command[1:]])
    assert result.exit_code == 1
    assert "không có tài khoản khong-co" in result.output


def test_account_changes_are_in_the_admins_audit_trail(runner, client, login, make_user):
    user = make_user(Role.HANDLER)
    runner.invoke(args=["users", "deactivate", user.username])
    runner.invoke(args=["users", "set-password", user.username, "--password", "mot-mat-khau-moi-2026"])
    login(Role.ADMIN)
    body = client.get("/admin/").get_data(as_text=True)
    assert f"Khóa tài khoản: {user.username}" in body
    assert f"Đặt lại mật khẩu: {user.username}" in body
