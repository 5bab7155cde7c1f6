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

from ..domain.cases import OPEN_STATUSES
from ..extensions import db
from ..models import CalendarOverride, Case, User
from .audit import last_hashes, record_admin_event, record_event
from .deadlines import refresh_deadlines
from .notifications import notify_citizen
from .refusals import Refused
from .working_calendar import working_calendar

BATCH = 500


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
        with db.session.begin_nested():
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
        cases = list(db.session.scalars(
            sa.select(Case).where(Case.status.in_(OPEN_STATUSES), reaches, Case.id > last_id)
            .order_by(Case.id).limit(BATCH)
            .options(selectinload(Case.holds), selectinload(Case.extensions), joinedload(Case.sla_policy),
                     joinedload(Case.petitioner))))
        if not cases:
            break
        hashes = last_hashes([c.id for c in cases])
        with db.session.no_autoflush:  # one flush per batch, not one per case
            _recompute_batch(cases, hashes, day, reason, actor, now, action, report)
        last_id = cases[-1].id
        db.session.flush()
    db.session.commit()
    return report


def _recompute_batch(cases: list[Case], hashes: dict[int, str], day: date, reason: str, actor: User | None,
                     now: datetime, action: str, report: Recomputed) -> None:
    for case in cases:
        before = _dues(case)
        refresh_deadlines(case)
        after = _dues(case)
        report.checked += 1
        if after == before:
            continue
        report.changed += 1
        case.updated_at = now
        notice = None
        if after["resolution_due"] != before["resolution_due"]:  # the date the citizen was given
            notice = notify_citizen(case, "deadlines_recomputed", SimpleNamespace(note=reason), now)
            if notice is not None:
                db.session.flush()  # its id goes into the event
        record_event(case, "deadlines_recomputed", now=now, actor=actor, note=reason, prev_hash=hashes.get(case.id),
                     data={"cause": action, "day": day.isoformat(), "before": before, "after": after,
                           "notice": notice.id if notice else None})


def _dues(case: Case) -> dict:
    return {name: value.isoformat() if value else None for name, value in (
        ("triage_due", case.triage_due), ("forwarding_due", case.forwarding_due),
        ("acceptance_due", case.acceptance_due),
        ("resolution_due", case.resolution_due), ("next_due", case.next_due))}
