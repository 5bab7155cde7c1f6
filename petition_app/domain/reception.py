"""The reception desk (tiếp công dân): the vocabulary of a visit and who may do what with one.

Luật Tiếp công dân 2013 (42/2013/QH13), as amended by Law 136/2025/QH15 (reception
may be held online from 1 July 2026); the record follows Thông tư 04/2021/TT-TTCP
(sổ tiếp công dân). Pure Python: no Flask, no database.
"""
from datetime import date
from enum import Enum

from .cases import Role

# Đoàn đông người: 5 people or more on one matter send representatives — 1 or 2 for 5 to 10 people,
# more for over 10 but never more than 5 (Luật Tiếp công dân 2013, Điều 30(1); for complaints
# also Nghị định 124/2020/NĐ-CP, Điều 6).
GROUP_MIN_PEOPLE = 5
MAX_REPRESENTATIVES = 5
SMALL_GROUP_MAX_PEOPLE, SMALL_GROUP_MAX_REPRESENTATIVES = 10, 2


def representatives_allowed(people_count: int) -> int:
    """How many representatives a delegation of ``people_count`` may send (Điều 30(1))."""
    return SMALL_GROUP_MAX_REPRESENTATIVES if people_count <= SMALL_GROUP_MAX_PEOPLE else MAX_REPRESENTATIVES


class ReceptionPlace(str, Enum):
    """Where the visit was held."""

    RECEPTION_ROOM = "reception_room"  # phòng tiếp công dân của Sở
    GRASSROOTS = "grassroots"  # tiếp tại cơ sở, nơi phát sinh vụ việc


class ReceptionKind(str, Enum):
    """Who received the citizen (the sector's reports count each separately)."""

    ROUTINE = "routine"  # tiếp thường xuyên, by reception staff
    HEAD_PERIODIC = "head_periodic"  # người đứng đầu tiếp định kỳ (lịch tiếp công dân)
    HEAD_AD_HOC = "head_ad_hoc"  # người đứng đầu tiếp đột xuất
    DEPUTY = "deputy"  # cấp phó được ủy quyền tiếp

    @property
    def by_the_head(self) -> bool:
        return self in (ReceptionKind.HEAD_PERIODIC, ReceptionKind.HEAD_AD_HOC)


class OnlineMeans(str, Enum):
    """How an online reception was held (Law 136/2025/QH15)."""

    VIDEO = "video"  # hội nghị truyền hình, gọi video
    PHONE = "phone"  # điện thoại
    PORTAL = "portal"  # cổng dịch vụ công, ứng dụng trực tuyến


class VisitOutcome(str, Enum):
    """What came of the visit (hướng xử lý)."""

    GUIDED = "guided"  # hướng dẫn, giải thích, trả lời trực tiếp
    REGISTERED = "registered"  # tiếp nhận đơn, đăng ký thành hồ sơ
    ATTACHED = "attached"  # gắn vào hồ sơ đang giải quyết (vụ việc đã có)
    REFUSED = "refused"  # từ chối tiếp (Luật Tiếp công dân 2013, Điều 9)


class RefusalGround(str, Enum):
    """The grounds on which reception may be refused: Luật Tiếp công dân 2013, Điều 9."""

    INCAPACITATED = "incapacitated"  # khoản 1: say, mất khả năng nhận thức, điều khiển hành vi
    THREATENING = "threatening"  # khoản 2: đe dọa, xúc phạm, vi phạm nội quy nơi tiếp
    SETTLED_PERSISTENT = "settled_persistent"  # khoản 3: vụ việc đã giải quyết đúng, cố tình kéo dài
    OTHER_BY_LAW = "other_by_law"  # khoản 4: trường hợp khác theo quy định của pháp luật


class VisitAct(str, Enum):
    """What can be done with a visit."""

    CREATE = "create"
    EDIT = "edit"  # same working day only (see may_edit_on)
    CORRECT = "correct"  # a later correction: a new audited entry, the record itself unchanged
    READ = "read"  # the log book, a visit, its exports and prints
    LINK_CASE = "link_case"  # register as a case, attach to a case
    REVEAL_IDENTITY = "reveal_identity"  # a protected visitor's identity


class VisitRelation(str, Enum):
    """How a member of staff stands to one visit."""

    RECEIVING_OFFICER = "receiving_officer"  # recorded it, or received the citizen
    DESK = "desk"  # another reception officer
    OVERSIGHT = "oversight"  # unit heads and leadership: read every visit
    NONE = "none"


V = VisitRelation
DESK_ROLES = frozenset({Role.RECEPTION})
# Handlers do not read the log book: it holds other citizens' identities, and a handler
# works from the case, which carries the petitioner and the documents. Admins configure the
# schedule, never read visits. A protected visitor's identity (a denouncer: Luật Tố cáo 2018,
# Điều 47) is shown to the officer who received them and to leadership, never to the rest.
TABLE: dict[tuple[VisitRelation, VisitAct], frozenset[Role]] = {
    (V.RECEIVING_OFFICER, VisitAct.CREATE): DESK_ROLES,
    (V.RECEIVING_OFFICER, VisitAct.READ): DESK_ROLES,
    (V.RECEIVING_OFFICER, VisitAct.EDIT): DESK_ROLES,
    (V.RECEIVING_OFFICER, VisitAct.CORRECT): DESK_ROLES,
    (V.RECEIVING_OFFICER, VisitAct.LINK_CASE): DESK_ROLES,
    (V.RECEIVING_OFFICER, VisitAct.REVEAL_IDENTITY): DESK_ROLES,
    (V.DESK, VisitAct.CREATE): DESK_ROLES,
    (V.DESK, VisitAct.READ): DESK_ROLES,
    (V.DESK, VisitAct.EDIT): DESK_ROLES,
    (V.DESK, VisitAct.CORRECT): DESK_ROLES,
    (V.DESK, VisitAct.LINK_CASE): DESK_ROLES,
    (V.OVERSIGHT, VisitAct.READ): frozenset({Role.UNIT_HEAD, Role.SUPERVISOR}),
    (V.OVERSIGHT, VisitAct.REVEAL_IDENTITY): frozenset({Role.SUPERVISOR}),
}


def visit_permits(role: Role, relation: VisitRelation, act: VisitAct) -> bool:
    return role in TABLE.get((relation, act), frozenset())


def visit_relation(role: Role, user_id: int, *, officer_id: int | None, created_by_id: int | None) -> VisitRelation:
    if role is Role.RECEPTION:
        return V.RECEIVING_OFFICER if user_id in (officer_id, created_by_id) else V.DESK
    if role in (Role.UNIT_HEAD, Role.SUPERVISOR):
        return V.OVERSIGHT
    return V.NONE


def may_edit_on(recorded_on: date, today: date) -> bool:
    """A visit is edited only on the working day it was recorded (local date); later, it is corrected."""
    return recorded_on == today
