"""The one-time code of a personal data request: its form, its keyed hash and the verdicts."""
from datetime import datetime, timedelta, timezone

import pytest

from petition_app.domain.personal_data import MAX_ATTEMPTS, Verdict, code_digest, judge, new_code

KEY, NOW = b"secret", datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc)


def attempt(given="042137", *, key=KEY, request_id=7, attempts=0, expires_at=NOW + timedelta(minutes=15),
            code_hash=None):
    code_hash = code_hash if code_hash is not None else code_digest(KEY, 7, "042137")
    return judge(key=key, request_id=request_id, code_hash=code_hash, expires_at=expires_at, attempts=attempts,
                 given=given, now=NOW)


def test_a_code_is_six_digits_with_its_leading_zeros():
    assert new_code(lambda n: 42) == "000042" and new_code(lambda n: n - 1) == "999999"


def test_the_hash_is_keyed_and_bound_to_the_request():
    digest = code_digest(KEY, 7, "042137")
    assert len(digest) == 64 and "042137" not in digest
    assert digest != code_digest(b"other", 7, "042137") and digest != code_digest(KEY, 8, "042137")


@pytest.mark.parametrize("kwargs, verdict", [
    ({}, Verdict.ACCEPTED),
    ({"given": " 042 137 "}, Verdict.ACCEPTED),  # spaces typed or pasted
    ({"given": "042138"}, Verdict.WRONG),
    ({"request_id": 8}, Verdict.WRONG),  # a hash copied to another request
    ({"key": b"other"}, Verdict.WRONG),
    ({"expires_at": NOW}, Verdict.EXPIRED),
    ({"attempts": MAX_ATTEMPTS - 1}, Verdict.ACCEPTED),
    ({"attempts": MAX_ATTEMPTS}, Verdict.SPENT),
    ({"code_hash": ""}, Verdict.WRONG),
])
def test_verdicts(kwargs, verdict):
    assert attempt(**kwargs) is verdict


def test_a_used_code_is_spent():
    assert judge(key=KEY, request_id=7, code_hash=None, expires_at=NOW + timedelta(minutes=1), attempts=0,
                 given="042137", now=NOW) is Verdict.SPENT
