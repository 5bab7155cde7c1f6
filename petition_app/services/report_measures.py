"""What fills each column of the statistical forms: one SQL predicate per measure.

A form's cell is ``universe AND measure`` for the period, counted per unit in one aggregate
query (services/reports.py); the drill-down lists the rows of the very same predicate, so a
figure and its list cannot disagree. Every predicate is null-safe (a NULL never hides a row
from a NOT).

Definitions (our reading of DESIGN.md's "Reporting" and of the forms; the README repeats them):
- Petitions (đơn) of form 01/XLD: complaints, denunciations, petitions and feedback (not
  information requests) received before the period's end and not handled before its start.
  Carried over (kỳ trước chuyển sang): received before the start; received in the period
  otherwise. Handled (đã xử lý): triaged before the period's end — the first audit event that
  took the case out of "received" other than into a hold.
- Eligible (đủ điều kiện xử lý): handled and marked eligible, or left unmarked but given a
  competence (accepted, guided, forwarded). Within competence unless marked outside.
  Matters (vụ việc): eligible petitions that are not repeats (a repeat is linked to the first
  and counts as a petition only). Signed by one person, by several (or a delegation), other
  (anonymous or not recorded).
- Stage at the period's end: resolved, accepted and in progress, or neither (first / repeat).
  Outside competence: guided, followed up (đôn đốc) before the period's end, else forwarded.
- Complaints and denunciations (forms on resolution): matters accepted (thụ lý) before the
  period's end and not finished before its start; finished = resolved or withdrawn; on time:
  resolved (local date) on or before the resolution deadline, or with none; pending late: not
  finished and the deadline before the period's last day.
- Visits (01/TCD): visits in the period, by the officer's unit; people = the delegation's size.
Facts recorded at triage (eligible, competence, repeat, signers, guided) are read as they stand.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..clock import local_midnight
from ..domain.cases import CaseKind, CaseStatus, Signers
from ..domain.reception import ReceptionKind, VisitOutcome
from ..domain.report_periods import Period
from ..domain.reports import Form
from ..domain.workflow import Action, Outcome
from ..extensions import db
from ..models import Case, CaseEvent, Visit

LOCAL_TZ_NAME = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Window:
    """A period as stored moments: [start, end) in UTC, and its last local day."""

    period: Period

    @property
    def start(self) -> datetime:
        return local_midnight(self.period.start)

    @property
    def end(self) -> datetime:
        return local_midnight(self.period.end_exclusive)


def _before(column, moment) -> sa.ColumnElement[bool]:
    return sa.and_(column.is_not(None), column < moment)


def _local_day(column) -> sa.ColumnElement:
    """The Vietnam calendar date of a stored UTC moment, in SQL (Vietnam keeps UTC+7 all year)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.timezone(LOCAL_TZ_NAME, column), sa.Date)
    return sa.func.date(column, "+7 hours")


_TRIAGE = sa.and_(CaseEvent.from_status == CaseStatus.RECEIVED,
                  CaseEvent.to_status.not_in([CaseStatus.RECEIVED, CaseStatus.ON_HOLD]))
_FOLLOW_UP = CaseEvent.action == Action.FOLLOW_UP.value
_WITHDRAWAL = CaseEvent.to_status == CaseStatus.WITHDRAWN


def _first_events(w: Window) -> sa.Subquery:
    """Per case, the first triage (out of "received", other than into a hold), follow-up (đôn đốc)
    and withdrawal before the period's end: one pass over the audit trail, grouped by case."""
    def first(condition):
        return sa.func.min(CaseEvent.at).filter(condition)
    return (sa.select(CaseEvent.case_id, first(_TRIAGE).label("triaged_at"),
                      first(_FOLLOW_UP).label("followed_up_at"), first(_WITHDRAWAL).label("withdrawn_at"))
            .where(CaseEvent.at < w.end, sa.or_(_TRIAGE, _FOLLOW_UP, _WITHDRAWAL))
            .group_by(CaseEvent.case_id).subquery("first_events"))


FACT_COLUMNS = (Case.id, Case.unit_id, Case.kind, Case.status, Case.signers, Case.is_eligible,
                Case.within_competence, Case.is_repeat, Case.received_at, Case.accepted_at, Case.resolved_at,
                Case.outcome, Case.resolution_due)
HANDLED_KINDS = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION, CaseKind.PETITION, CaseKind.FEEDBACK)
PETITION_KINDS = (CaseKind.PETITION, CaseKind.FEEDBACK)


