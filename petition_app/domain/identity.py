"""Shape checks and normalisation of Vietnamese identity data.

Pure functions: each returns the normalised value or raises ``InvalidValue``
with a message key the form layer translates.
"""
import re
import unicodedata

# Mã tỉnh in the first three digits of a citizen ID (Thông tư 07/2016/TT-BCA, Phụ lục).
CCCD_PROVINCE_CODES = frozenset(str.split(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 "
    "026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 "
    "049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
))

_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufeff]")


class InvalidValue(ValueError):
    """A value of the wrong shape; ``code`` names the problem."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """Trim, NFC-normalise and refuse control characters, NUL and undecodable bytes.

    Werkzeug turns invalid UTF-8 into U+FFFD, so that character means the
    browser sent bytes that were not text.
    """
    text = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").strip()
    probe = text if multiline else text.replace("\n", "\x0b")
    if _CONTROL.search(probe.replace("\t", " ")):
        raise InvalidValue("control_characters")
    return text


def normalize_citizen_id(value: str) -> str:
    """Căn cước công dân: 12 digits, the first three a known province code."""
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{12}", digits):
        raise InvalidValue("citizen_id_format")
    if digits[:3] not in CCCD_PROVINCE_CODES:
        raise InvalidValue("citizen_id_province")
    return digits


def normalize_phone(value: str) -> str:
    """A Vietnamese mobile (10 digits) or landline (11 digits) number, as E.164 (+84…)."""
    raw = _PHONE_JUNK.sub("", value or "")
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("0084"):
        raw = "0" + raw[4:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not (_MOBILE.fullmatch(raw) or _LANDLINE.fullmatch(raw)):
        raise InvalidValue("phone_format")
    return "+84" + raw[1:]


def format_phone(e164: str) -> str:
    """+84912345678 → 0912 345 678; +842438251234 → 024 3825 1234."""
    if not e164 or not e164.startswith("+84"):
        return e164 or ""
    national = "0" + e164[3:]
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return f"{national[:3]} {national[3:7]} {national[7:]}"


def normalize_tax_code(value: str) -> str:
    """Mã số thuế of an organisation: 10 digits, or 13 for a branch (shown 10-3)."""
    raw = re.sub(r"[\s\-]", "", value or "")
    if not re.fullmatch(r"\d{10}|\d{13}", raw):
        raise InvalidValue("tax_code_format")
    return raw if len(raw) == 10 else f"{raw[:10]}-{raw[10:]}"


def split_names(value: str) -> list[str]:
    """One co-signer a line; blank lines dropped, order kept."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
