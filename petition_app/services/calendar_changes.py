"""Changing the working-day calendar (nghỉ bù, làm bù) and moving the open cases' deadlines.

A floor above both the calendar provider (``working_calendar``) and the deadline services it
uses: it imports them, they never import it.
"""
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ..domain.cases import OPEN_STATUSES
from ..extensions import db, savepoint
from ..models import CalendarOverride, Case, CaseEvent, User
from .audit import event_row, last_hashes, record_admin_event
from .deadlines import deadline_fields
from .notifications import notify_citizen
from .refusals import Refused
from .working_calendar import working_calendar

BATCH = 500
RETRIES = 3  # a batch whose cases staff keep changing meanwhile is read again this often


class OverrideRefused(Refused):
    """A calendar override that cannot be made."""


@dataclass
class Recomputed:
    checked: int = 0
    changed: int = 0


def add_override(day: date, is_working: bool, reason: str, *, actor: User | None, now: datetime) -> Recomputed:
    """Make ``day`` a working day or a day off, audit it and move the open cases' deadlines."""
    if working_calendar().is_working_day(day) == is_working:
        raise OverrideRefused("day", _("Ngày %(day)s đã là %(what)s.", day=day.strftime("%d/%m/%Y"),
                                       what=_("ngày làm việc") if is_working else _("ngày nghỉ")))
    try:
        with savepoint():
            db.session.add(CalendarOverride(day=day, is_working=is_working, reason=reason, created_at=now,
                                            created_by_id=actor.id if actor else None))
    except IntegrityError:
        raise OverrideRefused("day", _("Ngày %(day)s đã có điều chỉnh; hãy bỏ điều chỉnh cũ trước.",
                                       day=day.strftime("%d/%m/%Y"))) from None
    action = "calendar.working_day_added" if is_working else "calendar.day_off_added"
    record_admin_event(action, actor=actor, now=now, note=reason, data={"day": day.isoformat()})
    return _recompute(day, reason, actor, now, action)


def remove_override(override_id: int, *, actor: User | None, now: datetime, reason: str | None = None) -> Recomputed:
    override = db.session.get(CalendarOverride, override_id)
    if override is None or override.removed_at is not None:
        raise OverrideRefused("day", _("Không có điều chỉnh này (có thể đã được bỏ)."))
    override.removed_at = now
    override.removed_by_id = actor.id if actor else None
    note = reason or _("Bỏ điều chỉnh: %(reason)s", reason=override.reason)
    record_admin_event("calendar.override_removed", actor=actor, now=now, note=note,
                       data={"day": override.day.isoformat(), "was_working": override.is_working})
    return _recompute(override.day, note, actor, now, "calendar.override_removed")


def _recompute(day: date, reason: str, actor: User | None, now: datetime, action: str) -> Recomputed:
    """Recompute the deadlines of every open case whose periods reach ``day`` (the only ones a
    change on that day can move), record each move on the case, and commit."""
    db.session.flush()
    current_app.extensions.pop("working_calendar", None)
    reaches = sa.or_(*(column >= day for column in
                       (Case.next_due, Case.triage_due, Case.forwarding_due, Case.acceptance_due,
                        Case.resolution_due)))
    report = Recomputed()
    last_id = 0
    while True:
        query = (sa.select(Case).where(Case.status.in_(OPEN_STATUSES), reaches, Case.id > last_id)
                 .order_by(Case.id).limit(BATCH)
                 .options(selectinload(Case.holds), selectinload(Case.extensions), joinedload(Case.sla_policy),
                          joinedload(Case.petitioner)))
        for attempt in range(1, RETRIES + 1):
            cases = list(db.session.scalars(query.execution_options(populate_existing=attempt > 1)))
            if not cases:
                break
            try:
                with savepoint(), db.session.no_autoflush:
                    checked, changed = _recompute_batch(cases, day, reason, actor, now, action)
            except StaleDataError:
                # Staff changed one of these cases after it was read: read the batch again and redo it.
                if attempt == RETRIES:  # nothing of the change is kept: the admin tries again
                    db.session.rollback()
                    raise OverrideRefused("day", _("Hồ sơ đang được cán bộ sửa trong lúc tính lại thời hạn; "
                                                   "chưa lưu gì, hãy thử lại.")) from None
                continue
            report.checked += checked
            report.changed += changed
            break
        if not cases:
            break
        last_id = cases[-1].id
    db.session.commit()
    return report


# The columns refresh_deadlines may set; a batch's moved cases are written with one executemany of
# this statement (the ORM would send one UPDATE per case: a versioned mapper is never batched), and
# the version is checked and bumped in SQL as the ORM would.
_CASES = Case.__table__
_MOVED = ("triage_due", "forwarding_due", "acceptance_due", "resolution_due", "next_due", "deadline_state",
          "notified_level")
_UPDATE_MOVED = (
    _CASES.update()
    .where(_CASES.c.id == sa.bindparam("b_id"), _CASES.c.version == sa.bindparam("b_version"))
    .values(version=_CASES.c.version + 1, updated_at=sa.bindparam("b_updated_at"),
            **{name: sa.bindparam(f"b_{name}") for name in _MOVED})
)


def _recompute_batch(cases: list[Case], day: date, reason: str, actor: User | None, now: datetime,
                     action: str) -> tuple[int, int]:
    """Recompute one batch in Python, then write it set-wise: one UPDATE statement for the moved
    cases, the citizens' notices, and one INSERT for the batch's audit events. Returns the
    numbers of cases checked and moved; raises StaleDataError if a case changed since it was read."""
    moved: list[tuple[Case, dict, dict]] = []
    updates = []
    for case in cases:
        fields = deadline_fields(case)  # the objects stay untouched: nothing for the ORM to flush
        if all(getattr(case, name) == value for name, value in fields.items()):
            continue
        before = _dues(case)
        for name, value in fields.items():
            set_committed_value(case, name, value)  # what the UPDATE below writes
        moved.append((case, before, _dues(case)))
        updates.append({"b_id": case.id, "b_version": case.version, "b_updated_at": now,
                        **{f"b_{name}": getattr(case, name) for name in _MOVED}})
    notices = {}
    for case, before, after in moved:
        if after["resolution_due"] != before["resolution_due"]:  # the date the citizen was given
            notices[case.id] = notify_citizen(case, "deadlines_recomputed", SimpleNamespace(note=reason), now)
    if updates:
        written = db.session.execute(_UPDATE_MOVED, updates).rowcount
        if written != len(updates):  # someone changed one of these cases meanwhile: start again
            raise StaleDataError(f"{len(updates) - written} of {len(updates)} cases changed during the recomputation")
    for case, _before, _after in moved:
        set_committed_value(case, "version", case.version + 1)
        set_committed_value(case, "updated_at", now)
    db.session.flush()  # the notices, whose ids go into the events
    if moved:
        hashes = last_hashes([case.id for case, _before, _after in moved])
        db.session.execute(sa.insert(CaseEvent), [
            event_row(case.id, "deadlines_recomputed", now=now, actor=actor, note=reason,
                      prev_hash=hashes.get(case.id),
                      data={"cause": action, "day": day.isoformat(), "before": before, "after": after,
                            "notice": notices[case.id].id if notices.get(case.id) else None})
            for case, before, after in moved])
    return len(cases), len(moved)


def _dues(case: Case) -> dict:
    return {name: value.isoformat() if value else None for name, value in (
        ("triage_due", case.triage_due), ("forwarding_due", case.forwarding_due),
        ("acceptance_due", case.acceptance_due),
        ("resolution_due", case.resolution_due), ("next_due", case.next_due))}
