"""Two-step sign-in (xác thực hai bước): enrolling, checking a code, recovery codes, an admin's reset.

Every use of a recovery code, every enrolment, regeneration and reset is written
to the admins' audit trail. A wrong code counts against the factor and locks it
like a wrong password locks the account (``domain/lockout``), so that a stolen
password alone cannot be turned into a session by trying codes.
"""
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain import second_factor as rules
from ..domain.lockout import failure_count, lock_for, minutes_left
from ..extensions import db
from ..models import RecoveryCode, SecondFactor, User
from .audit import record_admin_event
from .refusals import Refused
from .sign_in import AccountLocked, move_session_generation


class SecondFactorRefused(Refused):
    pass


def factor_of(user: User) -> SecondFactor | None:
    return db.session.get(SecondFactor, user.id)


def is_enrolled(user: User) -> bool:
    factor = factor_of(user)
    return factor is not None and factor.is_confirmed


def needs_enrolment(user: User) -> bool:
    """Leadership and admins may do nothing before they have a second factor."""
    return rules.is_required(user.role) and not is_enrolled(user)


def start_enrolment(user: User, *, now: datetime) -> str:
    """The secret to put into an authenticator app: kept while unconfirmed, never shown once confirmed."""
    factor = factor_of(user)
    if factor is not None and factor.is_confirmed:
        raise SecondFactorRefused(None, _("Bạn đã bật xác thực hai bước."))
    if factor is None:
        factor = SecondFactor(user_id=user.id, secret=rules.new_secret(), created_at=now)
        db.session.add(factor)
        db.session.commit()
    return factor.secret


def confirm_enrolment(user: User, code: str, *, now: datetime) -> list[str]:
    """Turn the factor on with a first good code; the recovery codes to show once.

    1. The pending secret must exist and the factor must not be locked.
    2. The code must match a step of the window (counted as a failure otherwise).
    3. The factor is confirmed, ten recovery codes are made, the event is audited. One commit.
    """
    factor = _locked_row(user)
    if factor is None or factor.is_confirmed:
        db.session.rollback()
        raise SecondFactorRefused(None, _("Vui lòng bắt đầu lại việc bật xác thực hai bước."))
    _refuse_if_locked(factor, now)
    step = rules.matching_step(factor.secret, code, now, factor.last_step)
    if step is None:
        _count_failure(factor, now)
    factor.confirmed_at, factor.last_step = now, step
    _clear_failures(factor)
    codes = _replace_recovery_codes(user, now)
    record_admin_event("user.second_factor_enabled", actor=user, now=now, data={"username": user.username})
    db.session.commit()
    return codes


def verify(user: User, code: str, *, now: datetime) -> None:
    """Check a six-digit code or a recovery code of ``user``; raise if it is not good (now).

    A recovery code is used up and its use audited; a TOTP step is used up. A
    failure is counted and may lock the factor (``AccountLocked``).
    """
    factor = _locked_row(user)
    if factor is None or not factor.is_confirmed:
        db.session.rollback()
        raise SecondFactorRefused("code", _("Tài khoản chưa bật xác thực hai bước."))
    _refuse_if_locked(factor, now)
    if rules.looks_like_totp(code):
        step = rules.matching_step(factor.secret, code, now, factor.last_step)
        if step is None:
            _count_failure(factor, now)
        factor.last_step = step
    else:
        used = db.session.execute(
            sa.update(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
                   RecoveryCode.code_hash == rules.recovery_code_digest(code))
            .values(used_at=now)).rowcount
        if not used:
            _count_failure(factor, now)
        record_admin_event("user.recovery_code_used", actor=user, now=now,
                           data={"username": user.username, "left": recovery_codes_left(user)})
    _clear_failures(factor)
    db.session.commit()


def regenerate_recovery_codes(user: User, code: str, *, now: datetime) -> list[str]:
    """New recovery codes (the old ones stop working), after a good code; shown once, audited."""
    verify(user, code, now=now)
    codes = _replace_recovery_codes(user, now)
    record_admin_event("user.recovery_codes_regenerated", actor=user, now=now, data={"username": user.username})
    db.session.commit()
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))
                             .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def reset(user_id: int, *, actor: User, now: datetime) -> User:
    """An admin removes a user's second factor (lost phone and codes); the user's sessions end.

    Leadership and admins are asked to enrol again at their next sign-in.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    if factor_of(user) is None:
        raise SecondFactorRefused(None, _("Tài khoản này chưa bật xác thực hai bước."))
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(SecondFactor).where(SecondFactor.user_id == user.id))
    move_session_generation(user)
    record_admin_event("user.second_factor_reset", actor=actor, now=now, data={"username": user.username})
    db.session.commit()
    return user


def _locked_row(user: User) -> SecondFactor | None:
    """The factor's row, locked so that two requests cannot both use one step (PostgreSQL)."""
    return db.session.get(SecondFactor, user.id, with_for_update=True, populate_existing=True)


def _refuse_if_locked(factor: SecondFactor, now: datetime) -> None:
    minutes = minutes_left(factor.locked_until, now)
    if minutes:
        db.session.rollback()
        raise AccountLocked(minutes)


def _count_failure(factor: SecondFactor, now: datetime) -> None:
    """Count one wrong code, commit, and refuse (locked, or just wrong)."""
    factor.failed_attempts = failure_count(factor.failed_attempts, factor.last_failed_at, now)
    factor.last_failed_at = now
    lock = lock_for(factor.failed_attempts)
    if lock is not None:
        factor.locked_until = now + lock
    db.session.commit()
    if lock is not None:
        raise AccountLocked(minutes_left(factor.locked_until, now))
    raise SecondFactorRefused("code", _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."))


def _clear_failures(factor: SecondFactor) -> None:
    factor.failed_attempts, factor.last_failed_at, factor.locked_until = 0, None, None


def _replace_recovery_codes(user: User, now: datetime) -> list[str]:
    codes = rules.new_recovery_codes()
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=rules.recovery_code_digest(c), created_at=now)
                       for c in codes)
    return codes
