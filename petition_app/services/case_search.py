"""The staff search (tìm kiếm đơn) inside a queue: what matches, how well, and in what order.

A typed search (domain/search.py) matches a case by its tracking code, by its
petitioner's name, CCCD, phone or e-mail, or by words of its subject or content
with or without diacritics. A protected denouncer's identity (Luật Tố cáo 2018,
Điều 47) only finds the case for those who may see it and have seen it by an
audited reveal: for anyone else the result itself would name them.

Order: by relevance (``Relevance``), then the queue's own order. Ranking every
match of a common word (a fifth of a million cases) means a sort of 200,000
rows, and even finding them all from the trigram index costs ~60 ms when the
word's trigrams are common. So the candidates are read in one statement
(``candidates``): first the queue's first ``DENSE_PROBE`` rows in its own order,
tested one by one; only when they hold no more than ``CANDIDATE_CAP`` matches,
every match from the trigram index. Up to the cap, the matches are ranked and
paged in memory (a keyset on relevance, sort value and id). Beyond it, the
search is too broad to rank usefully: the queue is walked in its own order
along its index with the match as a filter, which is quick precisely because
matches are common.
"""
import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.util import ClauseAdapter

from ..domain.cases import CaseKind
from ..domain.search import Relevance, SearchQuery, parse_query
from ..extensions import db
from ..ids import is_record_id
from ..models import Case, CaseEvent, Petitioner, User
from .access import identity_revealed_where

CANDIDATE_CAP = 250
DENSE_PROBE = 5_000  # a word in more than CANDIDATE_CAP of these (5 %) is too common to rank
WALKABLE = 100  # matches among those rows (2 %) above which walking the queue's order finds a page fast
PERSON_CAP = 1000  # petitioners a search may name (more: the search is too broad to be a name)


def _contains(column, word: str) -> sa.ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _found_in(column, word: str) -> sa.ColumnElement[bool]:
    """``word`` in ``column``, written so that PostgreSQL neither reads the trigram index for it
    nor thinks it rare: a position test is estimated to keep a third of the rows (a LIKE on an
    expression, a two-hundredth), so the planner walks the queue's order index with it as a filter
    instead of sorting every match."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.strpos(column, word) > 0
    return sa.func.instr(column, word) > 0


@dataclass(frozen=True)
class Search:
    """A search made ready for one reader: ``match`` reads the indexes, ``filter`` is the same
    test written so that PostgreSQL walks the queue's own order instead; ``relevance`` ranks."""

    match: sa.ColumnElement[bool]
    filter: sa.ColumnElement[bool]
    relevance: sa.ColumnElement[int]


def prepare(user: User, text: str) -> Search | None:
    """The search for ``text`` as ``user`` may run it; None when nothing searchable was typed.
    One statement: the petitioners it names."""
    query = parse_query(text)
    if query.is_empty:
        return None
    exact = _exact(user, query)
    in_text = sa.and_(*(_contains(Case.search_text, w) for w in query.words))
    in_text_scanned = sa.and_(*(_found_in(Case.search_text, w) for w in query.words))
    relevance = sa.case((exact, int(Relevance.EXACT)), (_contains(Case.search_text, query.phrase),
                                                         int(Relevance.PHRASE)), else_=int(Relevance.WORDS))
    return Search(match=sa.or_(exact, in_text), filter=sa.or_(exact, in_text_scanned), relevance=relevance)


def _among(column, ids: list[int]) -> sa.ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL as one array parameter: hundreds of ids, repeated in each
    part of the statement, cost more to compile and bind than to run."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.literal(ids, ARRAY(sa.Integer)))
    return column.in_(ids)


def _revealed_by(user: User) -> sa.ColumnElement[bool]:
    """Cases whose protected identity ``user`` has been shown, by an audited reveal
    (services/cases.reveal_identity): a denouncer's identity appears only after one."""
    return sa.exists().where(CaseEvent.case_id == Case.id, CaseEvent.action == "reveal_identity",
                             CaseEvent.actor_id == user.id)


