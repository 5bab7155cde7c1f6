"""Taking an action on a case: one call, one transaction, one audit event.

The rules of who may do what, from which status, with what, are in
``domain/workflow.py``; this module applies them to a case a member of staff
can see, guards against a stale form (optimistic locking on ``Case.version``),
records the event and queues the notice the citizen is owed.
"""
from dataclasses import dataclass, fields
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm.exc import StaleDataError

from ..clock import local_date
from ..domain.access import Act
from ..domain.cases import CaseKind, CaseStatus, Channel, Role, Signers
from ..domain.deadlines import Complexity, ExtensionRefused, check_extension
from ..domain.workflow import (
    Action,
    ArchiveReason,
    Decision,
    DeclineReason,
    Need,
    Outcome,
    Refusal,
    check,
    target_status,
)
from ..extensions import db
from ..models import Case, CaseExtension, CaseHold, OutboxMessage, Unit, User
from ..richtext import render_markdown
from . import access, notifications, publishing
from .audit import record_event
from .cases import get_case
from .deadlines import refresh_deadlines, resolution_period
from .policies import policy_of
from .refusals import Refused

# The citizen is told of these (Luật Khiếu nại, Điều 27; Luật Tố cáo, Điều 29; TT 05/2021/TT-TTCP).
NOTIFIED = {Action.ACCEPT, Action.DECLINE, Action.FORWARD, Action.GUIDE, Action.RETURN, Action.HOLD, Action.RESUME,
            Action.EXTEND, Action.RESOLVE}


class StaleCase(Exception):
    """The form was built on an older version of the case: someone changed it meanwhile."""


class ActionRefused(Refused):
    """The workflow or the authorization table refuses an action; ``decision`` says which need is missing."""

    def __init__(self, decision: Decision | None, message: str, field: str | None = None):
        super().__init__(field, message)
        self.decision = decision


@dataclass
class ActionInput:
    """Everything an action may be given; each action reads only what it needs."""

    note: str | None = None
    kind: CaseKind | None = None
    category: str | None = None
    unit_id: int | None = None
    assignee_id: int | None = None
    decline_reason: DeclineReason | None = None
    agency: str | None = None
    cover_letter: str | None = None
    archive_reason: ArchiveReason | None = None
    days: int | None = None
    outcome: Outcome | None = None
    decision_number: str | None = None
    decision_date: date | None = None
    answer: str | None = None
    public_summary: str | None = None
    is_eligible: bool | None = None
    within_competence: bool | None = None
    is_repeat: bool | None = None
    signers: Signers | None = None
    is_complex: bool | None = None  # the policy's longer resolution period (complex, remote area)
    is_remote: bool | None = None
    is_second_time: bool | None = None  # a second-time complaint (Luật Khiếu nại, Điều 37)
    is_simple: bool | None = None  # simple information by post, fax or e-mail (Luật Tiếp cận thông tin, Điều 31(1))
    several_places: bool | None = None  # a denunciation verified at several places (Luật Tố cáo, Điều 24(1))
    complexity: Complexity | None = None  # a denunciation's complexity (Luật Tố cáo, Điều 30)
    publish: bool | None = None  # publish the outcome in the public register (None: the kind's default)
    mask_personal_data: bool = False  # mask what looks like personal data in the public summary

    def needs(self) -> dict[Need, object]:
        return {
            Need.NOTE: self.note, Need.KIND_OR_CATEGORY: self.kind or self.category, Need.UNIT: self.unit_id,
            Need.UNIT_OR_HANDLER: self.unit_id or self.assignee_id, Need.DECLINE_REASON: self.decline_reason,
            Need.AGENCY: self.agency, Need.COVER_LETTER: self.cover_letter,
            Need.ARCHIVE_REASON: self.archive_reason, Need.DAYS: self.days, Need.OUTCOME: self.outcome,
            Need.DECISION: self.decision_number and self.decision_date, Need.ANSWER: self.answer,
            Need.PUBLIC_SUMMARY: self.public_summary,
        }

    def as_data(self) -> dict:
        """The given values, JSON-ready, for the audit event."""
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or f.name in ("note", "answer", "public_summary", "cover_letter"):
                continue
            data[f.name] = value.value if hasattr(value, "value") else (
                value.isoformat() if isinstance(value, date) else value)
        return data


