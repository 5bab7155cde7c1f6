"""The tamper-evident chains of the audit trails: a case's events, and a visit's."""
import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import datetime


def _digest(prev_hash: str | None, fields: dict) -> str:
    payload = json.dumps({"prev": prev_hash, **fields}, sort_keys=True, ensure_ascii=False,
                         separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def event_hash(
    prev_hash: str | None,
    *,
    case_id: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    from_status: str | None,
    to_status: str | None,
    note: str | None,
    data: dict,
) -> str:
    """SHA-256 over the previous hash and the case event's fields, in a canonical form."""
    return _digest(prev_hash, {"case": case_id, "at": at.isoformat(timespec="microseconds"), "actor": actor_id,
                               "action": action, "from": from_status, "to": to_status, "note": note, "data": data})


def visit_event_hash(prev_hash: str | None, *, visit_id: int, at: datetime, actor_id: int | None, action: str,
                     note: str | None, data: dict) -> str:
    """SHA-256 over the previous hash and the visit event's fields (the visit's own chain)."""
    return _digest(prev_hash, {"visit": visit_id, "at": at.isoformat(timespec="microseconds"), "actor": actor_id,
                               "action": action, "note": note, "data": data})


def _breaks(events: Iterable, expected: Callable) -> list[int]:
    broken = []
    previous = None
    for event in events:
        if event.prev_hash != previous or event.hash != expected(previous, event):
            broken.append(event.id)
        previous = event.hash
    return broken


def find_breaks(events) -> list[int]:
    """The ids of events whose stored hashes do not follow from the chain before them.

    ``events`` are one case's events in id order, each with ``id``, ``prev_hash``,
    ``hash`` and the hashed fields. A changed field breaks its own event; a
    deleted or reordered event breaks the one after it.
    """
    return _breaks(events, lambda previous, e: event_hash(
        previous, case_id=e.case_id, at=e.at, actor_id=e.actor_id, action=e.action,
        from_status=e.from_status.value if e.from_status else None,
        to_status=e.to_status.value if e.to_status else None, note=e.note, data=e.data))


def find_visit_breaks(events) -> list[int]:
    """The same check over one visit's events, in id order."""
    return _breaks(events, lambda previous, e: visit_event_hash(
        previous, visit_id=e.visit_id, at=e.at, actor_id=e.actor_id, action=e.action, note=e.note, data=e.data))
