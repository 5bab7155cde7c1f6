"""The case workflow table, checked against the lifecycle of DESIGN.md for every
status × action and every role × action."""
import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Role
from petition_app.domain.workflow import (
    OUTCOMES,
    Action,
    DeclineReason,
    Need,
    Outcome,
    Refusal,
    available_actions,
    check,
    target_status,
)

COLUMNS = ["classify", "accept", "decline", "forward", "follow_up", "guide", "return", "archive", "assign",
           "start", "hold", "resume", "extend", "resolve", "close", "withdraw"]
# x: the action exists in that status (for some role); .: it does not.
LIFECYCLE = """
received      x x x x . x x x x . x . . . . x
accepted      x . . . . . . . x x x . x x . x
in_progress   x . . . . . . . x . x . x x . x
on_hold       x . . . . . . . x . . x x . . x
resolved      . . . . . . . . . . . . . . x .
closed        . . . . . . . . . . . . . . . .
not_accepted  . . . . . . . . . . . . . . . .
forwarded     . . . . x . . . . . . . . . . .
guided        . . . . . . . . . . . . . . . .
returned      . . . . . . . . . . . . . . . .
archived      . . . . . . . . . . . . . . . .
withdrawn     . . . . . . . . . . . . . . . .
"""
EXPECTED = {(CaseStatus(row.split()[0]), Action(col)): mark == "x"
            for row in LIFECYCLE.strip().splitlines()
            for col, mark in zip(COLUMNS, row.split()[1:], strict=True)}

# Who may take each action (R reception, H handler, U unit head, S supervisor, A admin).
ROLES = {
    "classify": "R U S", "accept": "U S", "decline": "U S", "forward": "R U S", "follow_up": "R U S",
    "guide": "R U S", "return": "R U S", "archive": "R U S", "assign": "U S", "start": "H U S",
    "hold": "R H U S", "resume": "R H U S", "extend": "U S", "resolve": "H U S", "close": "U S",
    "withdraw": "R H U S",
}
LETTER = {"R": Role.RECEPTION, "H": Role.HANDLER, "U": Role.UNIT_HEAD, "S": Role.SUPERVISOR, "A": Role.ADMIN}


def test_the_table_covers_every_status_and_action():
    assert {s for s, _ in EXPECTED} == set(CaseStatus)
    assert {a for _, a in EXPECTED} == set(Action)


@pytest.mark.parametrize("status,action", sorted(EXPECTED, key=lambda k: (k[0].value, k[1].value)))
def test_every_status_and_action(status, action):
    allowed_roles = {LETTER[c] for c in ROLES[action.value].split()}
    for role in Role:
        decision = check(action, status, role, CaseKind.COMPLAINT)
        if not EXPECTED[status, action]:
            assert decision.refusal is Refusal.WRONG_STATUS, (status, action, role)
        elif role in allowed_roles:
            assert decision.allowed, (status, action, role)
        else:
            assert decision.refusal is Refusal.WRONG_ROLE, (status, action, role)


def test_admins_configure_the_system_but_take_no_case_actions():
    for status in CaseStatus:
        assert available_actions(status, Role.ADMIN, CaseKind.FEEDBACK) == []


def test_a_handler_on_a_new_case_may_only_hold_or_record_a_withdrawal():
    assert available_actions(CaseStatus.RECEIVED, Role.HANDLER, CaseKind.PETITION) == [Action.HOLD,
                                                                                        Action.WITHDRAW]


@pytest.mark.parametrize("action,needs", [
    (Action.ACCEPT, {Need.UNIT}),
    (Action.DECLINE, {Need.DECLINE_REASON, Need.NOTE}),
    (Action.FORWARD, {Need.AGENCY, Need.COVER_LETTER}),
    (Action.GUIDE, {Need.NOTE}),
    (Action.RETURN, {Need.NOTE}),
    (Action.ARCHIVE, {Need.ARCHIVE_REASON}),
    (Action.HOLD, {Need.NOTE}),
    (Action.CLASSIFY, {Need.KIND_OR_CATEGORY}),
    (Action.WITHDRAW, {Need.NOTE}),
])
def test_missing_requirements_are_named(action, needs):
    decision = check(action, CaseStatus.RECEIVED, Role.SUPERVISOR, CaseKind.COMPLAINT, given={})
    assert decision.refusal is Refusal.MISSING
    assert set(decision.missing) == needs


