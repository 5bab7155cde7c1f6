"""Staff accounts: creating users, setting passwords, deactivating and reactivating."""
from datetime import datetime

import sqlalchemy as sa

from ..domain.cases import Role
from ..domain.passwords import MIN_LENGTH, Weakness, weakness
from ..extensions import db
from ..models import Unit, User
from .audit import record_admin_event
from .sign_in import move_session_generation

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


def set_password(username: str, password: str, *, now: datetime) -> User:
    """Give the account a new password (đặt lại mật khẩu).

    Every session of the account ends and its sign-in lock is lifted; the
    change is written to the admins' audit trail.
    """
    user = _existing(username)
    check_password_policy(password, user.username)
    user.set_password(password)
    user.failed_sign_ins, user.last_failed_sign_in_at, user.locked_until = 0, None, None
    record_admin_event("user.password_set", actor=None, now=now, data={"username": user.username})
    move_session_generation(user)
    db.session.commit()
    return user


def set_active(username: str, active: bool, *, now: datetime) -> User:
    """Deactivate (khóa) or reactivate an account; either way its sessions end."""
    user = _existing(username)
    user.is_active_account = active
    record_admin_event("user.activated" if active else "user.deactivated", actor=None, now=now,
                       data={"username": user.username})
    move_session_generation(user)
    db.session.commit()
    return user


def check_password_policy(password: str, username: str) -> None:
    found = weakness(password, username)
    if found is not None:
        raise AccountError(WEAKNESS_MESSAGES[found])


def _existing(username: str) -> User:
    name = username.strip().lower()
    user = db.session.scalar(sa.select(User).where(User.username == name))
    if user is None:
        raise AccountError(f"không có tài khoản {name}")
    return user
