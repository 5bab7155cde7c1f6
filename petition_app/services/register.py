"""Reading the public register of outcomes (sổ công khai kết quả giải quyết).

Reads the ``publications`` snapshot only — never a case or a petitioner — so
nothing personal can reach these pages. Search works with or without
diacritics: the query is folded as the stored ``search_text`` was
(domain/redaction.fold) and matched with LIKE, which PostgreSQL answers from a
trigram index. Pages are cut by a keyset on the publication id (newest first).
"""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from ..domain.cases import CaseKind
from ..domain.redaction import fold
from ..domain.tracking import normalize_tracking_code
from ..domain.workflow import Outcome
from ..extensions import db
from ..models import Publication

PAGE_SIZE = 20
FEED_SIZE = 50
MAX_WORDS = 6


@dataclass
class RegisterFilters:
    kind: CaseKind | None = None
    category: str | None = None
    unit_id: int | None = None
    year: int | None = None
    outcome: Outcome | None = None
    is_late: bool | None = None
    text: str | None = None


@dataclass
class RegisterPage:
    rows: list[Publication]
    next_cursor: int | None


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(filters: RegisterFilters) -> list:
    clauses = []
    if filters.kind is not None:
        clauses.append(Publication.kind == filters.kind)
    if filters.category:
        clauses.append(Publication.category == filters.category)
    if filters.unit_id is not None:
        clauses.append(Publication.unit_id == filters.unit_id)
    if filters.year is not None:
        clauses.append(Publication.resolved_on.between(date(filters.year, 1, 1), date(filters.year, 12, 31)))
    if filters.outcome is not None:
        clauses.append(Publication.outcome == filters.outcome)
    if filters.is_late is not None:
        clauses.append(Publication.is_late.is_(filters.is_late))
    for word in fold(filters.text or "").split()[:MAX_WORDS]:
        clauses.append(Publication.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    return clauses


def list_outcomes(filters: RegisterFilters, before: int | None = None, size: int = PAGE_SIZE) -> RegisterPage:
    """One page of published outcomes, newest first; ``before`` is the last id of the previous page."""
    stmt = sa.select(Publication).where(*_where(filters)).order_by(Publication.id.desc()).limit(size + 1)
    if before is not None:
        stmt = stmt.where(Publication.id < before)
    rows = list(db.session.scalars(stmt))
    more = len(rows) > size
    rows = rows[:size]
    return RegisterPage(rows=rows, next_cursor=rows[-1].id if more and rows else None)


def get_outcome(code: str) -> Publication | None:
    """A published outcome by its tracking code; None for any code not published."""
    normalized = normalize_tracking_code(code or "")
    if not normalized:
        return None
    return db.session.scalar(sa.select(Publication).where(Publication.tracking_code == normalized))


def latest(size: int = FEED_SIZE) -> list[Publication]:
    return list(db.session.scalars(sa.select(Publication).order_by(Publication.id.desc()).limit(size)))


def last_change() -> tuple[int, datetime | None]:
    """The newest publication's id and time: what every register page's validators derive from."""
    row = db.session.execute(sa.select(Publication.id, Publication.published_at)
                             .order_by(Publication.id.desc()).limit(1)).first()
    return (row.id, row.published_at) if row else (0, None)


def years() -> list[int]:
    """The years with a published outcome, for the filter (newest first)."""
    first, last = db.session.execute(sa.select(sa.func.min(Publication.resolved_on),
                                               sa.func.max(Publication.resolved_on))).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))
