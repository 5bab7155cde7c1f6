"""Staff accounts: creating users and checking sign-ins."""
from datetime import datetime

import sqlalchemy as sa

from ..domain.cases import Role
from ..domain.passwords import MIN_LENGTH, Weakness, weakness
from ..extensions import db
from ..models import Unit, User

WEAKNESS_MESSAGES = {
    Weakness.TOO_SHORT: f"mật khẩu cần ít nhất {MIN_LENGTH} ký tự",
    Weakness.COMMON: "mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác",
    Weakness.CONTAINS_USERNAME: "mật khẩu không được chứa tên đăng nhập",
    Weakness.PATTERN: "mật khẩu không được là một ký tự lặp lại hay một dãy liên tiếp (như 123456…, abcdef…)",
}


class AccountError(ValueError):
    pass


def create_user(username: str, full_name: str, password: str, role: Role, unit_code: str,
                email: str | None = None) -> User:
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AccountError("tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang")
    check_password_policy(password, username)
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == unit_code))
    if unit is None:
        raise AccountError(f"không có đơn vị mã {unit_code}")
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"tên đăng nhập {username} đã tồn tại")
    user = User(username=username, full_name=full_name, role=role, unit=unit, email=email)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def check_password_policy(password: str, username: str) -> None:
    found = weakness(password, username)
    if found is not None:
        raise AccountError(WEAKNESS_MESSAGES[found])


def authenticate(username: str, password: str, *, now: datetime) -> User | None:
    """The active user with these credentials, or None (same answer for every failure)."""
    user = db.session.scalar(sa.select(User).where(User.username == (username or "").strip().lower()))
    if user is None or not user.is_active:
        # Spend the same time as a real check so that timing does not reveal usernames.
        User(password_hash=_DUMMY_HASH).check_password(password or "")
        return None
    if not user.check_password(password or ""):
        return None
    user.last_login_at = now
    db.session.commit()
    return user


_DUMMY_HASH = "scrypt:32768:8:1$5rCSpMrgzHgTsBnq$" + "0" * 128
