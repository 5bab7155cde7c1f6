"""Growing delays after failed sign-ins (tạm khóa tài khoản): pure rules, time passed in.

Five failures in a row are free (typing mistakes happen); then each failure
locks the account for twice as long as the one before — 1, 2, 4 … minutes,
never more than an hour — so guessing a password stays out of reach while the
rightful user is never shut out for long. A day without a failure starts the
count over. While locked, no password is even checked.
"""
import math
from datetime import datetime, timedelta

FREE_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
FORGET_AFTER = timedelta(days=1)


def failure_count(previous: int, last_failed_at: datetime | None, now: datetime) -> int:
    """The failures in a row, counting one more at ``now``."""
    if last_failed_at is None or now - last_failed_at >= FORGET_AFTER:
        return 1
    return previous + 1


def lock_for(failures: int) -> timedelta | None:
    """How long the account is locked after its ``failures``-th failure in a row (None: not locked)."""
    if failures < FREE_FAILURES:
        return None
    doublings = min(failures - FREE_FAILURES, 10)
    return min(FIRST_LOCK * 2**doublings, LONGEST_LOCK)


def minutes_left(locked_until: datetime | None, now: datetime) -> int:
    """Whole minutes, rounded up, until the lock ends; 0 when not locked."""
    if locked_until is None or locked_until <= now:
        return 0
    return math.ceil((locked_until - now) / timedelta(minutes=1))