def _exact(user: User, query: SearchQuery) -> sa.ColumnElement[bool]:
    """Its tracking code, or a petitioner found by name, CCCD, phone or e-mail. A protected one
    (a denouncer, or once one) finds the case only for those who may see who they are and have
    done so, by an audited reveal: for anyone else the result would itself name the denouncer,
    and for them a search must not become a reveal that leaves no trace."""
    clauses = []
    if query.tracking_code:
        clauses.append(Case.tracking_code == query.tracking_code)
    # A name is typed whole and in order ("nguyen van an"): its words apart would find every "An".
    person = _contains(Petitioner.search_text, query.phrase)
    if query.phone:
        person = sa.or_(person, Petitioner.phone == query.phone)
    people = db.session.execute(sa.select(Petitioner.id, Petitioner.is_protected).where(person)
                                .limit(PERSON_CAP)).all()
    if people:
        unprotected = [pid for pid, protected in people if not protected]
        if unprotected:
            clauses.append(sa.and_(_among(Case.petitioner_id, unprotected), Case.kind != CaseKind.DENUNCIATION))
        clauses.append(sa.and_(_among(Case.petitioner_id, [pid for pid, _ in people]), identity_revealed_where(user),
                               _revealed_by(user)))
    return sa.or_(*clauses) if clauses else sa.false()


@dataclass(frozen=True)
class Ranked:
    """One page of a ranked search: the ids in order and the cursor of the next page."""

    ids: list[int]
    next_cursor: str | None


@dataclass(frozen=True)
class Candidates:
    """Every match as (id, relevance, sort value), or ``rows`` None when there are more than the
    cap; ``dense`` then says whether they crowd the queue's first rows (walk its order) or not
    (let the trigram index find them and sort them)."""

    rows: list[tuple] | None
    dense: bool = False


def candidates(query: sa.Select, search: Search, column, *, descending: bool) -> Candidates:
    """Every match, up to the cap.

    One statement, two probes. The first reads the queue's first ``DENSE_PROBE`` rows in its own
    order (its index) and tests them: a common word finds more than the cap there at once. Only
    if it does not does the second run (PostgreSQL skips it by a one-time filter): every match
    from the trigram index, whose cost grows with how common the word's trigrams are — which is
    why a common word must not reach it.
    """
    order = (column.desc(), Case.id.desc()) if descending else (column.asc(), Case.id.asc())
    first_rows = query.order_by(*order).limit(DENSE_PROBE).subquery("first_rows")
    adapt = ClauseAdapter(first_rows).traverse
    columns = (Case.id, search.relevance, column)
    dense = (sa.select(first_rows.c.id, adapt(search.relevance), first_rows.c[column.key],
                       sa.literal(True).label("dense"))
             .where(adapt(search.filter)).limit(CANDIDATE_CAP + 1).cte("dense"))
    enough = sa.select(sa.func.count()).select_from(dense).scalar_subquery() > CANDIDATE_CAP
    every = (query.with_only_columns(*columns, sa.literal(False).label("dense"))
             .where(search.match, ~enough).limit(CANDIDATE_CAP + 1))
    rows = db.session.execute(sa.union_all(sa.select(dense), sa.select(every.subquery("every")))).all()
    in_first_rows = sum(1 for r in rows if r[3])
    if in_first_rows > CANDIDATE_CAP:
        return Candidates(None, dense=True)
    matches = [tuple(r[:3]) for r in rows if not r[3]]
    # Too many, yet a page's worth among the first rows: walking the order finds a page quickly.
    return Candidates(None, dense=in_first_rows > WALKABLE) if len(matches) > CANDIDATE_CAP else Candidates(matches)


def rank(rows: list[tuple], *, descending: bool, cursor: str | None, page_size: int, is_date: bool) -> Ranked:
    """Best first; then the queue's order (deadline: nearest first and none last; received or
    updated: newest first); then id. ``cursor`` is the last row of the previous page."""
    def key(row):
        case_id, relevance, value = row
        if descending:
            return relevance, -_number(value), -case_id
        return relevance, value is None, _number(value) if value is not None else 0, case_id

    ordered = sorted(rows, key=key)
    after = _decode(cursor, is_date)
    if after is not None:
        ordered = [r for r in ordered if key(r) > key(after)]
    page = ordered[:page_size + 1]
    more = len(page) > page_size
    return Ranked([r[0] for r in page[:page_size]], _encode(page[page_size - 1]) if more else None)


def _number(value) -> float:
    return value.toordinal() if isinstance(value, date) and not isinstance(value, datetime) else value.timestamp()


def _encode(row: tuple) -> str:
    case_id, relevance, value = row
    raw = json.dumps(["r", int(relevance), value.isoformat() if value is not None else None, case_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str | None, is_date: bool) -> tuple | None:
    """(id, relevance, value) from a ranked cursor; None if there is none or it is not one."""
    if not cursor:
        return None
    try:
        tag, relevance, value, case_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if tag != "r" or not is_record_id(case_id) or relevance not in set(Relevance):
            return None
        if value is None:
            return (case_id, relevance, None) if is_date else None
        if is_date:
            return case_id, relevance, date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
        return (case_id, relevance, moment.astimezone(timezone.utc)) if moment.tzinfo else None
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        return None
