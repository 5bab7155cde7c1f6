"""Writing and checking the audit trails: a case's (nhật ký xử lý hồ sơ) and a visit's."""
from datetime import datetime, timezone
from itertools import groupby

import sqlalchemy as sa

from ..domain.audit import event_hash, find_breaks, find_visit_breaks, visit_event_hash
from ..domain.cases import CaseStatus
from ..extensions import db
from ..models import AdminEvent, Case, CaseEvent, User, Visit, VisitEvent


def record_event(
    case: Case,
    action: str,
    *,
    now: datetime,
    actor: User | None = None,
    from_status: CaseStatus | None = None,
    to_status: CaseStatus | None = None,
    note: str | None = None,
    data: dict | None = None,
    first: bool = False,
    prev_hash: str | None = None,
) -> CaseEvent:
    """Append one event to the case's chain (flushes; the caller commits).

    ``first`` says the case was created in this transaction, so there is no
    previous event to chain to (and no need to ask the database); ``prev_hash``
    gives the chain's last hash when the caller already read it (last_hashes).
    """
    if case.id is None:
        db.session.flush()
    if prev_hash is None and not first:
        prev_hash = db.session.scalar(
            sa.select(CaseEvent.hash).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(1))
    event = CaseEvent(**event_row(case.id, action, now=now, actor=actor, from_status=from_status,
                                  to_status=to_status, note=note, data=data, prev_hash=prev_hash))
    db.session.add(event)
    return event


def event_row(case_id: int, action: str, *, now: datetime, actor: User | None = None,
              from_status: CaseStatus | None = None, to_status: CaseStatus | None = None,
              note: str | None = None, data: dict | None = None, prev_hash: str | None = None) -> dict:
    """One chained event's column values, for record_event or for inserting many at once
    (``db.session.execute(sa.insert(CaseEvent), rows)``) where the caller keeps the chain."""
    # Microsecond precision survives both backends, so the hash can be recomputed.
    at = now.astimezone(timezone.utc)
    data = data or {}
    actor_id = actor.id if actor else None
    return dict(
        case_id=case_id, at=at, actor_id=actor_id, action=action, from_status=from_status, to_status=to_status,
        note=note, data=data, prev_hash=prev_hash,
        hash=event_hash(prev_hash, case_id=case_id, at=at, actor_id=actor_id, action=action,
                        from_status=from_status.value if from_status else None,
                        to_status=to_status.value if to_status else None, note=note, data=data),
    )


def last_hashes(case_ids: list[int]) -> dict[int, str]:
    """The last event's hash of each case, in one query (for recording many events at once)."""
    last = sa.select(sa.func.max(CaseEvent.id)).where(CaseEvent.case_id.in_(case_ids)).group_by(CaseEvent.case_id)
    return dict(db.session.execute(sa.select(CaseEvent.case_id, CaseEvent.hash).where(CaseEvent.id.in_(last))).all())


def verify_chains(batch_size: int = 5000) -> dict[int, list[int]]:
    """Check every case's chain; returns {case id: [broken event ids]} for the cases that fail."""
    return _verify(CaseEvent, CaseEvent.case_id, find_breaks, batch_size)


def verify_visit_chains(batch_size: int = 5000) -> dict[int, list[int]]:
    """Check every visit's chain; returns {visit id: [broken event ids]} for the visits that fail."""
    return _verify(VisitEvent, VisitEvent.visit_id, find_visit_breaks, batch_size)


def _verify(model, owner, find, batch_size: int) -> dict[int, list[int]]:
    failures: dict[int, list[int]] = {}
    last_id = 0
    while True:
        events = db.session.scalars(
            sa.select(model).where(owner > last_id).order_by(owner, model.id).limit(batch_size)
            .execution_options(populate_existing=True)
        ).all()
        if not events:
            return failures
        # Finish the last owner of the batch completely before judging it.
        last_owner = getattr(events[-1], owner.key)
        events += db.session.scalars(
            sa.select(model).where(owner == last_owner, model.id > events[-1].id)
            .order_by(model.id).execution_options(populate_existing=True)
        ).all()
        for owner_id, chain in groupby(events, key=lambda e: getattr(e, owner.key)):
            broken = find(chain)
            if broken:
                failures[owner_id] = broken
        last_id = last_owner
        for event in events:  # keep memory flat on a large trail
            db.session.expunge(event)


def record_visit_event(visit: Visit, action: str, *, now: datetime, actor: User | None = None,
                       note: str | None = None, data: dict | None = None,
                       prev_hash: str | None = None, first: bool = False) -> VisitEvent:
    """Append one event to the visit's own chain (the caller commits).

    ``first`` says the visit was created in this transaction; ``prev_hash`` gives the chain's
    last hash when the caller already knows it (the database is not asked then).
    """
    if visit.id is None:
        db.session.flush()
    if prev_hash is None and not first:
        prev_hash = last_visit_hash(visit.id)
    at = now.astimezone(timezone.utc)
    data = data or {}
    actor_id = actor.id if actor else None
    event = VisitEvent(visit_id=visit.id, at=at, actor_id=actor_id, action=action, note=note, data=data,
                       prev_hash=prev_hash, hash=visit_event_hash(prev_hash, visit_id=visit.id, at=at,
                                                                  actor_id=actor_id, action=action, note=note,
                                                                  data=data))
    db.session.add(event)
    return event


def last_visit_hash(visit_id: int) -> str | None:
    """The hash of the visit's last event (pending events are flushed first)."""
    return db.session.scalar(sa.select(VisitEvent.hash).where(VisitEvent.visit_id == visit_id)
                             .order_by(VisitEvent.id.desc()).limit(1))


def record_admin_event(action: str, *, actor: User | None, now: datetime, note: str | None = None,
                       data: dict | None = None) -> AdminEvent:
    """Append one entry to the admins' audit trail (the caller commits)."""
    event = AdminEvent(at=now.astimezone(timezone.utc), actor_id=actor.id if actor else None, action=action,
                       note=note, data=data or {})
    db.session.add(event)
    return event


def admin_events(limit: int = 50) -> list[AdminEvent]:
    return list(db.session.scalars(sa.select(AdminEvent).order_by(AdminEvent.id.desc()).limit(limit)))
