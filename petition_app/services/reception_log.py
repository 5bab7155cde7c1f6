"""The reception log book (sổ tiếp công dân, Thông tư 04/2021/TT-TTCP): the filtered list, its
rows for print and export, and the earlier visits and open cases of a returning visitor.

Every row passes the denouncer rule here (Luật Tố cáo 2018, Điều 47): a protected visitor is
a pseudonym for those not entitled, in the page, the print layout and every export alike.
"""
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ..clock import local_midnight
from ..domain.cases import OPEN_STATUSES, CaseKind, CaseStatus
from ..domain.identity import InvalidValue, normalize_citizen_id, normalize_phone
from ..domain.reception import (
    ReceptionKind,
    ReceptionPlace,
    RefusalGround,
    VisitAct,
    VisitOutcome,
    visit_permits,
    visit_relation,
)
from ..extensions import db
from ..models import Case, Petitioner, User, Visit, Visitor
from . import access

PAGE_SIZE = 50
LOOKUP_LIMIT = 10


@dataclass
class LogFilters:
    date_from: date | None = None
    date_to: date | None = None
    officer_id: int | None = None
    place: ReceptionPlace | None = None
    reception_kind: ReceptionKind | None = None
    outcome: VisitOutcome | None = None


@dataclass
class LogRow:
    """One line of the log book as the reader may see it, in the order of Mẫu số 01 (Thông tư
    04/2021/TT-TTCP) first, then the particulars the sector's reports count."""

    visit_id: int
    visited_at: object
    name: str
    representatives: list  # a delegation's other representatives (Luật Tiếp công dân 2013, Điều 30)
    address: str
    citizen_id: str
    people_count: int
    is_group: bool
    content: str
    kind: CaseKind | None  # phân loại: the visit's own, else its case's
    prior_authority: str  # cơ quan đã giải quyết
    outcome: VisitOutcome  # hướng xử lý
    refusal_ground: RefusalGround | None
    tracking_code: str  # theo dõi kết quả: the case and where it stands
    case_status: CaseStatus | None
    outcome_note: str  # ghi chú
    reception_kind: ReceptionKind
    is_repeat: bool
    is_online: bool
    place: ReceptionPlace
    place_detail: str
    officer: str
    phone: str
    documents: list
    protected: bool  # shown as a pseudonym


