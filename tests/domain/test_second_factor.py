"""TOTP codes (RFC 6238) and recovery codes: the window, one use per step, freshness."""
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from petition_app.domain import second_factor as rules
from petition_app.domain.cases import Role

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 11, 25, 2, 30, 10, tzinfo=timezone.utc)


def code(seconds_from_now: int) -> str:
    return pyotp.TOTP(SECRET).at(NOW + timedelta(seconds=seconds_from_now))


def test_rfc_6238_vector():
    """The SHA-1 test vector of RFC 6238, Appendix B (T = 59 s), read as six digits."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of the ASCII 12345678901234567890
    assert rules.code_at(secret, datetime.fromtimestamp(59, timezone.utc)) == "287082"


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True), (30, True), (60, False)])
def test_a_code_is_good_one_step_either_side_of_now(offset, accepted):
    step = rules.matching_step(SECRET, code(offset), NOW, last_step=None)
    assert (step is not None) is accepted
    if accepted:
        assert step == pyotp.TOTP(SECRET).timecode(NOW + timedelta(seconds=offset))


def test_a_code_is_good_once_and_no_earlier_step_after_it():
    now_step = rules.matching_step(SECRET, code(0), NOW, last_step=None)
    assert rules.matching_step(SECRET, code(0), NOW, last_step=now_step) is None
    assert rules.matching_step(SECRET, code(-30), NOW, last_step=now_step) is None
    assert rules.matching_step(SECRET, code(30), NOW, last_step=now_step) == now_step + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", None])
def test_what_is_not_six_ascii_digits_is_never_a_code(typed):
    assert rules.matching_step(SECRET, typed, NOW, last_step=None) is None


def test_spaces_in_a_typed_code_are_ignored():
    typed = code(0)
    assert rules.matching_step(SECRET, f" {typed[:3]} {typed[3:]} ", NOW, last_step=None) is not None


def test_recovery_codes_are_ten_distinct_and_stored_only_as_a_digest():
    codes = rules.new_recovery_codes()
    assert len(set(codes)) == rules.RECOVERY_CODE_COUNT == 10
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    digest = rules.recovery_code_digest(codes[0])
    assert codes[0] not in digest and len(digest) == 64
    assert rules.recovery_code_digest(codes[0].upper().replace("-", " ")) == digest
    assert not rules.looks_like_totp(codes[0])


def test_the_enrolment_uri_and_the_grouped_secret():
    uri = rules.provisioning_uri(SECRET, "lanhdao")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri and "lanhdao" in uri
    assert rules.grouped(SECRET).replace(" ", "") == SECRET and rules.grouped(SECRET).count(" ") == 7


@pytest.mark.parametrize(("minutes_ago", "fresh"), [(0, True), (15, True), (16, False), (-1, False)])
def test_a_code_counts_for_a_reveal_for_fifteen_minutes(minutes_ago, fresh):
    assert rules.is_fresh(NOW - timedelta(minutes=minutes_ago), NOW) is fresh
    assert rules.is_fresh(None, NOW) is False


def test_leadership_and_admins_must_have_a_second_factor():
    assert {role for role in Role if rules.is_required(role)} == {Role.SUPERVISOR, Role.ADMIN}
