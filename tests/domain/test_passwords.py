"""The password policy, without an app."""
import pytest

from petition_app.domain.passwords import Weakness, weakness


@pytest.mark.parametrize(("password", "why"), [
    ("aaaaaaaaaa", Weakness.TOO_SHORT),
    ("1234567890", Weakness.TOO_SHORT),
    ("Xk9#pL2m", Weakness.TOO_SHORT),
    ("aaaaaaaaaaaa", Weakness.PATTERN),
    ("abcabcabcabc", Weakness.PATTERN),
    ("121212121212", Weakness.PATTERN),
    ("abcdefghijklm", Weakness.PATTERN),
    ("zyxwvutsrqpon", Weakness.PATTERN),
    ("098765432109", Weakness.PATTERN),
    ("qwertyuiopas", Weakness.PATTERN),
    ("123456789012", Weakness.COMMON),
    ("matkhau123456", Weakness.COMMON),
    ("abc123456789", Weakness.COMMON),
    ("MatKhau@123456", Weakness.COMMON),
    ("anhyeuem123456", Weakness.COMMON),
    ("password1234", Weakness.COMMON),
    ("1qaz2wsx3edc", Weakness.COMMON),
    ("iloveyou2026!!", Weakness.COMMON),
    ("nguyen.van.an-2026", Weakness.CONTAINS_USERNAME),
    ("xx-NGUYEN.VAN.AN-yy", Weakness.CONTAINS_USERNAME),
])
def test_weak_passwords_are_refused_with_their_reason(password, why):
    assert weakness(password, "nguyen.van.an") is why


@pytest.mark.parametrize("password", [
    "mat-khau-thu-nghiem-01",
    "ngựa sắt trăm năm",
    "correct horse battery staple",
    "tH3-h0rse!battery",
    "Sở KH&CN tiếp dân 2026",
])
def test_good_passwords_pass(password):
    assert weakness(password, "nguyen.van.an") is None