def take_action(case_id: int, action: Action, actor: User, *, version: int, now: datetime,
                given: ActionInput) -> Case:
    """Take ``action`` on the case, or raise StaleCase / ActionRefused / NotFound and change nothing.

    1. The case, if the actor may see it (404 otherwise).
    2. The version the form was built on must still be current.
    3. The workflow table: status, role, needs; then unit boundaries.
    4. The effects, the audit event and the citizen's notice, committed together.
    """
    case = get_case(actor, case_id)
    if case.version != version:
        raise StaleCase()
    decision = check(action, case.status, actor.role, given.kind or case.kind, given.needs())
    if not decision:
        raise ActionRefused(decision, refusal_message(decision))
    _check_relation(case, action, actor, given)
    _check_units(case, actor, given)
    if action is Action.EXTEND:
        _check_extension(case, given)
    _check_complexity_reason(given)
    if action is Action.RESOLVE:
        publishing.check_publication(case, actor, given)

    before = case.status
    policy_before = case.sla_policy_id
    try:
        EFFECTS[action](case, given, now)
        case.status = target_status(action, before, case.held_from_status if action is Action.RESUME else None)
        if action is Action.RESUME:
            case.held_from_status = None
            case.hold_started_at = None
        if action is Action.RESOLVE and given.publish:
            publishing.publish(case, actor, now)
        refresh_deadlines(case)
        case.updated_at = now
        notice = notifications.notify_citizen(case, action.value, given, now) if action in NOTIFIED else None
        if notice is not None:
            db.session.flush()  # the notice's id goes into the event
        record_event(case, action.value, now=now, actor=actor, from_status=before, to_status=case.status,
                     note=given.note, data=given.as_data() | _clock_facts(case, action, given, before, policy_before,
                                                                          notice))
        db.session.commit()
    except StaleDataError:
        # Someone saved the case between our read and our write: the version check in the UPDATE caught it.
        db.session.rollback()
        raise StaleCase() from None
    return case


CLOCK_ACTIONS = {Action.HOLD, Action.RESUME, Action.EXTEND}
VARIANTS = ("is_complex", "is_remote", "is_second_time", "is_simple", "several_places", "complexity")


def _clock_facts(case: Case, action: Action, given: ActionInput, before: CaseStatus, policy_before: int | None,
                 notice: OutboxMessage | None) -> dict:
    """What the audit trail keeps about the clock: the legal basis of the period a hold,
    resume or extension touched, the deadline after it, a policy switch, and the notice sent."""
    facts = {}
    if action in NOTIFIED:
        facts["notice"] = notice.id if notice is not None else None
    variant_given = any(getattr(given, name) is not None for name in VARIANTS)
    if action in CLOCK_ACTIONS or variant_given:
        waiting = (case.held_from_status if action is Action.HOLD else before) is CaseStatus.RECEIVED
        # None for a kind without a petition-handling period; its basis depends on the channel.
        triage = policy_of(case).triage_period(in_person=case.channel is Channel.IN_PERSON)
        facts["basis"] = resolution_period(case).citation if action is Action.EXTEND or variant_given \
            or not waiting or triage is None else triage.citation
        facts["next_due"] = case.next_due.isoformat() if case.next_due else None
    if case.sla_policy.id != policy_before:
        facts["sla_policy_version"] = case.sla_policy.version
    return facts


