"""Public tracking codes (mã tra cứu): unguessable and easy to read aloud.

Fifteen random symbols from a 30-symbol alphabet with no 0/O, 1/I/L or U/V
look-alikes give 73 bits of randomness; a sixteenth symbol is a check symbol
so that a mistyped code is caught before any lookup. Shown as four groups of
four: ``7KQM-4XHT-9WPR-C3NE``.
"""
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols: no 0 O 1 I L U V
RANDOM_LENGTH = 15
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-–—._]+")
CODE_PATTERN = r"[2-9A-HJKMNP-TW-Z]{4}(?:-[2-9A-HJKMNP-TW-Z]{4}){3}"


def _check_symbol(body: str) -> str:
    """A weighted sum modulo a prime catches any single substitution and adjacent swaps."""
    total = sum((i + 1) * _INDEX[ch] for i, ch in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_tracking_code(randbelow=secrets.randbelow) -> str:
    body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _ in range(RANDOM_LENGTH))
    raw = body + _check_symbol(body)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize_tracking_code(text: str) -> str | None:
    """The canonical form of a typed code, or None if it cannot be one.

    Accepts lower case, spaces or dashes anywhere; rejects a wrong check symbol.
    """
    raw = _SEPARATORS.sub("", (text or "").strip().upper())
    if len(raw) != RANDOM_LENGTH + 1 or any(ch not in _INDEX for ch in raw):
        return None
    if _check_symbol(raw[:-1]) != raw[-1]:
        return None
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
