"""The password policy (chính sách mật khẩu) for staff accounts, in one place.

A password is refused when it is shorter than ``MIN_LENGTH``, is one of the
most common passwords (``common_passwords.txt``, also once the digits and
symbols around a common word are taken away: ``matkhau@123456``), contains
the username, or is a single character repeated, a short unit repeated or a
simple run (``123456789012``, ``abcdefghijkl``, ``qwertyuiopas``).
"""
from enum import Enum
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")

# Runs a person types without thinking: the alphabet, the digits (wrapping
# from 9 to 0) and the rows of a keyboard, each also backwards.
_RUNS = ("abcdefghijklmnopqrstuvwxyz", "0123456789" * 3, "qwertyuiopasdfghjklzxcvbnm",
         "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p")
_PADDING = "0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


class Weakness(Enum):
    TOO_SHORT = "too_short"
    COMMON = "common"
    CONTAINS_USERNAME = "contains_username"
    PATTERN = "pattern"


def weakness(password: str, username: str = "") -> Weakness | None:
    """Why ``password`` may not be used by ``username``, or None when it may."""
    if len(password) < MIN_LENGTH:
        return Weakness.TOO_SHORT
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip(_PADDING) in common_passwords():
        return Weakness.COMMON
    name = username.strip().lower()
    if name and name in lowered:
        return Weakness.CONTAINS_USERNAME
    if is_repetition(lowered) or is_run(lowered):
        return Weakness.PATTERN
    return None


def is_repetition(text: str) -> bool:
    """One shorter unit repeated: ``aaaaaaaaaaaa``, ``abcabcabcabc``, ``matkhaumatkhau``."""
    return len(text) > 1 and text in (text + text)[1:-1]


def is_run(text: str) -> bool:
    """Consecutive keys or letters or digits, forwards or backwards."""
    return any(text in run or text in run[::-1] for run in _RUNS)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