def _check_relation(case: Case, action: Action, actor: User, given: ActionInput) -> None:
    """The authorization table: only the handling unit (and leadership) work a case; a
    coordinating unit gives its input but never acts on or takes over the case."""
    if not access.may(actor, case, action):
        raise ActionRefused(None, _("Chỉ đơn vị chủ trì giải quyết và lãnh đạo Sở được thực hiện thao tác "
                                    "này; đơn vị phối hợp chỉ xem hồ sơ và gửi ý kiến."))
    if given.unit_id is not None and given.unit_id != case.unit_id and not access.may(actor, case, Act.ROUTE):
        raise ActionRefused(None, _("Chỉ lãnh đạo Sở hoặc trưởng đơn vị đang chủ trì được chuyển hồ sơ "
                                    "sang đơn vị khác."), "unit_id")


def _check_units(case: Case, actor: User, given: ActionInput) -> None:
    """Unit heads route and assign within their own unit; supervisors anywhere."""
    if given.assignee_id is not None:
        assignee = db.session.get(User, given.assignee_id)
        unit_id = given.unit_id or case.unit_id
        if assignee is None or not assignee.is_active or assignee.unit_id != unit_id:
            raise ActionRefused(None, _("Người được giao phải là cán bộ của đơn vị xử lý."), "assignee_id")
        if actor.role is Role.UNIT_HEAD and assignee.unit_id != actor.unit_id:
            raise ActionRefused(None, _("Trưởng đơn vị chỉ giao việc cho cán bộ của đơn vị mình."), "assignee_id")
    if given.unit_id is not None and db.session.get(Unit, given.unit_id) is None:
        raise ActionRefused(None, _("Không có đơn vị này."), "unit_id")


def _classify(case: Case, given: ActionInput, now: datetime) -> None:
    case.kind = given.kind or case.kind
    if case.kind is CaseKind.DENUNCIATION and case.petitioner is not None:
        case.petitioner.is_protected = True  # and stays so if the kind changes again
    case.category = given.category or case.category
    _copy_given(case, given, ("is_eligible", "within_competence", "is_repeat", "signers", *VARIANTS))


def _route(case: Case, given: ActionInput, now: datetime) -> None:
    if given.unit_id and given.unit_id != case.unit_id:
        # The object, not just the key: the notice and the page must name the new unit.
        case.unit = db.session.get(Unit, given.unit_id)
        case.assignee_id = None
    if given.assignee_id:
        case.assignee_id = given.assignee_id


def _accept(case: Case, given: ActionInput, now: datetime) -> None:
    _route(case, given, now)
    _copy_given(case, given, VARIANTS)
    case.accepted_at = now
    case.is_eligible = True
    case.within_competence = True


def _forward(case: Case, given: ActionInput, now: datetime) -> None:
    case.forwarded_to = given.agency
    case.within_competence = False


def _archive(case: Case, given: ActionInput, now: datetime) -> None:
    _copy_given(case, given, ("is_repeat",))


def _hold(case: Case, given: ActionInput, now: datetime) -> None:
    case.held_from_status = case.status
    case.hold_started_at = now
    case.holds.append(CaseHold(started_on=local_date(now), reason=given.note))


def _resume(case: Case, given: ActionInput, now: datetime) -> None:
    for hold in case.holds:
        if hold.ended_on is None:
            hold.ended_on = local_date(now)


def _extend(case: Case, given: ActionInput, now: datetime) -> None:
    _copy_given(case, given, ("complexity",))
    case.extensions.append(CaseExtension(days=given.days, reason=given.note or "", created_at=now))


def _resolve(case: Case, given: ActionInput, now: datetime) -> None:
    case.outcome = given.outcome
    case.decision_number = given.decision_number
    case.decision_date = given.decision_date
    case.answer_source = given.answer
    case.answer_html = render_markdown(given.answer)
    case.public_summary_source = given.public_summary
    case.public_summary_html = render_markdown(given.public_summary)
    case.resolved_at = now


