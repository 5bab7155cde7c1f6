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
