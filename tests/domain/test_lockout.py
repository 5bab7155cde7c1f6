"""Growing delays after failed sign-ins, without an app."""
from datetime import datetime, timedelta, timezone

import pytest

from petition_app.domain.lockout import failure_count, lock_for, minutes_left

NOW = datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("failures", "lock"), [
    (1, None), (4, None), (5, timedelta(minutes=1)), (6, timedelta(minutes=2)), (7, timedelta(minutes=4)),
    (10, timedelta(minutes=32)), (11, timedelta(hours=1)), (40, timedelta(hours=1)), (10_000, timedelta(hours=1)),
])
def test_locks_double_after_five_failures_up_to_an_hour(failures, lock):
    assert lock_for(failures) == lock


def test_a_day_without_failures_starts_the_count_over():
    assert failure_count(0, None, NOW) == 1
    assert failure_count(7, NOW - timedelta(hours=23), NOW) == 8
    assert failure_count(7, NOW - timedelta(days=1), NOW) == 1


def test_minutes_left_round_up_and_end_with_the_lock():
    assert minutes_left(NOW + timedelta(seconds=61), NOW) == 2
    assert minutes_left(NOW + timedelta(minutes=1), NOW) == 1
    assert minutes_left(NOW, NOW) == 0
    assert minutes_left(None, NOW) == 0