def _set(**facts):
    def effect(case: Case, given: ActionInput, now: datetime) -> None:
        for name, value in facts.items():
            setattr(case, name, value)
    return effect


def _nothing(case: Case, given: ActionInput, now: datetime) -> None:
    """The status change and the audit event are the whole of it."""


# What each action does to the case besides its status (the transitions are in domain/workflow.py);
# the facts set here are the ones the periodic reports count (đủ điều kiện, thuộc thẩm quyền…).
EFFECTS = {
    Action.CLASSIFY: _classify,
    Action.ACCEPT: _accept,
    Action.DECLINE: _set(is_eligible=False),
    Action.FORWARD: _forward,
    Action.FOLLOW_UP: _nothing,
    Action.GUIDE: _set(within_competence=False),
    Action.RETURN: _nothing,
    Action.ARCHIVE: _archive,
    Action.ASSIGN: _route,
    Action.START: _nothing,
    Action.HOLD: _hold,
    Action.RESUME: _resume,
    Action.EXTEND: _extend,
    Action.RESOLVE: _resolve,
    Action.CLOSE: _nothing,
    Action.WITHDRAW: _nothing,
}


def _copy_given(case: Case, given: ActionInput, names: tuple[str, ...]) -> None:
    """Set each named fact the form gave (a field left blank keeps the case's value)."""
    for name in names:
        if getattr(given, name) is not None:
            setattr(case, name, getattr(given, name))


def _check_complexity_reason(given: ActionInput) -> None:
    """A case is declared complex with its reason (Luật Tố cáo 2018, Điều 30), kept in the event's note."""
    if given.complexity not in (None, Complexity.NONE) and not given.note:
        raise ActionRefused(None, _("Ghi lý do xác định vụ việc phức tạp (Luật Tố cáo 2018, Điều 30)."), "note")


def _check_extension(case: Case, given: ActionInput) -> None:
    """Refuse an extension beyond what the law allows for this kind: how many, how long, and for a
    denunciation whether its complexity (set at acceptance or now, with the reason) allows one."""
    policy = policy_of(case)
    complexity = given.complexity or case.complexity or Complexity.NONE
    try:
        check_extension(policy, [e.days for e in case.extensions], given.days or 0, complexity)
    except ExtensionRefused as refusal:
        law = resolution_period(case).citation
        message, field = {
            "no_extension": (_("Loại đơn này không được gia hạn; thời hạn đã gồm trường hợp phức tạp (%(law)s).",
                               law=law), "days"),
            "not_complex": (_("Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn (%(law)s). Hãy xác "
                              "định mức độ phức tạp và ghi lý do.", law=law), "complexity"),
            "too_many": (ngettext("Đã gia hạn đủ %(num)s lần cho phép (%(law)s).",
                                  "Đã gia hạn đủ %(num)s lần cho phép (%(law)s).",
                                  policy.allowed_extensions(complexity), law=law), "days"),
            "too_long": (ngettext("Mỗi lần gia hạn từ 1 đến %(num)s ngày (%(law)s).",
                                  "Mỗi lần gia hạn từ 1 đến %(num)s ngày (%(law)s).", policy.extension_days,
                                  law=law), "days"),
        }[str(refusal)]
        raise ActionRefused(None, message, field) from None


def refusal_message(decision: Decision) -> str:
    return {
        Refusal.WRONG_STATUS: _("Hồ sơ ở trạng thái hiện tại không cho phép thao tác này."),
        Refusal.WRONG_ROLE: _("Vai trò của bạn không được thực hiện thao tác này."),
        Refusal.MISSING: _("Còn thiếu thông tin bắt buộc."),
        Refusal.OUTCOME_NOT_FOR_KIND: _("Kết quả này không phù hợp với loại đơn."),
        Refusal.REASON_NOT_ALLOWED: _("Lý do này không áp dụng cho loại đơn này."),
    }[decision.refusal]