def pseudonym(key: str) -> str:
    """A stable alias for a protected visitor: keyed, so it reveals nothing."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"visitor:{key}".encode(), hashlib.sha256).digest()
    alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
    return alphabet[digest[0] % len(alphabet)] + alphabet[digest[1] % len(alphabet)]


def _query(filters: LogFilters) -> sa.Select:
    """Exactly the columns a line needs, in the order ``_row`` unpacks them."""
    first = sa.orm.aliased(Visitor)
    protected_case = sa.or_(Case.kind == CaseKind.DENUNCIATION, Petitioner.is_protected.is_(True))
    query = (
        sa.select(Visit.id, Visit.visited_at, Visit.officer_id, Visit.created_by_id, Visit.is_protected,
                  sa.func.coalesce(protected_case, False).label("case_protected"),
                  first.full_name, first.citizen_id, first.address, first.phone, Visit.people_count,
                  Visit.is_group, Visit.content, Visit.kind, Case.kind.label("case_kind"), Visit.prior_authority,
                  Visit.outcome, Visit.refusal_ground, Case.tracking_code, Case.status.label("case_status"),
                  Visit.outcome_note, Visit.reception_kind, Visit.is_repeat, Visit.is_online, Visit.place,
                  Visit.place_detail, User.full_name.label("officer"), Visit.documents)
        .join(User, User.id == Visit.officer_id)
        .outerjoin(first, sa.and_(first.visit_id == Visit.id, first.position == 0))
        .outerjoin(Case, Case.id == Visit.case_id)
        .outerjoin(Petitioner, Petitioner.id == Case.petitioner_id)
    )
    return _filtered(query, filters).order_by(Visit.visited_at.desc(), Visit.id.desc())


def _filtered(query: sa.Select, filters: LogFilters) -> sa.Select:
    if filters.date_from:
        query = query.where(Visit.visited_at >= local_midnight(filters.date_from))
    if filters.date_to:
        query = query.where(Visit.visited_at < local_midnight(filters.date_to + timedelta(days=1)))
    for column, value in ((Visit.officer_id, filters.officer_id), (Visit.place, filters.place),
                          (Visit.reception_kind, filters.reception_kind), (Visit.outcome, filters.outcome)):
        if value is not None:
            query = query.where(column == value)
    return query


def count(filters: LogFilters) -> int:
    """How many visits the filter matches (the exports decide from it whether to build off the request)."""
    return db.session.scalar(_filtered(sa.select(sa.func.count(Visit.id)), filters))


def _representatives(visit_ids: sa.Select | list[int]) -> dict[int, list[str]]:
    """The other representatives of the delegations among ``visit_ids``, in their order."""
    query = (sa.select(Visitor.visit_id, Visitor.full_name)
             .where(Visitor.position > 0, Visitor.visit_id.in_(visit_ids))
             .order_by(Visitor.visit_id, Visitor.position))
    found: dict[int, list[str]] = {}
    for visit_id, name in db.session.execute(query):
        found.setdefault(visit_id, []).append(name)
    return found


def _identity_rule(user: User):
    """Whether a protected visitor's identity is hidden from ``user`` on a line (Luật Tố cáo 2018,
    Điều 47), worked out once per relation rather than once per line."""
    rule = {}
    for officer_id in (user.id, None):
        relation = visit_relation(user.role, user.id, officer_id=officer_id, created_by_id=None)
        rule[officer_id is not None] = not visit_permits(user.role, relation, VisitAct.REVEAL_IDENTITY)

    def hidden(officer_id, created_by_id) -> bool:
        return rule[user.id in (officer_id, created_by_id)]
    return hidden


def _row(hidden, reps: dict[int, list[str]], r) -> LogRow:
    (visit_id, visited_at, officer_id, created_by_id, is_protected, case_protected, full_name, citizen_id, address,
     phone, people_count, is_group, content, kind, case_kind, prior_authority, outcome, refusal_ground,
     tracking_code, case_status, outcome_note, reception_kind, is_repeat, is_online, place, place_detail, officer,
     documents) = r
    protected = (is_protected or case_protected) and hidden(officer_id, created_by_id)
    name = full_name or ""
    if protected:
        name = _("Người tố cáo #%(alias)s", alias=pseudonym(citizen_id or full_name or str(visit_id)))
    return LogRow(
        visit_id=visit_id, visited_at=visited_at, name=name,
        representatives=[] if protected else reps.get(visit_id, []),
        address="" if protected else (address or ""), citizen_id="" if protected else (citizen_id or ""),
        people_count=people_count, is_group=is_group, content=content, kind=kind or case_kind,
        prior_authority=prior_authority or "", outcome=outcome, refusal_ground=refusal_ground,
        tracking_code=tracking_code or "", case_status=case_status, outcome_note=outcome_note or "",
        reception_kind=reception_kind, is_repeat=is_repeat, is_online=is_online, place=place,
        place_detail=place_detail or "", officer=officer, phone="" if protected else (phone or ""),
        documents=documents or [], protected=protected)


def log_page(user: User, filters: LogFilters, page: int = 1) -> tuple[list[LogRow], int]:
    """One page of the log book, newest first, and how many visits match."""
    rows = db.session.execute(_query(filters).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).all()
    reps = _representatives([r[0] for r in rows if r.is_group])
    hidden = _identity_rule(user)
    return [_row(hidden, reps, r) for r in rows], count(filters)


def log_rows(user: User, filters: LogFilters, limit: int | None = None) -> Iterator[LogRow]:
    """Every matching row (or the first ``limit``), streamed in one query: a server-side cursor on
    PostgreSQL, plain tuples rather than ORM rows (for print and the exports)."""
    query = _query(filters).limit(limit)
    reps = _representatives(_filtered(sa.select(Visit.id).where(Visit.is_group.is_(True)), filters))
    hidden = _identity_rule(user)
    result = db.session.connection().execution_options(stream_results=True, yield_per=5000).execute(query)
    for r in result:
        yield _row(hidden, reps, r)


@dataclass
class EarlierMatch:
    visits: list[dict]
    cases: list[dict]
    protected: int  # matches on a protected person: only that they exist


def earlier(user: User, *, citizen_id: str = "", phone: str = "", name: str = "",
            exclude_visit: int | None = None) -> EarlierMatch:
    """The earlier visits and open cases of a person the desk is typing in."""
    conditions_v, conditions_p = [], []
    try:
        cid = normalize_citizen_id(citizen_id) if citizen_id else None
    except InvalidValue:
        cid = None
    try:
        tel = normalize_phone(phone) if phone else None
    except InvalidValue:
        tel = None
    name = " ".join((name or "").split())
    if cid:
        conditions_v.append(Visitor.citizen_id == cid)
        conditions_p.append(Petitioner.citizen_id == cid)
    if tel:
        conditions_v.append(Visitor.phone == tel)
        conditions_p.append(Petitioner.phone == tel)
    if len(name) >= 4:
        conditions_v.append(sa.func.lower(Visitor.full_name) == name.lower())
        conditions_p.append(sa.func.lower(Petitioner.full_name) == name.lower())
    found = EarlierMatch([], [], 0)
    if not conditions_v:
        return found
    visit_ids = db.session.scalars(
        sa.select(Visitor.visit_id).where(sa.or_(*conditions_v)).distinct().order_by(Visitor.visit_id.desc())
        .limit(LOOKUP_LIMIT)).all()
    for visit in db.session.scalars(sa.select(Visit).where(Visit.id.in_(visit_ids or [-1]))
                                    .order_by(Visit.visited_at.desc())):
        if visit.id == exclude_visit:
            continue
        if not access.may_see_visitor(user, visit):
            found.protected += 1
            continue
        found.visits.append({"id": visit.id, "visited_at": visit.visited_at, "content": visit.content[:160],
                             "name": visit.first_visitor.full_name if visit.first_visitor else "",
                             "outcome": visit.outcome,
                             "tracking_code": visit.case.tracking_code if visit.case else None})
    cases = db.session.scalars(
        sa.select(Case).join(Petitioner, Petitioner.id == Case.petitioner_id)
        .where(sa.or_(*conditions_p), Case.status.in_(OPEN_STATUSES))
        .order_by(Case.received_at.desc()).limit(LOOKUP_LIMIT))
    for case in cases:
        if access.identity_is_protected(case) and not access.may_reveal_identity(user, case):
            found.protected += 1
            continue
        found.cases.append({"id": case.id, "tracking_code": case.tracking_code, "kind": case.kind,
                            "status": case.status, "subject": case.subject, "received_at": case.received_at})
    return found
