"""The staff queues (hàng đợi xử lý): views, filters, search, sort and keyset pagination.

Every query starts from ``cases.visible_to(user)``, so a queue can never show
a case its reader may not open. Pages are cut with a keyset (the last row's
sort value and id), so a deep page costs what the first one does.
"""
import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..clock import local_midnight
from ..domain.cases import OPEN_STATUSES, CaseKind, CaseStatus, Channel, Role
from ..domain.deadlines import DeadlineState
from ..extensions import db
from ..ids import is_record_id
from ..models import Case, User
from . import case_search
from .cases import visible_to
from .deadline_states import Thresholds, thresholds

PAGE_SIZE = 50
COUNT_CAP = 1000


class View(str, Enum):
    NEW = "new"  # received, not yet triaged
    UNIT = "unit"  # my unit's open cases
    MINE = "mine"  # assigned to me
    ON_HOLD = "on_hold"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = "all"


class Sort(str, Enum):
    DEADLINE = "deadline"
    RECEIVED = "received"
    UPDATED = "updated"


# "Deadline" is the one the case is working towards now (next_due); cases with none (on hold,
# finished) come last.
SORT_COLUMNS = {Sort.DEADLINE: Case.next_due, Sort.RECEIVED: Case.received_at, Sort.UPDATED: Case.updated_at}


@dataclass
class Filters:
    kind: CaseKind | None = None
    category: str | None = None
    unit_id: int | None = None
    status: CaseStatus | None = None
    channel: Channel | None = None
    received_from: date | None = None
    received_to: date | None = None
    text: str | None = None
    sort: Sort = Sort.DEADLINE


@dataclass
class Page:
    cases: list[Case]
    next_cursor: str | None
    counts: dict[View, int] = field(default_factory=dict)
    states: dict[int, DeadlineState | None] = field(default_factory=dict)  # case id -> its state now


def views_for(user: User) -> list[View]:
    views = [View.NEW, View.UNIT, View.MINE, View.ON_HOLD, View.DUE_SOON, View.OVERDUE]
    return views + [View.ALL] if user.role.sees_all_units else views


def default_view(user: User) -> View:
    """Where each role starts: leadership sees everything, reception what waits for triage."""
    if user.role.sees_all_units:
        return View.ALL
    return View.NEW if user.role is Role.RECEPTION else View.UNIT


def _view_clause(view: View, user: User, now: Thresholds) -> sa.ColumnElement[bool]:
    """What each view selects. "Due soon" and "overdue" compare the deadline each open case is
    working towards with today's thresholds (services/deadline_states.py)."""
    open_case = Case.status.in_(OPEN_STATUSES)
    waiting = Case.status == CaseStatus.RECEIVED
    # Handlers and unit heads see exactly their unit's cases and those it coordinates on, so
    # "my unit" is their visible open cases; others' "my unit" is the unit column.
    mine_by_unit = user.role in (Role.HANDLER, Role.UNIT_HEAD)
    return {
        View.NEW: waiting,
        View.UNIT: open_case if mine_by_unit else sa.and_(open_case, Case.unit_id == user.unit_id),
        View.MINE: sa.and_(open_case, Case.assignee_id == user.id),
        View.ON_HOLD: Case.status == CaseStatus.ON_HOLD,
        View.DUE_SOON: sa.and_(open_case, now.due_soon),
        View.OVERDUE: sa.and_(open_case, now.overdue),
        View.ALL: sa.true(),
    }[view]


def _filter_clauses(filters: Filters) -> list[sa.ColumnElement[bool]]:
    clauses = []
    for column, value in ((Case.kind, filters.kind), (Case.category, filters.category),
                          (Case.unit_id, filters.unit_id), (Case.status, filters.status),
                          (Case.channel, filters.channel)):
        if value is not None:
            clauses.append(column == value)
    if filters.received_from:
        clauses.append(Case.received_at >= local_midnight(filters.received_from))
    if filters.received_to:
        clauses.append(Case.received_at < local_midnight(filters.received_to + timedelta(days=1)))
    return clauses