def case_facts(form: Form, w: Window) -> sa.CTE:
    """The cases a form may count, with what their audit trail says about the period (a
    materialised CTE, so each fact is computed once per case): the columns every measure reads."""
    events = _first_events(w)
    e = events.c
    facts = (_before(e.triaged_at, w.start).label("triaged_start"), _before(e.triaged_at, w.end).label("triaged_end"),
             _before(e.followed_up_at, w.end).label("followed_up_end"),
             _before(e.withdrawn_at, w.start).label("withdrawn_start"),
             _before(e.withdrawn_at, w.end).label("withdrawn_end"))
    # The form's universe, also here so the CTE holds only the rows the form counts.
    if form is Form.HANDLING:
        where = sa.and_(Case.kind.in_(HANDLED_KINDS), Case.received_at < w.end,
                        sa.or_(Case.received_at >= w.start, ~_before(e.triaged_at, w.start)))
    else:
        kind = CaseKind.COMPLAINT if form is Form.COMPLAINTS else CaseKind.DENUNCIATION
        where = sa.and_(Case.kind == kind, _before(Case.accepted_at, w.end), Case.is_repeat.is_(False),
                        ~_before(Case.resolved_at, w.start), ~_before(e.withdrawn_at, w.start))
    return (sa.select(*FACT_COLUMNS, *facts).select_from(Case).outerjoin(events, e.case_id == Case.id)
            .where(where).cte("facts").prefix_with("MATERIALIZED"))


# A predicate reads the period (w) and the facts' columns (f).
CasePredicate = Callable[[Window, Any], sa.ColumnElement[bool]]


def _yes(column) -> sa.ColumnElement[bool]:
    return column.is_(True)


# --- 01/XLD -------------------------------------------------------------------------------------
def _handling_universe(w: Window, f):
    return sa.or_(f.received_at >= w.start, ~_yes(f.triaged_start))


def _eligible(w: Window, f):
    marked = sa.or_(_yes(f.is_eligible), sa.and_(f.is_eligible.is_(None), f.within_competence.is_not(None)))
    return sa.and_(_yes(f.triaged_end), marked)


def _within(w: Window, f):
    return sa.and_(_eligible(w, f), sa.or_(f.within_competence.is_(None), _yes(f.within_competence)))


def _outside(w: Window, f):
    return sa.and_(_eligible(w, f), f.within_competence.is_(False))


def _unresolved(w: Window, f):
    return sa.and_(_eligible(w, f), ~_before(f.resolved_at, w.end), ~_before(f.accepted_at, w.end))


_SIGNERS = {"one": lambda f: f.signers == Signers.ONE,
            "several": lambda f: f.signers.in_([Signers.SEVERAL, Signers.DELEGATION]),
            "other": lambda f: f.signers.is_(None)}


def _kind_is(kinds, base):
    return lambda w, f: sa.and_(base(w, f), f.kind.in_(kinds))


HANDLING: dict[str, CasePredicate] = {
    "handling.total": lambda w, f: sa.true(),
    **{f"handling.carried.{k}": (lambda g: lambda w, f: sa.and_(f.received_at < w.start, g(f)))(g)
       for k, g in _SIGNERS.items()},
    **{f"handling.received.{k}": (lambda g: lambda w, f: sa.and_(f.received_at >= w.start, g(f)))(g)
       for k, g in _SIGNERS.items()},
    "handling.handled": lambda w, f: _yes(f.triaged_end),
    "handling.eligible": _eligible,
    "handling.eligible.matters": lambda w, f: sa.and_(_eligible(w, f), f.is_repeat.is_(False)),
    "handling.eligible.complaint": _kind_is([CaseKind.COMPLAINT], _eligible),
    "handling.eligible.denunciation": _kind_is([CaseKind.DENUNCIATION], _eligible),
    "handling.eligible.petition": _kind_is(PETITION_KINDS, _eligible),
    "handling.stage.resolved": lambda w, f: sa.and_(_eligible(w, f), _before(f.resolved_at, w.end)),
    "handling.stage.in_progress": lambda w, f: sa.and_(_eligible(w, f), ~_before(f.resolved_at, w.end),
                                                       _before(f.accepted_at, w.end)),
    "handling.stage.first": lambda w, f: sa.and_(_unresolved(w, f), f.is_repeat.is_(False)),
    "handling.stage.repeat": lambda w, f: sa.and_(_unresolved(w, f), _yes(f.is_repeat)),
    "handling.within": _within,
    "handling.within.complaint": _kind_is([CaseKind.COMPLAINT], _within),
    "handling.within.denunciation": _kind_is([CaseKind.DENUNCIATION], _within),
    "handling.within.petition": _kind_is(PETITION_KINDS, _within),
    "handling.outside": _outside,
    "handling.outside.guided": lambda w, f: sa.and_(_outside(w, f), f.status == CaseStatus.GUIDED),
    "handling.outside.followed_up": lambda w, f: sa.and_(_outside(w, f), f.status != CaseStatus.GUIDED,
                                                         _yes(f.followed_up_end)),
    "handling.outside.forwarded": lambda w, f: sa.and_(_outside(w, f), f.status != CaseStatus.GUIDED,
                                                       ~_yes(f.followed_up_end)),
}


