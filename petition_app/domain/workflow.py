"""The case workflow (quy trình xử lý đơn): which action may be taken, from which
status, by whom, and what it needs (DESIGN.md, "Case lifecycle").

One table, no I/O: a service asks ``check`` before it changes anything and
shows a person only the actions ``available_actions`` returns.
Handling of received petitions follows Thông tư 05/2021/TT-TTCP; the reasons
for not accepting a complaint follow Luật Khiếu nại 2011, Điều 11, a denunciation
Luật Tố cáo 2018, Điều 24, 25 and 29.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from .cases import OPEN_STATUSES, CaseKind, CaseStatus, Role

S = CaseStatus


class Action(str, Enum):
    CLASSIFY = "classify"  # phân loại: set or correct kind and category
    ACCEPT = "accept"  # thụ lý
    DECLINE = "decline"  # không thụ lý
    FORWARD = "forward"  # chuyển đơn đến cơ quan có thẩm quyền
    FOLLOW_UP = "follow_up"  # đôn đốc a forwarded case
    GUIDE = "guide"  # hướng dẫn công dân
    RETURN = "return"  # trả lại đơn
    ARCHIVE = "archive"  # lưu đơn
    ASSIGN = "assign"  # giao đơn vị, người xử lý
    START = "start"  # bắt đầu giải quyết
    HOLD = "hold"  # chờ công dân bổ sung: the clock stops
    RESUME = "resume"  # tiếp tục: back to the status before the hold
    EXTEND = "extend"  # gia hạn: an action, not a status
    RESOLVE = "resolve"  # ban hành kết quả giải quyết
    CLOSE = "close"  # kết thúc hồ sơ
    WITHDRAW = "withdraw"  # công dân rút đơn


class Need(str, Enum):
    """What an action must be given."""

    NOTE = "note"
    KIND_OR_CATEGORY = "kind_or_category"
    UNIT = "unit"
    UNIT_OR_HANDLER = "unit_or_handler"
    DECLINE_REASON = "decline_reason"
    AGENCY = "agency"
    COVER_LETTER = "cover_letter"
    ARCHIVE_REASON = "archive_reason"
    DAYS = "days"
    OUTCOME = "outcome"
    DECISION = "decision"  # number and date of the decision (complaints, denunciations)
    ANSWER = "answer"
    PUBLIC_SUMMARY = "public_summary"


class DeclineReason(str, Enum):
    """Why a case is not accepted: a complaint on a ground of Luật Khiếu nại 2011, Điều 11 (all
    nine); a denunciation on the conditions of Luật Tố cáo 2018, Điều 24, 25 and 29; a petition
    on the generic grounds. The labels (i18n.py) carry the article."""

    NOT_ADMINISTRATIVE = "not_administrative"  # Điều 11(1)
    NO_STANDING = "no_standing"  # Điều 11(2)
    NO_CAPACITY = "no_capacity"  # Điều 11(3)
    UNLAWFUL_REPRESENTATIVE = "unlawful_representative"  # Điều 11(4)
    UNSIGNED = "unsigned"  # Điều 11(5)
    FILED_TOO_LATE = "filed_too_late"  # Điều 11(6)
    ALREADY_DECIDED = "already_decided"  # Điều 11(7)
    SUSPENSION_NOT_FOLLOWED_UP = "suspension_not_followed_up"  # Điều 11(8)
    BEFORE_COURT = "before_court"  # Điều 11(9)
    ANONYMOUS_OR_IMPERSONATED = "anonymous_or_impersonated"  # Luật Tố cáo, Điều 25
    SENT_TO_COMPETENT_BODY = "sent_to_competent_body"  # Luật Tố cáo, Điều 24
    REPEATED_AFTER_GUIDANCE = "repeated_after_guidance"  # Luật Tố cáo, Điều 24
    DENUNCIATION_NOT_IN_FORM = "denunciation_not_in_form"  # Luật Tố cáo, Điều 23, 29(1)(a)
    DENOUNCER_INCAPABLE = "denouncer_incapable"  # Luật Tố cáo, Điều 29(1)(b)
    NO_BASIS = "no_basis"  # Luật Tố cáo, Điều 29(1)(d)
    OTHER = "other"


R = DeclineReason
GENERIC_REASONS = (R.UNSIGNED, R.ALREADY_DECIDED, R.OTHER)
DECLINE_REASONS = {
    CaseKind.COMPLAINT: (R.NOT_ADMINISTRATIVE, R.NO_STANDING, R.NO_CAPACITY, R.UNLAWFUL_REPRESENTATIVE, R.UNSIGNED,
                         R.FILED_TOO_LATE, R.ALREADY_DECIDED, R.SUSPENSION_NOT_FOLLOWED_UP, R.BEFORE_COURT, R.OTHER),
    CaseKind.DENUNCIATION: (R.ANONYMOUS_OR_IMPERSONATED, R.SENT_TO_COMPETENT_BODY, R.REPEATED_AFTER_GUIDANCE,
                            R.DENUNCIATION_NOT_IN_FORM, R.DENOUNCER_INCAPABLE, R.NO_BASIS, *GENERIC_REASONS),
    CaseKind.PETITION: GENERIC_REASONS,
    CaseKind.FEEDBACK: GENERIC_REASONS,
    CaseKind.INFO_REQUEST: GENERIC_REASONS,
}


class ArchiveReason(str, Enum):
    """Lưu đơn (Thông tư 05/2021/TT-TTCP)."""

    DUPLICATE = "duplicate"
    ANONYMOUS_WITHOUT_SPECIFIC_CONTENT = "anonymous_without_specific_content"
    NO_CONTENT = "no_content"


class Outcome(str, Enum):
    UPHELD = "upheld"  # khiếu nại đúng
    PARTLY_UPHELD = "partly_upheld"  # đúng một phần
    REJECTED = "rejected"  # khiếu nại sai
    TRUE = "true"  # tố cáo đúng
    PARTLY_TRUE = "partly_true"
    UNTRUE = "untrue"
    PROVIDED = "provided"  # thông tin đã cung cấp
    PARTLY_PROVIDED = "partly_provided"
    REFUSED = "refused"  # từ chối cung cấp, with the legal ground
    ANSWERED = "answered"  # kiến nghị, phản ánh đã được trả lời


OUTCOMES = {
    CaseKind.COMPLAINT: (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED),
    CaseKind.DENUNCIATION: (Outcome.TRUE, Outcome.PARTLY_TRUE, Outcome.UNTRUE),
    CaseKind.INFO_REQUEST: (Outcome.PROVIDED, Outcome.PARTLY_PROVIDED, Outcome.REFUSED),
    CaseKind.PETITION: (Outcome.ANSWERED,),
    CaseKind.FEEDBACK: (Outcome.ANSWERED,),
}

RESUME_TARGET = None  # a RESUME returns to the status the case had before its hold


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[CaseStatus]
    target: CaseStatus | None  # None: unchanged (or, for RESUME, the status before the hold)
    roles: frozenset[Role]
    needs: frozenset[Need]


def _t(action, sources, target, roles, needs=()):
    return Transition(action, frozenset(sources), target, frozenset(roles), frozenset(needs))


TRIAGE = (Role.RECEPTION, Role.UNIT_HEAD, Role.SUPERVISOR)
DECIDERS = (Role.UNIT_HEAD, Role.SUPERVISOR)
WORKERS = (Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR)
IN_HAND = (S.ACCEPTED, S.IN_PROGRESS)

TRANSITIONS = {t.action: t for t in (
    _t(Action.CLASSIFY, [S.RECEIVED, *IN_HAND, S.ON_HOLD], None, TRIAGE, [Need.KIND_OR_CATEGORY]),
    _t(Action.ACCEPT, [S.RECEIVED], S.ACCEPTED, DECIDERS, [Need.UNIT]),
    _t(Action.DECLINE, [S.RECEIVED], S.NOT_ACCEPTED, DECIDERS, [Need.DECLINE_REASON, Need.NOTE]),
    _t(Action.FORWARD, [S.RECEIVED], S.FORWARDED, TRIAGE, [Need.AGENCY, Need.COVER_LETTER]),
    _t(Action.FOLLOW_UP, [S.FORWARDED], None, TRIAGE, [Need.NOTE]),
    _t(Action.GUIDE, [S.RECEIVED], S.GUIDED, TRIAGE, [Need.NOTE]),
    _t(Action.RETURN, [S.RECEIVED], S.RETURNED, TRIAGE, [Need.NOTE]),
    _t(Action.ARCHIVE, [S.RECEIVED], S.ARCHIVED, TRIAGE, [Need.ARCHIVE_REASON]),
    _t(Action.ASSIGN, [S.RECEIVED, *IN_HAND, S.ON_HOLD], None, DECIDERS, [Need.UNIT_OR_HANDLER]),
    _t(Action.START, [S.ACCEPTED], S.IN_PROGRESS, WORKERS),
    _t(Action.HOLD, [S.RECEIVED, *IN_HAND], S.ON_HOLD, (Role.RECEPTION, *WORKERS), [Need.NOTE]),
    _t(Action.RESUME, [S.ON_HOLD], RESUME_TARGET, (Role.RECEPTION, *WORKERS)),
    _t(Action.EXTEND, [*IN_HAND, S.ON_HOLD], None, DECIDERS, [Need.NOTE, Need.DAYS]),
    _t(Action.RESOLVE, IN_HAND, S.RESOLVED, WORKERS,
       [Need.OUTCOME, Need.ANSWER, Need.PUBLIC_SUMMARY]),
    _t(Action.CLOSE, [S.RESOLVED], S.CLOSED, DECIDERS),
    _t(Action.WITHDRAW, OPEN_STATUSES, S.WITHDRAWN, (Role.RECEPTION, *WORKERS), [Need.NOTE]),
)}


class Refusal(str, Enum):
    WRONG_STATUS = "wrong_status"
    WRONG_ROLE = "wrong_role"
    MISSING = "missing"
    OUTCOME_NOT_FOR_KIND = "outcome_not_for_kind"
    REASON_NOT_ALLOWED = "reason_not_allowed"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    refusal: Refusal | None = None
    missing: tuple[Need, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def needs_for(action: Action, kind: CaseKind) -> frozenset[Need]:
    """An action's needs for a kind: a resolved complaint or denunciation needs its decision."""
    needs = TRANSITIONS[action].needs
    if action is Action.RESOLVE and kind in (CaseKind.COMPLAINT, CaseKind.DENUNCIATION):
        needs = needs | {Need.DECISION}
    return needs


