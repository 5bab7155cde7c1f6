"""Keeping a case's statutory deadlines current, and explaining them to staff."""
from dataclasses import dataclass
from datetime import date, datetime

from ..clock import local_date
from ..domain.cases import CaseKind, CaseStatus, Channel
from ..domain.deadlines import Deadline, DeadlineState, Hold, Period, Phase, Variants, compute_deadlines
from ..models import Case
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


def deadlines_of(case: Case) -> dict[Phase, Deadline]:
    return compute_deadlines(
        policy_of(case), working_calendar(), received_on=local_date(case.received_at),
        accepted_on=local_date(case.accepted_at) if case.accepted_at else None,
        holds=tuple(Hold(h.started_on, h.ended_on) for h in case.holds),
        extensions=tuple(e.days for e in case.extensions), variants=variants_of(case),
    )


def citizen_deadlines(case: Case) -> list[Deadline]:
    """What the receipt and the acknowledgement promise: the petition-handling period (xử lý đơn) —
    or, for an information request, which has none, the first notice and the answer (Luật Tiếp cận
    thông tin 2016, Điều 31)."""
    phases = (Phase.ACCEPTANCE, Phase.RESOLUTION) if case.kind is CaseKind.INFO_REQUEST else (Phase.TRIAGE,)
    deadlines = deadlines_of(case)
    return [deadlines[phase] for phase in phases if phase in deadlines]


def refresh_deadlines(case: Case) -> None:
    """Store the deadlines (the caller commits) — the only place a case's due dates are set.
    Triage, forwarding and acceptance run from receipt; resolution from acceptance, or from
    receipt where the law says so; ``next_due`` is the nearest one the case is working towards."""
    deadlines = deadlines_of(case)
    previous_due = case.next_due
    triage = deadlines.get(Phase.TRIAGE)
    if triage is None:
        case.triage_due = None
    elif triage.due is not None:
        case.triage_due = triage.due  # kept while on hold: the receipt still shows it
    forwarding = deadlines.get(Phase.FORWARDING)
    acceptance = deadlines.get(Phase.ACCEPTANCE)
    resolution = deadlines.get(Phase.RESOLUTION)
    case.forwarding_due = forwarding.due if forwarding else None
    case.acceptance_due = acceptance.due if acceptance else None
    case.resolution_due = resolution.due if resolution else None
    if case.status is CaseStatus.RECEIVED:
        due = [d.due for d in (triage, forwarding, acceptance, resolution) if d is not None and d.due is not None]
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
