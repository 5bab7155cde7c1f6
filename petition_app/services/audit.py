"""Writing the audit trail (nhật ký xử lý hồ sơ)."""
from datetime import datetime, timezone

import sqlalchemy as sa

from ..domain.audit import event_hash
from ..domain.cases import CaseStatus
from ..extensions import db
from ..models import Case, CaseEvent, User


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
) -> CaseEvent:
    """Append one event to the case's chain (flushes; the caller commits).

    ``first`` says the case was created in this transaction, so there is no
    previous event to chain to (and no need to ask the database).
    """
    if case.id is None:
        db.session.flush()
    prev_hash = None if first else db.session.scalar(
        sa.select(CaseEvent.hash).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(1)
    )
    # Microsecond precision survives both backends, so the hash can be recomputed.
    at = now.astimezone(timezone.utc)
    data = data or {}
    event = CaseEvent(
        case_id=case.id,
        at=at,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash,
            case_id=case.id,
            at=at,
            actor_id=actor.id if actor else None,
            action=action,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            note=note,
            data=data,
        ),
    )
    db.session.add(event)
    return event