def list_cases(user: User, view: View, filters: Filters, *, today: date, cursor: str | None = None,
               page_size: int = PAGE_SIZE) -> Page:
    """One page of a queue, nearest deadline first by default (a search: best match first), and
    the count of every view."""
    if view not in views_for(user):
        raise ValueError(f"{view} is not one of this user's views")
    column = SORT_COLUMNS[filters.sort]
    visible = visible_to(user)
    now = thresholds(today)
    query = sa.select(Case).where(visible, _view_clause(view, user, now), *_filter_clauses(filters))
    search = case_search.prepare(user, filters.text) if filters.text else None
    found = (case_search.candidates(query, search, column, descending=filters.sort is not Sort.DEADLINE)
             if search is not None else None)
    if found is not None and found.rows is not None:
        ranked = case_search.rank(found.rows, descending=filters.sort is not Sort.DEADLINE, cursor=cursor,
                                  page_size=page_size, is_date=filters.sort is Sort.DEADLINE)
        rows = _page(query.where(Case.id.in_(ranked.ids)), (), page_size)  # even none: constant statements
        position = {case_id: i for i, case_id in enumerate(ranked.ids)}
        rows.sort(key=lambda c: position[c.id])
        next_cursor = ranked.next_cursor
    elif found is None:
        rows, next_cursor = _walk(query, filters.sort, cursor, page_size)
    else:
        # Too many to rank. Crowding the queue's first rows: walk its order, the match a filter.
        # Spread thin: the trigram index finds them and they are sorted (a sort on an expression
        # keeps PostgreSQL from walking the order index through rows that do not match).
        rows, next_cursor = _walk(query.where(search.filter if found.dense else search.match), filters.sort,
                                  cursor, page_size, opaque_order=not found.dense)
    states = {c.id: now.state_of(c) if c.status in OPEN_STATUSES else None for c in rows}
    return Page(rows, next_cursor, count_views(user, now, visible), states)


def _walk(query: sa.Select, sort: Sort, cursor: str | None, page_size: int,
          opaque_order: bool = False) -> tuple[list[Case], str | None]:
    """A page in the sort column's order, cut by a keyset on (sort value, id); ``opaque_order``
    sorts on an expression so that PostgreSQL finds the rows by the WHERE clause's indexes."""
    column = SORT_COLUMNS[sort]
    key = sa.func.coalesce(column, column) if opaque_order else column
    id_key = sa.func.coalesce(Case.id, Case.id) if opaque_order else Case.id
    descending = sort is not Sort.DEADLINE
    after = _decode(cursor, sort)
    # Among cases without a deadline, ordering on the (NULL) deadline too lets PostgreSQL read them
    # from the (…, next_due[, id]) indexes in id order instead of walking the primary key.
    nulls_order = (key.asc(), id_key.asc())
    past = None  # the rows after the cursor, when the cursor has a sort value
    if after is not None and after[0] is not None:
        bound = sa.tuple_(sa.literal(after[0], column.type), after[1])  # typed: SQLite compares UTC with UTC
        past = sa.tuple_(column, Case.id) < bound if descending else sa.tuple_(column, Case.id) > bound
    if descending:
        rows = _page(query if past is None else query.where(past), (key.desc(), id_key.desc()), page_size + 1)
    elif after is not None and after[0] is None:  # already among the cases without a deadline
        rows = _page(query.where(column.is_(None), Case.id > after[1]), nulls_order, page_size + 1)
    else:
        # Cases with a deadline in (deadline, id) order, then those without one, each its own index
        # range: one query with "OR next_due IS NULL" would walk the whole index past the cursor.
        dated = query.where(column.is_not(None))
        rows = _page(dated if past is None else dated.where(past), (key.asc(), id_key.asc()), page_size + 1)
        if len(rows) <= page_size:
            rows += _page(query.where(column.is_(None)), nulls_order, page_size + 1 - len(rows))
    next_cursor = _encode(rows[page_size - 1], column) if len(rows) > page_size else None
    return rows[:page_size], next_cursor


def _page(query, order, limit: int) -> list[Case]:
    query = query.options(joinedload(Case.unit), joinedload(Case.assignee))
    return list(db.session.scalars(query.order_by(*order).limit(limit)).unique())


def count_views(user: User, now: Thresholds, visible: sa.ColumnElement[bool] | None = None) -> dict[View, int]:
    """The number of cases in each of the user's views, counted up to COUNT_CAP, in one round trip.

    Counting stops at the cap so that each count is an index range scan of at
    most COUNT_CAP rows however large the table grows; the page shows "1000+".
    """
    views = views_for(user)
    visible = visible_to(user) if visible is None else visible

    def capped(view):
        rows = sa.select(sa.literal(1)).select_from(Case).where(
            visible, _view_clause(view, user, now)).limit(COUNT_CAP).subquery()
        return sa.select(sa.func.count()).select_from(rows).scalar_subquery().label(view.value)

    row = db.session.execute(sa.select(*(capped(v) for v in views))).one()
    return {v: getattr(row, v.value) for v in views}


def _encode(case: Case, column) -> str:
    value = getattr(case, column.key)
    raw = json.dumps([value.isoformat() if value is not None else None, case.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str | None, sort: Sort):
    """(sort value, id) from a cursor, or None if there is none or it is not one of ours."""
    if not cursor:
        return None
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not is_record_id(last_id):
            return None
        if value is None and sort is Sort.DEADLINE:
            return None, last_id
        if sort is Sort.DEADLINE:
            return date.fromisoformat(value), last_id
        moment = datetime.fromisoformat(value)
        # Ours are aware; a naive or unrepresentable-in-UTC moment was written by hand.
        return (moment.astimezone(timezone.utc), last_id) if moment.tzinfo else None
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        return None