# --- Resolution of complaints and denunciations -------------------------------------------------
def _resolution_universe(w: Window, f):
    return sa.and_(f.is_repeat.is_(False), ~_before(f.resolved_at, w.start), ~_yes(f.withdrawn_start))


def _resolution(prefix: str, verdicts: tuple[Outcome, Outcome, Outcome]) -> dict[str, CasePredicate]:
    def finished(w, f):
        return sa.or_(_before(f.resolved_at, w.end), _yes(f.withdrawn_end))

    def decided(w, f):
        return sa.and_(_before(f.resolved_at, w.end), ~_yes(f.withdrawn_end))

    def on_time(w, f):
        return sa.or_(f.resolution_due.is_(None), _local_day(f.resolved_at) <= f.resolution_due)

    measures = {
        f"{prefix}.total": lambda w, f: sa.true(),
        f"{prefix}.carried": lambda w, f: f.accepted_at < w.start,
        f"{prefix}.received": lambda w, f: f.accepted_at >= w.start,
        f"{prefix}.resolved": finished,
        f"{prefix}.withdrawn": lambda w, f: _yes(f.withdrawn_end),
        f"{prefix}.on_time": lambda w, f: sa.and_(decided(w, f), on_time(w, f)),
        f"{prefix}.late": lambda w, f: sa.and_(decided(w, f), ~on_time(w, f)),
        f"{prefix}.pending": lambda w, f: ~finished(w, f),
        f"{prefix}.pending_late": lambda w, f: sa.and_(~finished(w, f), _before(f.resolution_due, w.period.end)),
    }
    for name, outcome in zip(("true", "partly", "false"), verdicts, strict=True):
        measures[f"{prefix}.verdict.{name}"] = (
            lambda o: lambda w, f: sa.and_(decided(w, f), f.outcome == o))(outcome)
    return measures


COMPLAINTS = _resolution("complaints", (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED))
DENUNCIATIONS = _resolution("denunciations", (Outcome.TRUE, Outcome.PARTLY_TRUE, Outcome.UNTRUE))

CASE_UNIVERSES: dict[Form, CasePredicate] = {
    Form.HANDLING: _handling_universe,
    Form.COMPLAINTS: _resolution_universe,
    Form.DENUNCIATIONS: _resolution_universe,
}
CASE_MEASURES: dict[str, CasePredicate] = {**HANDLING, **COMPLAINTS, **DENUNCIATIONS}


# --- 01/TCD -------------------------------------------------------------------------------------
def visit_universe(w: Window) -> sa.ColumnElement[bool]:
    return sa.and_(Visit.visited_at >= w.start, Visit.visited_at < w.end)


_HEAD = (ReceptionKind.HEAD_PERIODIC, ReceptionKind.HEAD_AD_HOC)
_RECEPTION_KINDS = {"routine": Visit.reception_kind == ReceptionKind.ROUTINE,
                    "head": Visit.reception_kind.in_(_HEAD),
                    "deputy": Visit.reception_kind == ReceptionKind.DEPUTY}

VISIT_MEASURES: dict[str, sa.ColumnElement[bool]] = {
    "visits.total": sa.true(),
    **{f"visits.{k}": v for k, v in _RECEPTION_KINDS.items()},
    **{f"visits.{k}.groups": sa.and_(v, Visit.is_group.is_(True)) for k, v in _RECEPTION_KINDS.items()},
    "visits.first": Visit.is_repeat.is_(False),
    "visits.repeat": Visit.is_repeat.is_(True),
    "visits.complaint": Visit.kind == CaseKind.COMPLAINT,
    "visits.denunciation": Visit.kind == CaseKind.DENUNCIATION,
    "visits.petition": Visit.kind.in_(PETITION_KINDS),
    "visits.other_content": sa.or_(Visit.kind.is_(None), Visit.kind == CaseKind.INFO_REQUEST),
    "visits.online": Visit.is_online.is_(True),
    **{f"visits.{o.value}": Visit.outcome == o for o in VisitOutcome},
}
# Measures that add up people rather than visits, and the visits they count.
PEOPLE_MEASURES: dict[str, str] = {"visits.people": "visits.total",
                                   **{f"visits.{k}.people": f"visits.{k}" for k in _RECEPTION_KINDS}}


def visit_predicate(measure: str) -> sa.ColumnElement[bool]:
    return VISIT_MEASURES[PEOPLE_MEASURES.get(measure, measure)]
