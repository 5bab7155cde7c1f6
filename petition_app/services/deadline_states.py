"""Where open cases stand against their deadlines now: overdue (quá hạn), due soon (sắp đến hạn).

A page computes the state when it is shown (DESIGN.md, "Deadlines"), from the stored
due date the case is working towards (``next_due``) and today's thresholds: overdue is
a due date before today; due soon is a due date no later than the day N working days
ahead, N being the warning window of the case's policy version. One such date is
computed per distinct window, once per request. The sweep's ``deadline_state`` column
records which reminders were owed; no page reads it, so pages are right whether or not
a scheduler runs.
"""
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from ..domain.calendar import WorkingCalendar
from ..domain.deadlines import DEFAULT_WARNING_DAYS, DeadlineState
from ..extensions import db
from ..models import Case, SlaPolicy
from .working_calendar import working_calendar


@dataclass
class Thresholds:
    """Today's thresholds; ``windows`` is {warning days: the policy versions using it (None:
    cases not yet counted under a version)}."""

    today: date
    calendar: WorkingCalendar
    windows: dict[int, tuple[int | None, ...]]
    _soon: dict[int, date] = field(default_factory=dict)

    def soon(self, warning_days: int) -> date:
        """The last due date that counts as "due soon" under a window of ``warning_days``."""
        if warning_days not in self._soon:
            self._soon[warning_days] = self.calendar.add_working_days(self.today, warning_days)
        return self._soon[warning_days]

    def state(self, due: date | None, warning_days: int) -> DeadlineState:
        if due is None:
            return DeadlineState.PAUSED
        if due < self.today:
            return DeadlineState.OVERDUE
        return DeadlineState.DUE_SOON if due <= self.soon(warning_days) else DeadlineState.ON_TRACK

    def state_of(self, case: Case) -> DeadlineState | None:
        """The state of the deadline an open case is working towards; None if it has none."""
        if case.next_due is None:
            return None
        return self.state(case.next_due, self._window_of(case.sla_policy_id))

    def _window_of(self, policy_id: int | None) -> int:
        for warning_days, ids in self.windows.items():
            if policy_id in ids:
                return warning_days
        return DEFAULT_WARNING_DAYS

    @property
    def overdue(self) -> sa.ColumnElement[bool]:
        return Case.next_due < self.today

    @property
    def due_soon(self) -> sa.ColumnElement[bool]:
        """Due today or later, up to each window's date; the outer range keeps it an index range."""
        latest = max(self.soon(w) for w in self.windows)
        in_range = sa.and_(Case.next_due >= self.today, Case.next_due <= latest)
        if len(self.windows) == 1:
            return in_range
        per_window = [sa.and_(self._policy_in(ids), Case.next_due <= self.soon(w)) for w, ids in self.windows.items()]
        return sa.and_(in_range, sa.or_(*per_window))

    @property
    def watched(self) -> sa.ColumnElement[bool]:
        """Overdue or due soon: every due date up to the longest window's date."""
        return Case.next_due <= max(self.soon(w) for w in self.windows)

    @staticmethod
    def _policy_in(ids: tuple[int | None, ...]) -> sa.ColumnElement[bool]:
        known = [i for i in ids if i is not None]
        clause = Case.sla_policy_id.in_(known) if known else sa.false()
        return sa.or_(clause, Case.sla_policy_id.is_(None)) if None in ids else clause


def thresholds(today: date) -> Thresholds:
    """Today's thresholds for every warning window in use (policy versions are few)."""
    windows: dict[int, list[int | None]] = {DEFAULT_WARNING_DAYS: [None]}
    for warning_days, policy_id in db.session.execute(sa.select(SlaPolicy.warning_days, SlaPolicy.id)):
        windows.setdefault(warning_days, []).append(policy_id)
    result = Thresholds(today, working_calendar(), {w: tuple(ids) for w, ids in windows.items()})
    for warning_days in result.windows:
        result.soon(warning_days)
    return result
