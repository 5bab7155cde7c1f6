"""Redaction of published text (che thông tin cá nhân), checked rather than hoped for.

A published summary must not carry a person's name, ID number, phone, e-mail
or address (Nghị định 13/2023/NĐ-CP; DESIGN.md, "Confidentiality").
``find_personal_data`` reports every span that looks like one — the case's
own values, and anything shaped like a Vietnamese personal identifier — and
``mask`` replaces them with ``[đã ẩn]``. Numbers that are not personal stay:
decision numbers (123/QĐ-SKHCN), dates (12/03/2026), amounts (1.500.000 đồng),
article numbers (Điều 9), years.

``fold`` is the diacritics-free, lower-case form the public register searches
("Đà Nẵng" → "da nang"); it keeps one character per character, so a span found
in the folded text is the same span in the original.
"""
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

MASK = "[đã ẩn]"


class PersonalData(str, Enum):
    KNOWN = "known"  # a value the case itself holds: the petitioner's name, ID, phone, e-mail, address
    CITIZEN_ID = "citizen_id"  # CCCD (12 digits) or the old CMND (9 digits)
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: PersonalData


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one (NFC) character; "đ" folds to "d"."""
    return unicodedata.normalize("NFC", text or "").translate(_FOLDED)


class _FoldTable(dict):
    """``str.translate``'s table for ``fold``, filled as characters are met. Only the Latin ranges
    (Vietnamese included, U+1E00–U+1EFF) are kept, so that text full of rare characters cannot grow it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", char)[0]
            folded = base.lower() if len(base.lower()) == 1 else char
        if code < 0x2000:
            self[code] = folded
        return folded


_FOLDED = _FoldTable()


_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAME_WORD = rf"[{_UPPER}][^\W_]*"
_STREET_NAME = rf"{_NAME_WORD}(?:[ ]+(?:{_NAME_WORD}|\d{{1,2}}(?=[ ]+{_NAME_WORD}))){{0,4}}"
_HOUSE_NUMBER = rf"\d{{1,4}}[{_UPPER}]?(?:/\d{{1,4}}[{_UPPER}]?){{0,3}}"
_WAYS = r"(?i:đường|phố|ngõ|ngách|hẻm|kiệt|tổ|thôn|xóm|ấp|khu phố)"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of digits that starts like a Vietnamese phone number, with the usual separators;
# its digit count is checked afterwards (mobile 10 digits, landline 11 starting 02).
PHONE = re.compile(r"(?<![\w/+])(?<!\d[.,])(?:\+84[ .-]?|\(0\d{2,3}\)[ .-]?|0)\d(?:[ .-]?\d){6,10}(?![ .-]?\d)")
CITIZEN_ID = re.compile(r"(?<![\w/.,-])(?:\d{12}|\d{9})(?![\w/-]|[.,]\d)(?!\s*(?:đồng|đ\b|vnđ|vnd|triệu|tỷ))",
                        re.IGNORECASE)
ADDRESS = re.compile(
    rf"(?:(?<![^\W\d_])(?:[Ss]ố nhà|[Nn]hà số|[Ss]ố)[ ]+{_HOUSE_NUMBER}(?:[ ]*,?[ ]*{_WAYS}[ ]+{_STREET_NAME}"
    rf"|[ ]+{_STREET_NAME})"
    rf"|(?<![^\W\d_]){_WAYS}[ ]+{_HOUSE_NUMBER}(?:[ ]*,?[ ]*(?:{_WAYS}[ ]+)?{_STREET_NAME})?"
    rf"|(?<![\w/.,-])\d{{1,4}}[{_UPPER}]?/\d{{1,3}}[{_UPPER}]?(?![\w/])(?:/\d{{1,3}})?[ ]+"
    rf"(?:{_WAYS}[ ]+)?{_STREET_NAME}"
    rf"|(?<![\w/.,-])\d{{1,4}}[{_UPPER}]?[ ]+(?i:đường|phố)[ ]+{_STREET_NAME})")
# Words that begin a legal reference, not a street: "số 12 Luật ..." is not an address.
_NOT_STREETS = ("luật", "điều", "khoản", "nghị", "quyết", "thông", "công", "chỉ", "kế", "tờ", "văn", "ngày",
                "tháng", "năm")


def _is_phone(spelled: str) -> bool:
    digits = re.sub(r"\D", "", spelled)
    if spelled.startswith("+84"):
        digits = "0" + digits[2:]
    if len(digits) == 10:
        return digits[1] in "35789"
    return len(digits) == 11 and digits[1] == "2"


def _address_ok(text: str, match: re.Match) -> bool:
    """Drop matches whose "street" is a legal reference (số 12 Luật …) or a date (ngày 12/3 …)."""
    words = [w for w in re.split(r"[\s,]+", match.group(0)) if w and not w[0].isdigit()]
    street = [w for w in words if fold(w) not in ("so", "nha", "so nha", "duong", "pho")]
    if street and fold(street[0]).rstrip(".") in {fold(w) for w in _NOT_STREETS}:
        return False
    before = text[max(0, match.start() - 6):match.start()].lower()
    return not re.search(r"(ngày|tháng)\s*$", before)


def _known_spans(text: str, known: tuple[str, ...]) -> list[Finding]:
    folded = fold(text)
    found = []
    for value in known:
        value = (value or "").strip()
        if len(value) < 3:
            continue
        needle = fold(value)
        for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
            found.append(Finding(m.start(), m.end(), PersonalData.KNOWN))
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 9 and digits == value.replace(" ", "").lstrip("+"):
            spaced = r"[ .-]?".join(digits)
            for m in re.finditer(rf"(?<!\d){spaced}(?!\d)", text):
                found.append(Finding(m.start(), m.end(), PersonalData.KNOWN))
    return found


def find_personal_data(text: str, known: tuple[str, ...] = ()) -> list[Finding]:
    """Every span of ``text`` (NFC) that is, or looks like, personal data; sorted, overlaps merged."""
    text = unicodedata.normalize("NFC", text or "")
    found = _known_spans(text, known)
    found += [Finding(m.start(), m.end(), PersonalData.EMAIL) for m in EMAIL.finditer(text)]
    found += [Finding(m.start(), m.end(), PersonalData.PHONE) for m in PHONE.finditer(text) if _is_phone(m.group(0))]
    found += [Finding(m.start(), m.end(), PersonalData.CITIZEN_ID) for m in CITIZEN_ID.finditer(text)]
    found += [Finding(m.start(), m.end(), PersonalData.ADDRESS) for m in ADDRESS.finditer(text)
              if _address_ok(text, m)]
    merged: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.start, max(last.end, f.end), last.kind)
        else:
            merged.append(f)
    return merged


def mask(text: str, findings: list[Finding] | None = None, known: tuple[str, ...] = ()) -> str:
    """``text`` (NFC) with every finding replaced by ``[đã ẩn]``."""
    text = unicodedata.normalize("NFC", text or "")
    findings = find_personal_data(text, known) if findings is None else findings
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[:f.start] + MASK + text[f.end:]
    return text
