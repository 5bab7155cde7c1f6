"""Answering information requests (Luật Tiếp cận thông tin 2016): the answer recorded on the
case, the notice the citizen is sent, what the status page may show, and the register of
information provided on request (sổ theo dõi cung cấp thông tin theo yêu cầu, Nghị định
13/2018/NĐ-CP, Điều 11)."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..clock import local_date, local_midnight
from ..domain.cases import OPEN_STATUSES, CaseKind, CaseStatus, DeliveryMethod, InfoForm
from ..domain.information import Answer, Ground, Provision, problems
from ..domain.workflow import TRANSITIONS, Action
from ..extensions import db
from ..models import Case, InformationProvision, User
from . import access, notifications
from .audit import record_event
from .cases import get_case, visible_to
from .refusals import Refused

ANSWERABLE = OPEN_STATUSES | {CaseStatus.RESOLVED}
# The fields each answer keeps; the others are cleared, so a changed answer leaves nothing stale.
KEPT = {
    Provision.AT_ONCE: {"provided_on"},
    Provision.PARTLY: {"provided_on", "ground", "published_link"},
    Provision.LATER: {"notice_on", "promised_by", "provided_on"},
    Provision.REFUSED: {"ground", "published_link"},
}


class InformationRefused(Refused):
    """The answer cannot be recorded; ``problems`` holds every (field, message) found."""

    def __init__(self, found: list[tuple[str, str]]):
        super().__init__(found[0][0], found[0][1])
        self.problems = found


@dataclass
class AnswerInput:
    requested_info: str
    info_form: InfoForm
    delivery: DeliveryMethod
    provision: Provision
    provided_on: date | None = None
    notice_on: date | None = None
    promised_by: date | None = None
    ground: Ground | None = None
    published_link: str | None = None
    explanation: str | None = None
    copy_fee: int = 0
    delivery_fee: int = 0

    def kept(self) -> "AnswerInput":
        """The same answer without the facts that do not belong to its kind of answer."""
        values = dict(vars(self))
        for name in ("provided_on", "notice_on", "promised_by", "ground", "published_link"):
            if name not in KEPT[self.provision]:
                values[name] = None
        if values["ground"] is not Ground.ALREADY_PUBLIC:
            values["published_link"] = None
        return AnswerInput(**values)


def _messages(due: date | None) -> dict[str, str]:
    return {
        "promise_after_due": _("Thời hạn cung cấp không được sau hạn giải quyết của hồ sơ (%(due)s, Luật Tiếp cận "
                               "thông tin 2016, Điều 31); nếu cần thêm thời gian, gia hạn trước.",
                               due=due.strftime("%d/%m/%Y") if due else ""),
        "missing": _("Trường này là bắt buộc với cách trả lời đã chọn."),
        "before_receipt": _("Ngày này không thể trước ngày tiếp nhận yêu cầu."),
        "in_future": _("Ngày này không thể sau hôm nay."),
        "promise_before_notice": _("Thời hạn cung cấp phải từ ngày thông báo trở đi."),
        "link_needed": _("Ghi địa chỉ nơi thông tin đã được công khai (Luật Tiếp cận thông tin, Điều 28(1)(b))."),
        "fee_range": _("Chi phí là số đồng từ 0 đến 100.000.000."),
        "outcome_mismatch": _("Cách trả lời không khớp với kết quả giải quyết đã ghi trên hồ sơ."),
    }


def may_answer(user: User, case: Case) -> bool:
    """Those who may resolve the case may record how it was answered."""
    return (case.kind is CaseKind.INFO_REQUEST and case.status in ANSWERABLE
            and user.role in TRANSITIONS[Action.RESOLVE].roles and access.may(user, case, Action.RESOLVE))


def record_answer(case_id: int, actor: User, given: AnswerInput, *, now: datetime) -> InformationProvision:
    """Record (or correct) the answer to an information request.

    1. The case, if the actor may see it (404 otherwise); an information request the actor may resolve.
    2. The law's rules on the answer (domain/information.py): what each answer needs, dates, fees,
       the link for information already public, agreement with a recorded outcome.
    3. The answer, the audit event and the citizen's notice, committed together.
    """
    case = get_case(actor, case_id)
    if not may_answer(actor, case):
        raise PermissionError
    given = given.kept()
    answer = Answer(given.provision, given.provided_on, given.notice_on, given.promised_by, given.ground,
                    given.published_link, given.copy_fee, given.delivery_fee)
    found = problems(answer, received_on=local_date(case.received_at), today=local_date(now), outcome=case.outcome,
                     due=case.resolution_due)
    if found:
        messages = _messages(case.resolution_due)
        raise InformationRefused([(name, messages[code]) for name, code in found])
    row = db.session.scalar(sa.select(InformationProvision).where(InformationProvision.case_id == case.id))
    is_new = row is None
    if is_new:
        row = InformationProvision(case_id=case.id)
        db.session.add(row)
    for name, value in vars(given).items():
        setattr(row, name, value)
    row.recorded_at, row.recorded_by_id = now, actor.id
    db.session.flush()
    notice = notifications.notify_information_answer(case, row, now)
    if notice is not None:
        db.session.flush()  # the notice's id goes into the event
    record_event(case, "record_information", now=now, actor=actor, note=given.explanation, data={
        "provision": given.provision.value, "ground": given.ground.value if given.ground else None,
        "copy_fee": given.copy_fee, "delivery_fee": given.delivery_fee, "corrected": not is_new,
        "notice": notice.id if notice is not None else None})
    db.session.commit()
    return row


def answer_of(case: Case) -> InformationProvision | None:
    return db.session.scalar(sa.select(InformationProvision).where(InformationProvision.case_id == case.id))


@dataclass(frozen=True)
class PublicAnswer:
    """What the status page may show of the answer: no requested content, no name, no address."""

    provision: Provision
    provided_on: date | None
    notice_on: date | None
    promised_by: date | None
    ground: Ground | None
    published_link: str | None
    explanation: str | None
    copy_fee: int
    delivery_fee: int

    @property
    def total_fee(self) -> int:
        return self.copy_fee + self.delivery_fee


def public_answer(tracking_code: str) -> PublicAnswer | None:
    row = db.session.execute(
        sa.select(InformationProvision.provision, InformationProvision.provided_on, InformationProvision.notice_on,
                  InformationProvision.promised_by, InformationProvision.ground,
                  InformationProvision.published_link, InformationProvision.explanation,
                  InformationProvision.copy_fee, InformationProvision.delivery_fee)
        .join(Case, Case.id == InformationProvision.case_id)
        .where(Case.tracking_code == tracking_code, Case.kind == CaseKind.INFO_REQUEST)).first()
    return PublicAnswer(*row) if row else None


# --- the register -------------------------------------------------------------------------

NOT_ANSWERED = "none"


@dataclass(frozen=True)
class RegisterFilter:
    date_from: date | None = None  # received, local dates, both included
    date_to: date | None = None
    provision: Provision | str | None = None  # NOT_ANSWERED: no answer recorded yet
    unit_id: int | None = None


@dataclass(frozen=True)
class RegisterRow:
    case_id: int
    tracking_code: str
    received_at: datetime
    requester: str  # "" when the identity is protected
    contact: str
    requested_info: str
    info_form: InfoForm | None
    delivery: DeliveryMethod | None
    provision: Provision | None
    provided_on: date | None
    promised_by: date | None
    resolution_due: date | None
    ground: Ground | None
    copy_fee: int
    delivery_fee: int
    unit_name: str
    status: CaseStatus


REGISTER_LIMIT = 5000


def register_rows(reader: User, chosen: RegisterFilter) -> list[RegisterRow]:
    """The information requests ``reader`` may see, oldest first, with their answers."""
    query = (sa.select(Case, InformationProvision)
             .outerjoin(InformationProvision, InformationProvision.case_id == Case.id)
             .where(Case.kind == CaseKind.INFO_REQUEST, visible_to(reader))
             .options(joinedload(Case.unit), joinedload(Case.petitioner))
             .order_by(Case.received_at, Case.id).limit(REGISTER_LIMIT))
    if chosen.date_from:
        query = query.where(Case.received_at >= local_midnight(chosen.date_from))
    if chosen.date_to:
        query = query.where(Case.received_at < local_midnight(chosen.date_to + timedelta(days=1)))
    if chosen.provision == NOT_ANSWERED:
        query = query.where(InformationProvision.id.is_(None))
    elif chosen.provision:
        query = query.where(InformationProvision.provision == chosen.provision)
    if chosen.unit_id:
        query = query.where(Case.unit_id == chosen.unit_id)
    return [_register_row(case, answer) for case, answer in db.session.execute(query)]


def _register_row(case: Case, answer: InformationProvision | None) -> RegisterRow:
    person = case.petitioner
    hidden = person is None or access.identity_is_protected(case)
    contact = "" if hidden else "; ".join(v for v in (person.address, person.phone, person.email) if v)
    return RegisterRow(
        case_id=case.id, tracking_code=case.tracking_code, received_at=case.received_at,
        requester="" if hidden else person.display_name, contact=contact,
        requested_info=answer.requested_info if answer else case.content,
        info_form=answer.info_form if answer else case.info_form,
        delivery=answer.delivery if answer else case.info_delivery,
        provision=answer.provision if answer else None, provided_on=answer.provided_on if answer else None,
        promised_by=answer.promised_by if answer else None, resolution_due=case.resolution_due,
        ground=answer.ground if answer else None, copy_fee=answer.copy_fee if answer else 0,
        delivery_fee=answer.delivery_fee if answer else 0, unit_name=case.unit.name if case.unit else "",
        status=case.status)
