"""Applying the authorization table (``domain/access.py``) to a member of staff and a case.

Services ask here before they act; views ask here what to offer. Templates
never decide permissions.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from ..domain.access import Act, Relation, permits, relation_of
from ..domain.cases import CaseKind, Role
from ..domain.reception import VisitAct, VisitRelation, visit_permits, visit_relation
from ..domain.workflow import Action, available_actions
from ..models import Case, User, Visit
from .deadlines import extension_room


def relation(user: User, case: Case) -> Relation:
    return relation_of(user.role, user.unit_id, user.id, case_unit_id=case.unit_id,
                       coordinating_unit_ids={c.unit_id for c in case.coordinations},
                       registered_by_id=case.created_by_id)


def may(user: User, case: Case, act: Act | Action) -> bool:
    return permits(user.role, relation(user, case), act)


def identity_is_protected(case: Case) -> bool:
    """A denouncer's identity is confidential (Luật Tố cáo 2018, Điều 47, 48).

    Protection follows the person: a petitioner who came as a denouncer stays
    protected on every case made from that petition (split, reclassified).
    """
    petitioner = case.petitioner
    return petitioner is not None and (petitioner.is_protected or case.kind is CaseKind.DENUNCIATION)


def may_reveal_identity(user: User, case: Case) -> bool:
    """Those who resolve the denunciation: leadership and the handling unit's head."""
    return identity_is_protected(case) and may(user, case, Act.REVEAL_IDENTITY)


def identity_revealed_where(user: User) -> sa.ColumnElement[bool]:
    """The cases on which ``user`` may see a protected denouncer's identity, as a WHERE clause:
    the same table as ``may_reveal_identity``, read for every case at once (a search by a
    denouncer's name must find the case only for those, or the result itself names them)."""
    if user.role is Role.SUPERVISOR:
        return sa.true() if permits(user.role, Relation.LEADERSHIP, Act.REVEAL_IDENTITY) else sa.false()
    if user.role is Role.ADMIN or user.unit_id is None:
        return sa.false()
    if any(permits(user.role, r, Act.REVEAL_IDENTITY) for r in (Relation.COORDINATING_UNIT,
                                                                 Relation.REGISTERING_DESK)):
        raise NotImplementedError("a relation other than the handling unit's may reveal: extend this clause")
    if permits(user.role, Relation.HANDLING_UNIT, Act.REVEAL_IDENTITY):
        return Case.unit_id == user.unit_id
    return sa.false()


def allowed_actions(user: User, case: Case) -> list[Action]:
    """The workflow actions to offer: allowed by the workflow table now and by the relation; an
    extension only while the policy allows one more."""
    return [a for a in available_actions(case.status, user.role, case.kind) if may(user, case, a)
            and (a is not Action.EXTEND or extension_room(case) is not None)]


@dataclass(frozen=True)
class CasePermissions:
    """What the case page may offer one person; computed once per page."""

    relation: Relation
    actions: tuple[Action, ...]
    may_reveal: bool
    may_invite: bool
    may_give_input: bool
    may_split: bool
    may_link: bool


def permissions(user: User, case: Case) -> CasePermissions:
    rel = relation(user, case)
    return CasePermissions(
        relation=rel, actions=tuple(allowed_actions(user, case)),
        may_reveal=may_reveal_identity(user, case),
        may_invite=permits(user.role, rel, Act.INVITE),
        may_give_input=permits(user.role, rel, Act.GIVE_INPUT),
        may_split=permits(user.role, rel, Act.SPLIT),
        may_link=permits(user.role, rel, Act.LINK),
    )


def visit_relation_of(user: User, visit: Visit) -> VisitRelation:
    return visit_relation(user.role, user.id, officer_id=visit.officer_id, created_by_id=visit.created_by_id)


def may_visit(user: User, visit: Visit, act: VisitAct) -> bool:
    """The visit table (``domain/reception.py``) applied to one person and one visit."""
    return visit_permits(user.role, visit_relation_of(user, visit), act)


def may_use_desk(user: User) -> bool:
    """Record visits at the desk (the relation to a visit not yet made is the desk's)."""
    return visit_permits(user.role, VisitRelation.DESK, VisitAct.CREATE)


def may_read_log(user: User) -> bool:
    """Read the log book: the desk and oversight (handlers and admins do not)."""
    return any(visit_permits(user.role, rel, VisitAct.READ) for rel in (VisitRelation.DESK, VisitRelation.OVERSIGHT))


def visit_identity_is_protected(visit: Visit) -> bool:
    """A visitor who came as a denouncer, or whose visit belongs to a protected case."""
    return visit.is_protected or (visit.case is not None and identity_is_protected(visit.case))


def may_see_visitor(user: User, visit: Visit) -> bool:
    """Whether the visitor's identity may be shown to ``user`` (Luật Tố cáo 2018, Điều 47)."""
    return not visit_identity_is_protected(visit) or may_visit(user, visit, VisitAct.REVEAL_IDENTITY)
