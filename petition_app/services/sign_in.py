"""Staff sign-in (đăng nhập): checking credentials, locking after failures, ending sessions."""
import ipaddress
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..domain.lockout import FORGET_AFTER, failure_count, lock_for, minutes_left
from ..extensions import db
from ..models import SignInRecord, UnknownSignIn, User

USERNAME_LENGTH = UnknownSignIn.username.type.length
HISTORY_KEPT = 50  # sign-in records kept per user, newest first


class AccountLocked(Exception):
    """Too many failures in a row: no sign-in under this username for ``minutes``."""

    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


def authenticate(username: str, password: str, *, now: datetime, address: str | None = None) -> User | None:
    """The active user with these credentials, or None (same answer for every failure).

    1. A locked username is refused before any password is checked, whether
       or not an account has it (``AccountLocked``).
    2. The password is checked (against a dummy hash when there is no active
       account, so that timing does not reveal usernames).
    3. A failure is counted on the account, or on the unknown username, and
       may start a lock; a success clears the count. An attempt under an
       existing account goes to its sign-in history, with ``address``
       truncated. One commit either way.
    """
    name = (username or "").strip().lower()[:USERNAME_LENGTH]
    user = db.session.scalar(sa.select(User).where(User.username == name))
    record = user if user is not None else db.session.get(UnknownSignIn, name)
    minutes = minutes_left(record.locked_until if record is not None else None, now)
    if minutes:
        raise AccountLocked(minutes)
    if user is None or not user.is_active:
        User(password_hash=_DUMMY_HASH).check_password(password or "")
        ok = False
    else:
        ok = user.check_password(password or "")
    if user is not None:
        _remember(user, ok, now, address)
    if not ok:
        locked_until = _count_failure(user, name, now)
        if locked_until is not None:
            raise AccountLocked(minutes_left(locked_until, now))
        return None
    user.failed_sign_ins, user.last_failed_sign_in_at, user.locked_until = 0, None, None
    user.last_login_at = now
    db.session.commit()
    return user


def sign_in_history(user: User, limit: int = HISTORY_KEPT) -> list[SignInRecord]:
    """The user's latest sign-in attempts, newest first."""
    return list(db.session.scalars(sa.select(SignInRecord).where(SignInRecord.user_id == user.id)
                                   .order_by(SignInRecord.id.desc()).limit(limit)))


def truncated_address(address: str | None) -> str | None:
    """The network, not the machine: an IPv4 address's /24, an IPv6 address's /48."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _remember(user: User, ok: bool, now: datetime, address: str | None) -> None:
    """Add one row to the user's sign-in history and drop what is beyond the newest HISTORY_KEPT."""
    db.session.add(SignInRecord(user_id=user.id, at=now, succeeded=ok, address=truncated_address(address)))
    db.session.flush()
    oldest_kept = (sa.select(SignInRecord.id).where(SignInRecord.user_id == user.id)
                   .order_by(SignInRecord.id.desc()).offset(HISTORY_KEPT - 1).limit(1).scalar_subquery())
    db.session.execute(sa.delete(SignInRecord).where(SignInRecord.user_id == user.id,
                                                     SignInRecord.id < oldest_kept))


def end_sessions(user: User) -> None:
    """Sign out: end every session of ``user``, on every device."""
    move_session_generation(user)
    db.session.commit()


def move_session_generation(user: User) -> None:
    """Once committed, every session of ``user`` ends (new password, deactivation, sign-out)."""
    db.session.execute(sa.update(User).where(User.id == user.id)
                       .values(session_generation=User.session_generation + 1))


def _count_failure(user: User | None, name: str, now: datetime) -> datetime | None:
    """Count one failure on the account or the unknown username; the end of the lock it starts, if any."""
    try:
        return _record_failure(_failure_record(user, name, now), now)
    except IntegrityError:
        # Another attempt under the same unknown username inserted its row first: count on that row.
        db.session.rollback()
        return _record_failure(_failure_record(user, name, now), now)


def _failure_record(user: User | None, name: str, now: datetime) -> User | UnknownSignIn:
    """The row that counts this username's failures, locked against concurrent attempts."""
    if user is not None:
        return db.session.get(User, user.id, with_for_update=True, populate_existing=True)
    db.session.execute(sa.delete(UnknownSignIn).where(UnknownSignIn.last_failed_sign_in_at < now - FORGET_AFTER))
    record = db.session.get(UnknownSignIn, name, with_for_update=True, populate_existing=True)
    if record is None:
        record = UnknownSignIn(username=name, failed_sign_ins=0)
        db.session.add(record)
    return record


def _record_failure(record: User | UnknownSignIn, now: datetime) -> datetime | None:
    record.failed_sign_ins = failure_count(record.failed_sign_ins, record.last_failed_sign_in_at, now)
    record.last_failed_sign_in_at = now
    lock = lock_for(record.failed_sign_ins)
    locked_until = now + lock if lock is not None else None
    if locked_until is not None:
        record.locked_until = locked_until
    db.session.commit()
    return locked_until


_DUMMY_HASH = "scrypt:32768:8:1$5rCSpMrgzHgTsBnq$" + "0" * 128
