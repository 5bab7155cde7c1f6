"""What staff type in the queue's search box, and the folded text it is matched against.

Staff type a tracking code (with or without dashes, any case), a petitioner's
name, CCCD, phone or e-mail, or words of the subject or content with or
without Vietnamese diacritics ("buc xa" finds "bức xạ"; "đ" is "d"). Both the
stored text and the query are folded by ``redaction.fold`` (lower case, no
diacritics) so that a plain substring match (LIKE) finds them; PostgreSQL
answers it from a trigram index, SQLite by scanning.

Pure: no Flask, no database.
"""
from dataclasses import dataclass
from enum import IntEnum

from .identity import InvalidValue, normalize_phone
from .redaction import fold
from .tracking import normalize_tracking_code

MAX_WORDS = 6


class Relevance(IntEnum):
    """How well a case answers a search, best first: the order of a searched queue."""

    EXACT = 0  # its tracking code, or its petitioner's name, CCCD, phone or e-mail
    PHRASE = 1  # the words as typed, side by side, in the subject or content
    WORDS = 2  # every word somewhere in the subject or content


@dataclass(frozen=True)
class SearchQuery:
    """A typed search, folded: ``words`` for the text, ``phrase`` the words joined as typed."""

    words: tuple[str, ...]
    phrase: str
    tracking_code: str | None  # the canonical code, if what was typed is a whole valid one
    phone: str | None  # E.164, if what was typed is a Vietnamese phone number

    @property
    def is_empty(self) -> bool:
        return not self.words


def parse_query(text: str | None) -> SearchQuery:
    """Fold what was typed into the forms it may be matched in."""
    words = tuple(fold(text or "").split()[:MAX_WORDS])
    try:
        phone = normalize_phone(text or "") if any(ch.isdigit() for ch in text or "") else None
    except InvalidValue:
        phone = None
    return SearchQuery(words=words, phrase=" ".join(words), tracking_code=normalize_tracking_code(text or ""),
                       phone=phone)


def case_search_text(tracking_code: str | None, subject: str | None, content: str | None) -> str:
    """The folded text a case is found by: its code (with and without dashes), subject, content."""
    code = tracking_code or ""
    return fold(" ".join((code, code.replace("-", ""), subject or "", content or "")))


def person_search_text(*, full_name: str | None = None, org_name: str | None = None, rep_name: str | None = None,
                       citizen_id: str | None = None, tax_code: str | None = None, phone: str | None = None,
                       email: str | None = None) -> str:
    """The folded text a petitioner is found by: names, CCCD, tax code, phone (as stored, +84…, and
    as written at home, 0…) and e-mail. Personal data: it stays in the petitioners table."""
    national = "0" + phone[3:] if phone and phone.startswith("+84") else ""
    parts = (full_name, org_name, rep_name, citizen_id, tax_code, phone, national, email)
    return fold(" ".join(p for p in parts if p))
