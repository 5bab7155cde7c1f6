"""The tamper-evident chain of a case's audit events."""
import hashlib
import json
from datetime import datetime


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
    """SHA-256 over the previous hash and the event's fields, in a canonical form."""
    payload = json.dumps(
        {
            "prev": prev_hash,
            "case": case_id,
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor_id,
            "action": action,
            "from": from_status,
            "to": to_status,
            "note": note,
            "data": data,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def find_breaks(events) -> list[int]:
    """The ids of events whose stored hashes do not follow from the chain before them.

    ``events`` are one case's events in id order, each with ``id``, ``prev_hash``,
    ``hash`` and the hashed fields. A changed field breaks its own event; a
    deleted or reordered event breaks the one after it.
    """
    broken = []
    previous = None
    for event in events:
        expected = event_hash(
            previous,
            case_id=event.case_id,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            from_status=event.from_status.value if event.from_status else None,
            to_status=event.to_status.value if event.to_status else None,
            note=event.note,
            data=event.data,
        )
        if event.prev_hash != previous or event.hash != expected:
            broken.append(event.id)
        previous = event.hash
    return broken
