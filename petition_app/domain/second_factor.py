"""Two-step sign-in (xác thực hai bước) with time-based one-time codes: pure rules, time passed in.

A code is the TOTP of RFC 6238 (30-second steps, six digits, SHA-1: what every
authenticator app reads from an ``otpauth://`` URI). A code is accepted one step
either side of now, for clocks that drift, and only once: a step at or before
the last one accepted is refused, so a code seen over a shoulder cannot be
replayed. Failures lock the factor like passwords do (``domain/lockout``).

Leadership and admins must use a second factor: they see every unit's cases
and may reveal a denouncer's identity, which the law keeps confidential (Luật
Tố cáo 2018, Điều 47-48); a reveal also needs a code entered in the last
``FRESH_FOR``.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import pyotp

from .cases import Role

REQUIRED_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
WINDOW = 1  # steps accepted either side of now
FRESH_FOR = timedelta(minutes=15)  # how long a code entered counts for revealing an identity
RECOVERY_CODE_COUNT = 10
ISSUER = "Sở KH&CN – Đơn thư"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_RECOVERY_LENGTH = 16  # about 79 bits: SHA-256 at rest is enough for random codes of this size


def is_required(role: Role) -> bool:
    return role in REQUIRED_ROLES


def new_secret() -> str:
    """A new shared secret: 32 base32 characters (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (from a QR code or pasted)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalised_code(code: str) -> str:
    """What the user typed without spaces and dashes, lower case."""
    return "".join(ch for ch in (code or "") if ch not in " -\t").lower()


def looks_like_totp(code: str) -> bool:
    code = normalised_code(code)
    return len(code) == 6 and code.isascii() and code.isdigit()


def code_at(secret: str, now: datetime) -> str:
    """The code an authenticator app shows at ``now``."""
    return pyotp.TOTP(secret).at(now)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time-step ``code`` belongs to, if it is within the window and later than ``last_step``."""
    if not looks_like_totp(code):
        return None
    code = normalised_code(code)
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(now)
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Single-use codes for a lost phone, shown once: ``xxxx-xxxx-xxxx-xxxx``."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)))
    return codes


def recovery_code_digest(code: str) -> str:
    """What is stored of a recovery code and looked up: the SHA-256 of its normalised form."""
    return hashlib.sha256(normalised_code(code).encode()).hexdigest()


def is_fresh(verified_at: datetime | None, now: datetime) -> bool:
    """Whether a code entered at ``verified_at`` still counts for revealing an identity."""
    return verified_at is not None and timedelta(0) <= now - verified_at <= FRESH_FOR
