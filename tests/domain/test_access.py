"""The authorization table read as a grid: what each relation to a case allows."""
import pytest

from petition_app.domain.access import Act, Relation, permits, relation_of
from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action

R = Relation


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_a_coordinating_unit_takes_no_workflow_action(role, action):
    assert not permits(role, R.COORDINATING_UNIT, action)


@pytest.mark.parametrize("act", [*Act, *Action])
def test_admins_configure_and_never_work_cases(act):
    assert permits(Role.ADMIN, R.ADMINISTRATION, act) is (act is Act.VIEW)


@pytest.mark.parametrize("act", [*Act, *Action])
@pytest.mark.parametrize("role", list(Role))
def test_no_relation_allows_nothing(role, act):
    assert not permits(role, R.NONE, act)


GRID = {  # (relation, act): roles allowed
    (R.LEADERSHIP, Act.REVEAL_IDENTITY): {Role.SUPERVISOR},
    (R.HANDLING_UNIT, Act.REVEAL_IDENTITY): {Role.UNIT_HEAD},
    (R.COORDINATING_UNIT, Act.REVEAL_IDENTITY): set(),
    (R.REGISTERING_DESK, Act.REVEAL_IDENTITY): set(),
    (R.HANDLING_UNIT, Act.ROUTE): {Role.UNIT_HEAD},
    (R.COORDINATING_UNIT, Act.ROUTE): set(),
    (R.COORDINATING_UNIT, Act.VIEW): {Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR},
    (R.COORDINATING_UNIT, Act.GIVE_INPUT): {Role.HANDLER, Role.UNIT_HEAD},
    (R.HANDLING_UNIT, Act.GIVE_INPUT): set(),
    (R.HANDLING_UNIT, Act.INVITE): {Role.UNIT_HEAD},
    (R.REGISTERING_DESK, Act.VIEW): {Role.RECEPTION},
    (R.REGISTERING_DESK, Action.ARCHIVE): {Role.RECEPTION},
    (R.REGISTERING_DESK, Action.ACCEPT): set(),
    (R.REGISTERING_DESK, Action.RESOLVE): set(),
    (R.HANDLING_UNIT, Action.RESOLVE): {Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR},
}


@pytest.mark.parametrize(("key", "roles"), GRID.items(), ids=[f"{r.value}-{a.value}" for r, a in GRID])
def test_the_grid(key, roles):
    relation, act = key
    assert {role for role in Role if permits(role, relation, act)} == roles


def test_relations():
    def rel(role, unit, user=1, case_unit=10, coordinating=(), registered_by=None):
        return relation_of(role, unit, user, case_unit_id=case_unit, coordinating_unit_ids=set(coordinating),
                           registered_by_id=registered_by)

    assert rel(Role.SUPERVISOR, 99) is R.LEADERSHIP
    assert rel(Role.ADMIN, 10) is R.ADMINISTRATION
    assert rel(Role.HANDLER, 10, coordinating=[10]) is R.HANDLING_UNIT  # the handling unit wins
    assert rel(Role.UNIT_HEAD, 20, coordinating=[20]) is R.COORDINATING_UNIT
    assert rel(Role.RECEPTION, 30, registered_by=1) is R.REGISTERING_DESK
    assert rel(Role.RECEPTION, 30, case_unit=None) is R.REGISTERING_DESK  # not yet routed
    assert rel(Role.HANDLER, 30, case_unit=None) is R.NONE
    assert rel(Role.RECEPTION, 30, registered_by=2) is R.NONE
