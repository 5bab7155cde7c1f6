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
from ..domain.cases import OPEN_STATUSES, CaseKind
from ..domain.identity import InvalidValue, normalize_citizen_id, normalize_phone
from ..domain.reception import ReceptionKind, ReceptionPlace, VisitAct, VisitOutcome, visit_permits, visit_relation
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
    """One line of the log book as the reader may see it."""

    visit_id: int
    visited_at: object
    name: str
    citizen_id: str
    address: str
    phone: str
    content: str
    reception_kind: ReceptionKind
    is_repeat: bool
    is_online: bool
    people_count: int
    place: ReceptionPlace
    place_detail: str
    officer: str
    documents: list
    outcome: VisitOutcome
    outcome_note: str
    tracking_code: str
    protected: bool  # shown as a pseudonym


def pseudonym(key: str) -> str:
    """A stable alias for a protected visitor: keyed, so it reveals nothing."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"visitor:{key}".encode(), hashlib.sha256).digest()
    alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
    return alphabet[digest[0] % len(alphabet)] + alphabet[digest[1] % len(alphabet)]


def _query(filters: LogFilters) -> sa.Select:
    first = sa.orm.aliased(Visitor)
    protected_case = sa.or_(Case.kind == CaseKind.DENUNCIATION, Petitioner.is_protected.is_(True))
    query = (
        sa.select(Visit.id, Visit.visited_at, Visit.officer_id, Visit.created_by_id, Visit.content,
                  Visit.reception_kind, Visit.is_repeat, Visit.is_online, Visit.people_count, Visit.place,
                  Visit.place_detail, Visit.documents, Visit.outcome, Visit.outcome_note, Visit.is_protected,
                  User.full_name.label("officer"), Case.tracking_code,
                  sa.func.coalesce(protected_case, False).label("case_protected"),
                  first.full_name, first.citizen_id, first.address, first.phone)
        .join(User, User.id == Visit.officer_id)
        .outerjoin(first, sa.and_(first.visit_id == Visit.id, first.position == 0))
        .outerjoin(Case, Case.id == Visit.case_id)
        .outerjoin(Petitioner, Petitioner.id == Case.petitioner_id)
    )
    if filters.date_from:
        query = query.where(Visit.visited_at >= local_midnight(filters.date_from))
    if filters.date_to:
        query = query.where(Visit.visited_at < local_midnight(filters.date_to + timedelta(days=1)))
    for column, value in ((Visit.officer_id, filters.officer_id), (Visit.place, filters.place),
                          (Visit.reception_kind, filters.reception_kind), (Visit.outcome, filters.outcome)):
        if value is not None:
            query = query.where(column == value)
    return query.order_by(Visit.visited_at.desc(), Visit.id.desc())


def _row(user: User, r) -> LogRow:
    protected = bool(r.is_protected or r.case_protected)
    relation = visit_relation(user.role, user.id, officer_id=r.officer_id, created_by_id=r.created_by_id)
    hidden = protected and not visit_permits(user.role, relation, VisitAct.REVEAL_IDENTITY)
    name = r.full_name or ""
    if hidden:
        name = _("Người tố cáo #%(alias)s", alias=pseudonym(r.citizen_id or r.full_name or str(r.id)))
    return LogRow(
        visit_id=r.id, visited_at=r.visited_at, name=name, citizen_id="" if hidden else (r.citizen_id or ""),
        address="" if hidden else (r.address or ""), phone="" if hidden else (r.phone or ""), content=r.content,
        reception_kind=r.reception_kind, is_repeat=r.is_repeat, is_online=r.is_online,
        people_count=r.people_count, place=r.place, place_detail=r.place_detail or "", officer=r.officer,
        documents=list(r.documents or []), outcome=r.outcome, outcome_note=r.outcome_note or "",
        tracking_code=r.tracking_code or "", protected=hidden)


def log_page(user: User, filters: LogFilters, page: int = 1) -> tuple[list[LogRow], int]:
    """One page of the log book, newest first, and how many visits match."""
    query = _query(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    return [_row(user, r) for r in rows], total


def log_rows(user: User, filters: LogFilters) -> Iterator[LogRow]:
    """Every matching row, streamed (for print and the exports)."""
    result = db.session.execute(_query(filters), execution_options={"yield_per": 2000})
    for r in result:
        yield _row(user, r)


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
