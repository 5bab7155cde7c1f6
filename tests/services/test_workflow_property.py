"""The workflow's invariants over random action sequences, on the real services and database
(issue 14, fuzzing).

For any kind of case and any sequence of actions by any staff role, with or without what each
action needs, on random days:
- no path leaves a final state (closed, not accepted, forwarded, guided, returned, archived,
  withdrawn: Luật Khiếu nại 2011, Luật Tố cáo 2018, Thông tư 05/2021/TT-TTCP close the file), and a
  resolved case can only be closed;
- every action taken writes exactly one audit event, chained to the one before it (its prev_hash is
  the last hash), and a refused one writes none and changes nothing;
- the stored deadline fields always equal a fresh computation (services/deadlines.deadline_fields).

25 random sequences per run (WORKFLOW_EXAMPLES=500 for a longer hunt), each up to 20 actions."""
import os
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import NotFound

from petition_app.domain.cases import CaseKind, CaseStatus
from petition_app.domain.workflow import DECLINE_REASONS, OUTCOMES, Action, ArchiveReason
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from petition_app.services.audit import verify_chains
from petition_app.services.deadlines import deadline_fields
from petition_app.services.intake import file_case
from petition_app.services.refusals import Refused
from petition_app.services.workflow import ActionInput, StaleCase, take_action
from tests.services.test_intake_service import request
from tests.services.test_workflow_service import staff  # noqa: F401  (the same five officers, a fixture)

S = CaseStatus
FINAL = {S.CLOSED, S.NOT_ACCEPTED, S.FORWARDED, S.GUIDED, S.RETURNED, S.ARCHIVED, S.WITHDRAWN}
DUE_FIELDS = ("triage_due", "forwarding_due", "acceptance_due", "resolution_due", "next_due")
ACTORS = ("reception", "head", "handler", "other_handler", "supervisor")
KIND_DETAILS = {
    CaseKind.COMPLAINT: {"learned_on": date(2026, 11, 1), "complained_decision": "QĐ 15/QĐ-XPHC"},
    CaseKind.DENUNCIATION: {"accused": "Cán bộ X"},
    CaseKind.INFO_REQUEST: {},
    CaseKind.PETITION: {},
    CaseKind.FEEDBACK: {},
}
EXAMPLES = settings(max_examples=int(os.environ.get("WORKFLOW_EXAMPLES", 25)), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Every action, but the ones that move a case forward more often than the ones that end it from
# "received" (otherwise most sequences stop at their first step); complete input 3 times in 4.
ONWARD = [Action.CLASSIFY, Action.ACCEPT, Action.ASSIGN, Action.START, Action.HOLD, Action.RESUME, Action.EXTEND,
          Action.RESOLVE, Action.CLOSE]
STEP = st.tuples(st.one_of(st.sampled_from(ONWARD), st.sampled_from(ONWARD), st.sampled_from(ONWARD),
                           st.sampled_from(list(Action))),
                 st.sampled_from(ACTORS), st.integers(0, 3).map(bool), st.integers(0, 12))


def complete_input(action: Action, kind: CaseKind, staff: dict, days: int) -> ActionInput:  # noqa: F811
    """Everything the action could need, valid for the kind."""
    unit_id = db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))
    values = dict(note="Ghi chú <b>thử</b>", category="tieu_chuan_do_luong", unit_id=unit_id,
                  assignee_id=staff["handler"].id, agency="UBND tỉnh", cover_letter="Công văn chuyển đơn",
                  archive_reason=ArchiveReason.DUPLICATE, days=max(1, days), outcome=OUTCOMES[kind][0],
                  answer="Trả lời **có định dạng**.", public_summary="Đã trả lời.", is_repeat=False)
    if kind in DECLINE_REASONS:
        values["decline_reason"] = DECLINE_REASONS[kind][0]
    if kind in (CaseKind.COMPLAINT, CaseKind.DENUNCIATION):
        values.update(decision_number="25/QĐ-SKHCN", decision_date=date(2026, 12, 10))
    if action is Action.RESOLVE:
        values["publish"] = False
    return ActionInput(**values)


def events_of(case_id: int) -> list[CaseEvent]:
    return list(db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case_id)
                                   .order_by(CaseEvent.id).execution_options(populate_existing=True)))


def stored_dues(case: Case) -> dict:
    return {name: getattr(case, name) for name in DUE_FIELDS}


# Half the sequences start down the main road (accepted, assigned, started), so that the later
# states (in progress, on hold from it, resolved, closed) are reached as often as the early ones.
MAIN_ROAD = [(Action.ACCEPT, "supervisor", True, 1), (Action.ASSIGN, "head", True, 1),
             (Action.START, "handler", True, 1)]


@EXAMPLES
@given(kind=st.sampled_from(list(CaseKind)), steps=st.lists(STEP, max_size=20), road=st.booleans())
def test_random_action_sequences_keep_the_workflow_invariants(app, clock, staff, kind, steps, road):  # noqa: F811
    steps = (MAIN_ROAD if road else []) + steps
    case_id = file_case(request(kind=kind, **KIND_DETAILS[kind]), [], now=clock.now).case_id
    now = clock.now
    for action, actor_key, complete, days in steps:
        now += timedelta(days=days, hours=1)
        case = db.session.get(Case, case_id, populate_existing=True)
        before_status, before_version, before_events = case.status, case.version, events_of(case_id)
        given_input = complete_input(action, kind, staff, days) if complete else ActionInput()
        try:
            take_action(case_id, action, staff[actor_key], version=case.version, now=now, given=given_input)
        except (Refused, NotFound, StaleCase):
            db.session.rollback()
            after = db.session.get(Case, case_id, populate_existing=True)
            assert (after.status, after.version) == (before_status, before_version)
            assert len(events_of(case_id)) == len(before_events)  # a refusal writes nothing
            continue
        after = db.session.get(Case, case_id, populate_existing=True)
        event(f"reached {after.status.value}")  # --hypothesis-show-statistics: how far the sequences get
        events = events_of(case_id)
        assert len(events) == len(before_events) + 1, f"{action} wrote {len(events) - len(before_events)} events"
        assert events[-1].action == action.value and events[-1].prev_hash == before_events[-1].hash
        assert events[-1].from_status == before_status and events[-1].to_status == after.status
        if before_status in FINAL:
            assert after.status == before_status, f"{action} left the final state {before_status}"
        if before_status is S.RESOLVED:
            assert after.status in (S.RESOLVED, S.CLOSED)
        fresh = deadline_fields(after)
        assert stored_dues(after) == {name: fresh[name] for name in DUE_FIELDS}, action
    assert verify_chains() == {}
