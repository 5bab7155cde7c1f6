"""Who may do what on a case: role × relation to the case × act, as one table.

The workflow table (``domain/workflow.py``) says which role may take an action
from which status; this table says which *relation* to the case lets a person
act at all. A case belongs to its handling unit: the unit's people work it,
leadership oversees every unit, a coordinating unit reads the case and adds its
input (ý kiến phối hợp) but never takes it over, the reception desk that
registered a case keeps sight of it and its triage, and admins configure the
system without working cases. Anything not in the table is refused.
"""
from enum import Enum

from .cases import Role
from .workflow import Action


class Relation(str, Enum):
    """How a member of staff stands to one case."""

    LEADERSHIP = "leadership"  # lãnh đạo Sở, Văn phòng, Thanh tra: every unit
    ADMINISTRATION = "administration"  # admins: configure, never work cases
    HANDLING_UNIT = "handling_unit"  # đơn vị chủ trì: the case's unit
    COORDINATING_UNIT = "coordinating_unit"  # đơn vị phối hợp
    REGISTERING_DESK = "registering_desk"  # the reception officer who registered it; unrouted cases
    NONE = "none"


class Act(str, Enum):
    """What can be done to a case besides the workflow actions."""

    VIEW = "view"  # the case page, its files, its links
    REVEAL_IDENTITY = "reveal_identity"  # a denouncer's identity (Luật Tố cáo 2018, Điều 47)
    ROUTE = "route"  # move the case to another handling unit (accept into / assign to a unit)
    INVITE = "invite"  # ask another unit to coordinate
    GIVE_INPUT = "give_input"  # a coordinating unit's input
    SPLIT = "split"  # tách đơn
    LINK = "link"  # link as duplicate or related
    APPROVE_PUBLICATION = "approve_publication"  # publish a complaint's or denunciation's outcome


R = Relation
ALL_STAFF = frozenset(Role) - {Role.ADMIN}
DECIDERS = frozenset({Role.UNIT_HEAD, Role.SUPERVISOR})
UNIT_WORKERS = frozenset({Role.HANDLER, Role.UNIT_HEAD})
TRIAGE = frozenset({Role.RECEPTION, Role.UNIT_HEAD, Role.SUPERVISOR})
# The triage side of the workflow, which the registering desk keeps while a case waits.
DESK_ACTIONS = (Action.CLASSIFY, Action.FORWARD, Action.FOLLOW_UP, Action.GUIDE, Action.RETURN, Action.ARCHIVE,
                Action.WITHDRAW)

# (relation, act) -> the roles that may; the workflow table then narrows by status and role.
TABLE: dict[tuple[Relation, Act | Action], frozenset[Role]] = {
    (R.LEADERSHIP, Act.VIEW): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.REVEAL_IDENTITY): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.ROUTE): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.INVITE): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.SPLIT): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.LINK): frozenset({Role.SUPERVISOR}),
    (R.LEADERSHIP, Act.APPROVE_PUBLICATION): frozenset({Role.SUPERVISOR}),
    **{(R.LEADERSHIP, a): frozenset({Role.SUPERVISOR}) for a in Action},

    (R.ADMINISTRATION, Act.VIEW): frozenset({Role.ADMIN}),

    (R.HANDLING_UNIT, Act.VIEW): ALL_STAFF,
    (R.HANDLING_UNIT, Act.REVEAL_IDENTITY): frozenset({Role.UNIT_HEAD}),
    (R.HANDLING_UNIT, Act.ROUTE): frozenset({Role.UNIT_HEAD}),
    (R.HANDLING_UNIT, Act.INVITE): frozenset({Role.UNIT_HEAD}),
    (R.HANDLING_UNIT, Act.SPLIT): TRIAGE,
    (R.HANDLING_UNIT, Act.LINK): TRIAGE,
    **{(R.HANDLING_UNIT, a): ALL_STAFF for a in Action},

    (R.COORDINATING_UNIT, Act.VIEW): ALL_STAFF,
    (R.COORDINATING_UNIT, Act.GIVE_INPUT): UNIT_WORKERS,

    (R.REGISTERING_DESK, Act.VIEW): frozenset({Role.RECEPTION}),
    (R.REGISTERING_DESK, Act.SPLIT): frozenset({Role.RECEPTION}),
    (R.REGISTERING_DESK, Act.LINK): frozenset({Role.RECEPTION}),
    **{(R.REGISTERING_DESK, a): frozenset({Role.RECEPTION}) for a in DESK_ACTIONS},
}


def permits(role: Role, relation: Relation, act: Act | Action) -> bool:
    """May a person of ``role`` standing in ``relation`` to a case do ``act``?"""
    return role in TABLE.get((relation, act), frozenset())


def relation_of(role: Role, user_unit_id: int | None, user_id: int, *, case_unit_id: int | None,
                coordinating_unit_ids: set[int], registered_by_id: int | None) -> Relation:
    """The closest relation a person has to a case (the handling unit wins over coordination)."""
    if role is Role.SUPERVISOR:
        return R.LEADERSHIP
    if role is Role.ADMIN:
        return R.ADMINISTRATION
    if case_unit_id is not None and case_unit_id == user_unit_id:
        return R.HANDLING_UNIT
    if user_unit_id in coordinating_unit_ids:
        return R.COORDINATING_UNIT
    if role is Role.RECEPTION and (registered_by_id == user_id or case_unit_id is None):
        return R.REGISTERING_DESK
    return R.NONE


class ReportScope(str, Enum):
    """Which units' figures a reader of the periodic reports sees."""

    EVERY_UNIT = "every_unit"
    OWN_UNIT = "own_unit"


# Leadership and admins read the department's reports; a unit head reads the forms with their own
# unit's figures only (and drills down to their unit's cases). Anyone else: no report page.
REPORT_READERS: dict[Role, ReportScope] = {
    Role.SUPERVISOR: ReportScope.EVERY_UNIT,
    Role.ADMIN: ReportScope.EVERY_UNIT,
    Role.UNIT_HEAD: ReportScope.OWN_UNIT,
}
