"""Keeping a case's statutory deadlines current, and explaining them to staff."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..clock import local_date
from ..domain.calendar import WorkingCalendar
from ..domain.cases import CaseKind, CaseStatus, Channel
from ..domain.deadlines import (
    Complexity,
    DayUnit,
    Deadline,
    DeadlineState,
    ExtensionRefused,
    Hold,
    Period,
    Phase,
    Policy,
    Variants,
    check_extension,
    compute_deadlines,
)
from ..models import Case
from .deadline_states import Thresholds
from .policies import policy_of
from .working_calendar import working_calendar


def resolution_period(case: Case) -> Period:
    """The resolution period the case is counted under (a second-time complaint has its own)."""
    return policy_of(case).resolution_period(second_time=case.is_second_time, simple=case.is_simple)


def variants_of(case: Case) -> Variants:
    return Variants(
        complex_case=case.is_complex,
        remote=case.is_remote, second_time=case.is_second_time, simple=case.is_simple,
        several_places=case.several_places, outside_competence=case.within_competence is False,
        in_person=case.channel is Channel.IN_PERSON,
    )


def deadlines_of(case: Case, policy: Policy | None = None) -> dict[Phase, Deadline]:
    """The case's deadlines under its policy (``policy``: the one it is being filed under)."""
    return compute_deadlines(
        policy or policy_of(case), working_calendar(), received_on=local_date(case.received_at),
        accepted_on=local_date(case.accepted_at) if case.accepted_at else None,
        holds=tuple(Hold(h.started_on, h.ended_on) for h in case.holds),
        extensions=tuple(e.days for e in case.extensions), variants=variants_of(case),
    )


def citizen_deadlines(case: Case, deadlines: dict[Phase, Deadline] | None = None) -> list[Deadline]:
    """What the receipt and the acknowledgement promise: the petition-handling period (xử lý đơn) —
    or, for an information request, which has none, the first notice and the answer (Luật Tiếp cận
    thông tin 2016, Điều 31). ``deadlines``: the case's, if just computed."""
    phases = (Phase.ACCEPTANCE, Phase.RESOLUTION) if case.kind is CaseKind.INFO_REQUEST else (Phase.TRIAGE,)
    deadlines = deadlines_of(case) if deadlines is None else deadlines
    return [deadlines[phase] for phase in phases if phase in deadlines]


def refresh_deadlines(case: Case, policy: Policy | None = None) -> dict[Phase, Deadline]:
    """Store the deadlines (the caller commits) — the only place a case's due dates are set.
    Returns them, computed, for a caller that tells the citizen in the same transaction.
    ``policy``: the version a new case is being filed under (see intake)."""
    deadlines = deadlines_of(case, policy)
    for name, value in deadline_fields(case, deadlines).items():
        setattr(case, name, value)
    return deadlines


def deadline_fields(case: Case, deadlines: dict[Phase, Deadline] | None = None) -> dict:
    """The due dates the case should store now, by column name, without touching the case.
    Triage, forwarding and acceptance run from receipt; resolution from acceptance, or from
    receipt where the law says so; ``next_due`` is the nearest one the case is working towards.
    A new ``next_due`` also clears the sweep's state and reminders (it sets them afresh)."""
    deadlines = deadlines_of(case) if deadlines is None else deadlines
    triage = deadlines.get(Phase.TRIAGE)
    forwarding = deadlines.get(Phase.FORWARDING)
    acceptance = deadlines.get(Phase.ACCEPTANCE)
    resolution = deadlines.get(Phase.RESOLUTION)
    fields = {
        # kept while on hold (a hold leaves the due date open): the receipt still shows it
        "triage_due": None if triage is None else triage.due if triage.due is not None else case.triage_due,
        "forwarding_due": forwarding.due if forwarding else None,
        "acceptance_due": acceptance.due if acceptance else None,
        "resolution_due": resolution.due if resolution else None,
    }
    if case.status is CaseStatus.RECEIVED:
        due = [d.due for d in (triage, forwarding, acceptance, resolution) if d is not None and d.due is not None]
        fields["next_due"] = min(due) if due else None
    elif case.status in (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS):
        fields["next_due"] = resolution.due if resolution else None
    else:
        fields["next_due"] = None  # on hold, or finished
    if fields["next_due"] != case.next_due:
        fields["deadline_state"] = None
        fields["notified_level"] = None
    return fields


