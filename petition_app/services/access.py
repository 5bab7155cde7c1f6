"""Applying the authorization table (``domain/access.py``) to a member of staff and a case.

Services ask here before they act; views ask here what to offer. Templates
never decide permissions.
"""
from dataclasses import dataclass

from ..domain.access import Act, Relation, permits, relation_of
from ..domain.cases import CaseKind
from ..domain.workflow import Action, available_actions
from ..models import Case, User
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