def check(action: Action, status: CaseStatus, role: Role, kind: CaseKind,
          given: Mapping[Need, object] | None = None) -> Decision:
    """May ``role`` take ``action`` on a case of ``kind`` in ``status`` with what is ``given``?

    ``given`` maps each need to its value (missing or empty counts as not given);
    pass None to ask only about status and role, e.g. to list the buttons to show.
    """
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        return Decision(False, Refusal.WRONG_STATUS)
    if role not in transition.roles:
        return Decision(False, Refusal.WRONG_ROLE)
    if given is None:
        return ALLOWED
    missing = tuple(sorted((n for n in needs_for(action, kind) if not given.get(n)), key=lambda n: n.value))
    if missing:
        return Decision(False, Refusal.MISSING, missing)
    outcome = given.get(Need.OUTCOME)
    if action is Action.RESOLVE and outcome not in OUTCOMES[kind]:
        return Decision(False, Refusal.OUTCOME_NOT_FOR_KIND)
    if action is Action.DECLINE and given[Need.DECLINE_REASON] not in DECLINE_REASONS[kind]:
        return Decision(False, Refusal.REASON_NOT_ALLOWED)
    return ALLOWED


def target_status(action: Action, status: CaseStatus, status_before_hold: CaseStatus | None = None) -> CaseStatus:
    """The status after ``action``; RESUME returns to where the case was before its hold."""
    transition = TRANSITIONS[action]
    if action is Action.RESUME:
        return status_before_hold or CaseStatus.RECEIVED
    return transition.target or status


def available_actions(status: CaseStatus, role: Role, kind: CaseKind) -> list[Action]:
    """The actions to offer ``role`` now, in the table's order."""
    return [action for action in TRANSITIONS if check(action, status, role, kind)]