@dataclass
class Explanation:
    """A deadline as the case page shows it: live (with its state now), or over."""

    deadline: Deadline
    state: DeadlineState | None  # None once the phase is over
    skipped: list[tuple[date, str]]  # the rest days that moved the due date, and why
    done_on: date | None = None  # the phase was completed that day…
    stopped_on: date | None = None  # … or the case ended that day without completing it (withdrawn)

    @property
    def days_late(self) -> int:
        """Calendar days the phase was completed after its due date (0: on time)."""
        if self.done_on is None or self.deadline.due is None:
            return 0
        return max(0, (self.done_on - self.deadline.due).days)


def explain(case: Case, now: datetime) -> list[Explanation]:
    """Each deadline with its period, citation, holds, extensions and the days it skipped; a phase
    the case has completed shows when, on time or how late, instead of a live state."""
    calendar = working_calendar()
    thresholds = Thresholds(local_date(now), calendar, {})  # the pages' rule: services/deadline_states.py
    warning_days = policy_of(case).warning_days
    ends = _phase_ends(case)
    explanations = []
    for deadline in deadlines_of(case).values():
        done_on, stopped_on = ends.get(deadline.phase, (None, None))
        state = None if done_on or stopped_on else thresholds.state(deadline.due, warning_days)
        explanations.append(Explanation(deadline, state, skipped_days(calendar, deadline), done_on, stopped_on))
    return explanations


def skipped_days(calendar: WorkingCalendar, deadline: Deadline) -> list[tuple[date, str]]:
    """The rest days that moved the due date. A working-day period skips every rest day it spans
    (days on hold aside: they are held, not skipped); a calendar-day period counts rest days like
    any other and only moves an end that falls on one to the next working day (Bộ luật Dân sự,
    Điều 148)."""
    if deadline.due is None:
        return []
    if deadline.period.unit is DayUnit.WORKING:
        return [(d, why) for d, why in calendar.non_working_days(deadline.counted_from, deadline.due)
                if not any(start < d <= end for start, end in deadline.held_days if end is not None)]
    held = sum(((end - start).days for start, end in deadline.held_days if end is not None), 0)
    last_day = deadline.counted_from + timedelta(days=deadline.days + held)
    return calendar.non_working_days(last_day - timedelta(days=1), deadline.due - timedelta(days=1))


def _phase_ends(case: Case) -> dict[Phase, tuple[date | None, date | None]]:
    """{phase: (completed on, stopped on)} for the phases that are over."""
    ends: dict[Phase, tuple[date | None, date | None]] = {}
    decided = _left_triage(case)
    if decided is not None:
        day, status = decided
        end = (None, day) if status is CaseStatus.WITHDRAWN else (day, None)
        ends[Phase.TRIAGE] = ends[Phase.ACCEPTANCE] = end
    if case.resolved_at is not None:
        ends[Phase.RESOLUTION] = (local_date(case.resolved_at), None)
    elif case.accepted_at is not None and not case.status.is_open:
        ends[Phase.RESOLUTION] = (None, _reached(case, case.status) or local_date(case.updated_at))
    return ends


WAITING = {CaseStatus.RECEIVED, CaseStatus.ON_HOLD}


def _left_triage(case: Case) -> tuple[date, CaseStatus] | None:
    """The day and the status of the decision that ended triage (thụ lý, không thụ lý, chuyển đơn…),
    or None while the case still waits for it."""
    if case.status in WAITING and case.accepted_at is None and (
            case.status is CaseStatus.RECEIVED or case.held_from_status in (None, CaseStatus.RECEIVED)):
        return None
    for event in case.events:
        if event.to_status is not None and event.to_status not in WAITING:
            return local_date(event.at), event.to_status
    moment = case.accepted_at or case.updated_at
    return local_date(moment), CaseStatus.ACCEPTED if case.accepted_at else case.status


def _reached(case: Case, status: CaseStatus) -> date | None:
    """The day the case last entered ``status``, from its audit trail."""
    days = [local_date(e.at) for e in case.events if e.to_status is status]
    return days[-1] if days else None


def extension_room(case: Case) -> int | None:
    """The most days one more extension (gia hạn) may add now under the case's policy; None when
    it allows none (no resolution period yet, none for this kind, or all of them used)."""
    if case.accepted_at is None:
        return None
    policy = policy_of(case)
    so_far = [e.days for e in case.extensions]
    # A denunciation's complexity may be raised when extending (Luật Tố cáo 2018, Điều 30).
    for complexity in (case.complexity, Complexity.ESPECIALLY_COMPLEX):
        try:
            check_extension(policy, so_far, 1, complexity)
        except ExtensionRefused:
            continue
        return policy.extension_days
    return None
