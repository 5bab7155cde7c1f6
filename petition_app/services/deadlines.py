"""Keeping a case's statutory deadlines current, and explaining them to staff."""
from dataclasses import dataclass
from datetime import date, datetime

from ..clock import local_date
from ..domain.cases import CaseStatus
from ..domain.sla import Deadline, DeadlineState, Hold, Period, Phase, compute_deadlines
from ..models import Case
from .policies import policy_of
from .working_calendar import working_calendar


def resolution_period(case: Case) -> Period:
    """The resolution period the case is counted under (a second-time complaint has its own)."""
    return policy_of(case).resolution_period(second_time=case.is_second_time)


def deadlines_of(case: Case) -> dict[Phase, Deadline]:
    return compute_deadlines(
        policy_of(case), working_calendar(), received_on=local_date(case.received_at),
        accepted_on=local_date(case.accepted_at) if case.accepted_at else None,
        holds=tuple(Hold(h.started_on, h.ended_on) for h in case.holds),
        extensions=tuple(e.days for e in case.extensions),
        complex_case=case.is_complex, remote=case.is_remote, second_time=case.is_second_time,
    )


def refresh_deadlines(case: Case) -> None:
    """Store the deadlines (the caller commits): the triage and acceptance periods run from
    receipt, resolution from acceptance; ``next_due`` is the one the case is working towards."""
    deadlines = deadlines_of(case)
    previous_due = case.next_due
    triage = deadlines[Phase.TRIAGE]
    if triage.due is not None:
        case.triage_due = triage.due
    acceptance = deadlines.get(Phase.ACCEPTANCE)
    resolution = deadlines.get(Phase.RESOLUTION)
    case.acceptance_due = acceptance.due if acceptance else None
    case.resolution_due = resolution.due if resolution else None
    if case.status is CaseStatus.RECEIVED:
        due = [d.due for d in (triage, acceptance) if d is not None and d.due is not None]
        case.next_due = min(due) if due else None
    elif case.status in (CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS):
        case.next_due = resolution.due if resolution else None
    else:
        case.next_due = None  # on hold, or finished
    if case.next_due != previous_due:
        # A new deadline: the sweep sets its state and owes its reminders afresh.
        case.deadline_state = None
        case.notified_level = None


@dataclass
class Explanation:
    deadline: Deadline
    state: DeadlineState
    skipped: list[tuple[date, str]]  # non-working days inside the period, and why


def explain(case: Case, now: datetime) -> list[Explanation]:
    """Each deadline with its period, citation, holds, extensions and the days it skipped."""
    calendar = working_calendar()
    today = local_date(now)
    policy = policy_of(case)
    explanations = []
    for deadline in deadlines_of(case).values():
        end = deadline.due or today
        explanations.append(Explanation(deadline, deadline.state(today, calendar, policy.warning_days),
                                        calendar.non_working_days(deadline.counted_from, end)))
    return explanations
