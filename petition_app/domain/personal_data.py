"""A citizen's request for the personal data held about them in a case (Nghị định 13/2023/NĐ-CP,
Điều 9 khoản 7 — quyền cung cấp dữ liệu; Điều 14 — cung cấp dữ liệu cá nhân), verified by the
tracking code and a one-time code sent to the e-mail given in that case.

Pure: the code, its keyed hash (a six-digit code hashed without a key could be found by trying a
million values), and the verdict on an attempt. Time is passed in.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import Enum

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5  # wrong codes before the code is spent
MAX_CODES_PER_DAY = 3  # codes sent for one case in 24 hours: the citizen's mailbox is not a target


class DataRequestStatus(str, Enum):
    UNVERIFIED = "unverified"  # a code was sent, not yet entered: not a request yet
    OPEN = "open"  # verified: the department owes the data within the period
    FULFILLED = "fulfilled"  # sent to the verified address


class Verdict(str, Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # also: no code was sent for that tracking code (the page never tells which)
    EXPIRED = "expired"
    SPENT = "spent"  # too many wrong attempts


def new_code(randbelow=secrets.randbelow) -> str:
    return f"{randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(key: bytes, request_id: int, code: str) -> str:
    """Keyed (the app's secret) and bound to the request, so a copied hash is worth nothing."""
    return hmac.new(key, f"personal-data:{request_id}:{code}".encode(), hashlib.sha256).hexdigest()


def judge(*, key: bytes, request_id: int, code_hash: str | None, expires_at: datetime, attempts: int,
          given: str, now: datetime) -> Verdict:
    """The verdict on one attempt at a code (the caller counts a WRONG one)."""
    if code_hash is None or attempts >= MAX_ATTEMPTS:
        return Verdict.SPENT
    if now >= expires_at:
        return Verdict.EXPIRED
    given = "".join(given.split())
    if hmac.compare_digest(code_digest(key, request_id, given), code_hash):
        return Verdict.ACCEPTED
    return Verdict.WRONG
