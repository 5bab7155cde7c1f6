"""Staff accounts managed by admins in the admin pages, and a user's own password.

Accounts are never deleted (their audit events keep their name): they are
deactivated. Every change is written to the admins' audit trail; a change of
role, a deactivation and any new password end the user's sessions. The last
active admin can be neither deactivated nor demoted.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain.cases import Role
from ..domain.passwords import MIN_LENGTH, Weakness, weakness
from ..extensions import db
from ..models import Unit, User
from .audit import record_admin_event
from .refusals import Refused
from .sign_in import move_session_generation

USERNAME_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class AccountRefused(Refused):
    pass


@dataclass(frozen=True)
class AccountInput:
    username: str
    full_name: str
    email: str | None
    role: Role
    unit_id: int


def create_account(data: AccountInput, password: str | None, *, actor: User, now: datetime) -> tuple[User, str]:
    """Open an account (tạo tài khoản); the password, typed by the admin or made up here, to show once.

    The user must choose their own password at first sign-in.
    """
    username = data.username.strip().lower()
    if not username or not set(username) <= USERNAME_CHARACTERS:
        raise AccountRefused("username", _("Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, "
                                           "gạch dưới, gạch ngang."))
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise AccountRefused("username", _("Tên đăng nhập này đã có."))
    unit = _active_unit(data.unit_id)
    password = _new_password(password, username)
    user = User(username=username, full_name=data.full_name.strip(), email=data.email or None, role=data.role,
                unit=unit, must_change_password=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_admin_event("user.created", actor=actor, now=now,
                       data={"username": username, "role": data.role.value, "unit": unit.code})
    db.session.commit()
    return user, password


def update_account(user_id: int, data: AccountInput, *, actor: User, now: datetime) -> User:
    """Change a user's name, e-mail, role or unit; a new role ends the user's sessions."""
    user = _account(user_id)
    unit = _active_unit(data.unit_id)
    if user.role is Role.ADMIN and data.role is not Role.ADMIN:
        _refuse_if_last_admin(user, "role", _("Đây là quản trị viên cuối cùng đang hoạt động: "
                                              "không thể đổi sang vai trò khác."))
    changes = {}
    for name, old, new in (("full_name", user.full_name, data.full_name.strip()),
                           ("email", user.email, data.email or None),
                           ("role", user.role.value, data.role.value),
                           ("unit", user.unit.code, unit.code)):
        if old != new:
            changes[name] = [old, new]
    if not changes:
        return user
    user.full_name, user.email, user.role, user.unit = data.full_name.strip(), data.email or None, data.role, unit
    if "role" in changes:
        move_session_generation(user)
    record_admin_event("user.updated", actor=actor, now=now, data={"username": user.username, **changes})
    db.session.commit()
    return user


def set_account_active(user_id: int, active: bool, *, actor: User, now: datetime) -> User:
    """Deactivate (khóa) or reactivate an account; either way its sessions end."""
    user = _account(user_id)
    if user.is_active_account == active:
        return user
    if not active and user.role is Role.ADMIN:
        _refuse_if_last_admin(user, None, _("Đây là quản trị viên cuối cùng đang hoạt động: không thể khóa."))
    user.is_active_account = active
    move_session_generation(user)
    record_admin_event("user.activated" if active else "user.deactivated", actor=actor, now=now,
                       data={"username": user.username})
    db.session.commit()
    return user


def reset_password(user_id: int, password: str | None, *, actor: User, now: datetime) -> tuple[User, str]:
    """A new password for a user who lost theirs (đặt lại mật khẩu), to be shown once.

    Typed by the admin (and held to the policy) or made up here; the user's
    sessions end, the sign-in lock is lifted and the user must choose their
    own password at next sign-in.
    """
    user = _account(user_id)
    password = _new_password(password, user.username)
    user.set_password(password)
    user.must_change_password = True
    user.failed_sign_ins, user.last_failed_sign_in_at, user.locked_until = 0, None, None
    move_session_generation(user)
    record_admin_event("user.password_set", actor=actor, now=now, data={"username": user.username})
    db.session.commit()
    return user, password


def change_own_password(user: User, current: str, new: str, *, now: datetime) -> User:
    """A user chooses a new password (đổi mật khẩu): the current one first; every session ends.

    The caller starts a fresh session for the request that made the change.
    """
    user = db.session.get(User, user.id)
    if not user.check_password(current or ""):
        raise AccountRefused("current_password", _("Mật khẩu hiện tại không đúng."))
    _check_policy(new, user.username, "new_password")
    if user.check_password(new):
        raise AccountRefused("new_password", _("Mật khẩu mới phải khác mật khẩu hiện tại."))
    user.set_password(new)
    user.must_change_password = False
    move_session_generation(user)
    record_admin_event("user.password_changed", actor=user, now=now, data={"username": user.username})
    db.session.commit()
    db.session.refresh(user)
    return user


def accounts() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.is_active_account.desc(), User.username)))


def weakness_message(found: Weakness) -> str:
    return {
        Weakness.TOO_SHORT: _("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_LENGTH),
        Weakness.COMMON: _("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."),
        Weakness.CONTAINS_USERNAME: _("Mật khẩu không được chứa tên đăng nhập."),
        Weakness.PATTERN: _("Mật khẩu không được là một ký tự lặp lại hay một dãy liên tiếp "
                            "(như 123456…, abcdef…)."),
    }[found]


def _check_policy(password: str, username: str, field: str) -> None:
    found = weakness(password or "", username)
    if found is not None:
        raise AccountRefused(field, weakness_message(found))


def _new_password(typed: str | None, username: str) -> str:
    if typed:
        _check_policy(typed, username, "password")
        return typed
    while True:
        made = secrets.token_urlsafe(12)  # 16 characters, about 96 bits
        if weakness(made, username) is None:
            return made


def _refuse_if_last_admin(user: User, field: str | None, message: str) -> None:
    # Lock the active admins' rows so that two admins cannot demote each other at once (PostgreSQL).
    admins = db.session.scalars(sa.select(User.id).where(User.role == Role.ADMIN, User.is_active_account)
                                .with_for_update()).all()
    if not set(admins) - {user.id}:
        raise AccountRefused(field, message)


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    return user


def _active_unit(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None or not unit.is_active:
        raise AccountRefused("unit_id", _("Vui lòng chọn một đơn vị đang hoạt động."))
    return unit
