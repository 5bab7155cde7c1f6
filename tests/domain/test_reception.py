"""Who may do what with a visit, as a literal grid; the same-day edit rule."""
from datetime import date

import pytest

from petition_app.domain.cases import Role
from petition_app.domain.reception import VisitAct, VisitRelation, may_edit_on, visit_permits, visit_relation

A = VisitAct
# role -> relation it has to a visit it did not record, and the acts it may take there
GRID = {
    Role.RECEPTION: (VisitRelation.DESK, {A.CREATE, A.READ, A.EDIT, A.CORRECT, A.LINK_CASE}),
    Role.UNIT_HEAD: (VisitRelation.OVERSIGHT, {A.READ}),
    Role.SUPERVISOR: (VisitRelation.OVERSIGHT, {A.READ, A.REVEAL_IDENTITY}),
    Role.HANDLER: (VisitRelation.NONE, set()),
    Role.ADMIN: (VisitRelation.NONE, set()),
}


@pytest.mark.parametrize("role", list(Role))
def test_the_visit_table_as_a_grid(role):
    relation, acts = GRID[role]
    assert visit_relation(role, 1, officer_id=2, created_by_id=3) is relation
    assert {a for a in VisitAct if visit_permits(role, relation, a)} == acts


def test_the_receiving_officer_also_sees_a_protected_visitor():
    relation = visit_relation(Role.RECEPTION, 7, officer_id=7, created_by_id=3)
    assert relation is VisitRelation.RECEIVING_OFFICER
    assert visit_permits(Role.RECEPTION, relation, VisitAct.REVEAL_IDENTITY)
    assert not visit_permits(Role.RECEPTION, VisitRelation.DESK, VisitAct.REVEAL_IDENTITY)


def test_a_visit_is_edited_only_on_the_day_it_was_recorded():
    assert may_edit_on(date(2026, 11, 25), date(2026, 11, 25))
    assert not may_edit_on(date(2026, 11, 25), date(2026, 11, 26))