def test_extension_needs_a_reason_and_days():
    decision = check(Action.EXTEND, CaseStatus.IN_PROGRESS, Role.UNIT_HEAD, CaseKind.COMPLAINT,
                     given={Need.NOTE: "Vụ việc phức tạp"})
    assert decision.missing == (Need.DAYS,)
    assert check(Action.EXTEND, CaseStatus.IN_PROGRESS, Role.UNIT_HEAD, CaseKind.COMPLAINT,
                 given={Need.NOTE: "Vụ việc phức tạp", Need.DAYS: 15})


@pytest.mark.parametrize("kind", list(CaseKind))
def test_resolution_outcome_must_fit_the_kind(kind):
    base = {Need.ANSWER: "Trả lời", Need.PUBLIC_SUMMARY: "Tóm tắt", Need.DECISION: ("12/QĐ", "2026-11-25")}
    for outcome in Outcome:
        decision = check(Action.RESOLVE, CaseStatus.IN_PROGRESS, Role.HANDLER, kind,
                         given={**base, Need.OUTCOME: outcome})
        assert decision.allowed == (outcome in OUTCOMES[kind]), (kind, outcome)
        if not decision.allowed:
            assert decision.refusal is Refusal.OUTCOME_NOT_FOR_KIND


@pytest.mark.parametrize("kind,needs_decision", [(CaseKind.COMPLAINT, True), (CaseKind.DENUNCIATION, True),
                                                 (CaseKind.PETITION, False), (CaseKind.INFO_REQUEST, False)])
def test_complaints_and_denunciations_are_resolved_by_a_numbered_decision(kind, needs_decision):
    given = {Need.OUTCOME: OUTCOMES[kind][0], Need.ANSWER: "Trả lời", Need.PUBLIC_SUMMARY: "Tóm tắt"}
    decision = check(Action.RESOLVE, CaseStatus.ACCEPTED, Role.UNIT_HEAD, kind, given=given)
    assert decision.allowed is not needs_decision
    if needs_decision:
        assert decision.missing == (Need.DECISION,)


def test_complaint_only_reasons_are_refused_for_other_kinds():
    given = {Need.DECLINE_REASON: DeclineReason.FILED_TOO_LATE, Need.NOTE: "Quá 90 ngày"}
    assert check(Action.DECLINE, CaseStatus.RECEIVED, Role.UNIT_HEAD, CaseKind.COMPLAINT, given=given)
    refused = check(Action.DECLINE, CaseStatus.RECEIVED, Role.UNIT_HEAD, CaseKind.PETITION, given=given)
    assert refused.refusal is Refusal.REASON_NOT_ALLOWED


@pytest.mark.parametrize("action,status,expected", [
    (Action.ACCEPT, CaseStatus.RECEIVED, CaseStatus.ACCEPTED),
    (Action.START, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS),
    (Action.HOLD, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD),
    (Action.EXTEND, CaseStatus.ON_HOLD, CaseStatus.ON_HOLD),  # an extension is not a status
    (Action.ASSIGN, CaseStatus.ACCEPTED, CaseStatus.ACCEPTED),
    (Action.FOLLOW_UP, CaseStatus.FORWARDED, CaseStatus.FORWARDED),
    (Action.RESOLVE, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED),
    (Action.WITHDRAW, CaseStatus.ON_HOLD, CaseStatus.WITHDRAWN),
])
def test_target_status(action, status, expected):
    assert target_status(action, status) is expected


@pytest.mark.parametrize("before", [CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS])
def test_resume_returns_to_the_status_before_the_hold(before):
    assert target_status(Action.RESUME, CaseStatus.ON_HOLD, status_before_hold=before) is before

