"""What a filing asks (the request) and the rules that may refuse it (tiếp nhận đơn): consent,
who may be anonymous, a staff back-dated receipt, the complaint filing windows."""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _

from ..clock import local_date
from ..domain.cases import (
    CaseKind,
    Channel,
    ConsentMeans,
    DeliveryMethod,
    InfoForm,
    LateFilingReason,
    PetitionerType,
)
from ..domain.deadlines import FilingWindow, complaint_filing_window, second_complaint_filing_window
from ..models import User
from .policies import current_policy
from .refusals import Refused
from .working_calendar import working_calendar


@dataclass
class PetitionerData:
    type: PetitionerType
    full_name: str | None = None
    citizen_id: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    org_name: str | None = None
    tax_code: str | None = None
    rep_name: str | None = None
    rep_position: str | None = None
    rep_contact: str | None = None
    cosigner_names: list[str] = field(default_factory=list)
    language: str = "vi"  # the interface language they filed in; their e-mails follow it


@dataclass
class IntakeRequest:
    kind: CaseKind
    subject: str
    content: str
    consent: bool
    petitioner: PetitionerData | None  # None: filed anonymously
    channel: Channel = Channel.ONLINE
    cosigner_count: int = 0
    location: str | None = None
    complained_decision: str | None = None
    learned_on: date | None = None
    accused: str | None = None
    info_form: InfoForm | None = None
    info_delivery: DeliveryMethod | None = None
    submission_token: str | None = None  # the form's own token (double-submit protection)…
    submitter: str | None = None  # …and the browser session it was given to
    received_at: datetime | None = None  # staff may back-date a postal receipt…
    confirm_backdate: bool = False  # …and confirm a date further back than RECEIPT_BACKDATE_DAYS
    consent_means: ConsentMeans | None = None  # staff: how the citizen agreed
    # Staff receive a late complaint knowingly, for a reason the law accepts (Điều 9).
    late_reason: LateFilingReason | None = None
    late_reason_note: str | None = None
    # A second-time complaint (Luật Khiếu nại 2011, Điều 33): the first decision, or the day the
    # first complaint was accepted if no decision came; a remote area has a longer window.
    is_second_time: bool = False
    first_decision_number: str | None = None
    first_decision_on: date | None = None
    first_accepted_on: date | None = None
    is_remote: bool = False


class IntakeRefused(Refused):
    """A rule of law or of the department refuses the filing; ``others`` are further refusals
    found at the same time (a back-dated receipt and a late complaint), so that the officer
    corrects them in one go."""

    def __init__(self, field: str | None, message: str, others: list["IntakeRefused"] | None = None):
        super().__init__(field, message)
        self.others = others or []

    @property
    def every(self) -> list["IntakeRefused"]:
        return [self, *self.others]


def received_at(request: IntakeRequest, now: datetime, actor: User | None,
                 refusals: list[IntakeRefused]) -> datetime:
    """The moment received: now, or the one staff typed. An unconfirmed date further back than
    the setting is added to ``refusals`` (the other rules are still checked against it)."""
    if request.received_at is None:
        return now
    if actor is None:
        raise IntakeRefused("received_at", _("Chỉ cán bộ tiếp nhận mới được ghi ngày nhận đơn."))
    if request.received_at > now:
        raise IntakeRefused("received_at", _("Ngày nhận đơn không được ở tương lai."))
    days = (local_date(now) - local_date(request.received_at)).days
    if days > current_app.config["RECEIPT_BACKDATE_DAYS"] and not request.confirm_backdate:
        refusals.append(IntakeRefused("confirm_backdate", _(
            "Ngày nhận cách hôm nay %(days)s ngày: xác nhận ngày nhận đơn này là đúng (ví dụ theo dấu "
            "bưu điện đến) rồi gửi lại.", days=days)))
    return request.received_at


def check_rules(request: IntakeRequest, received_on: date, actor: User | None) -> bool:
    """Refuse what the law refuses; return whether a complaint is filed late (staff may record
    one knowingly, the public form refuses it)."""
    if not request.consent:
        raise IntakeRefused("consent", _("Bạn cần đồng ý cho phép xử lý dữ liệu cá nhân để gửi đơn."))
    if request.petitioner is None and not request.kind.allows_anonymous:
        raise IntakeRefused("anonymous", _("Loại đơn này cần ghi rõ họ tên, địa chỉ của người gửi."))
    if request.cosigner_count < len(request.petitioner.cosigner_names if request.petitioner else []):
        raise IntakeRefused("cosigner_count", _("Số người cùng ký không được ít hơn số tên đã ghi."))
    if request.kind is not CaseKind.COMPLAINT:
        return False
    field_name, window = _filing_window(request, received_on)
    if window is None or received_on <= window.closes_on:
        return False
    if actor is not None:
        _check_late_reason(request, field_name, window)
        return True
    if field_name == "learned_on":
        raise IntakeRefused(field_name, _(
            "Đã quá thời hiệu khiếu nại: khiếu nại phải được gửi trong %(days)s ngày kể từ ngày "
            "biết được quyết định, hành vi (%(law)s); hạn cuối là %(deadline)s. Nếu có lý do "
            "chính đáng (ốm đau, thiên tai, đi công tác xa…), vui lòng đến trực tiếp bộ phận "
            "tiếp công dân để được xem xét.",
            days=window.period.days, law=window.period.citation, deadline=window.closes_on.strftime("%d/%m/%Y")))
    raise IntakeRefused(field_name, _(
        "Đã quá thời hạn khiếu nại lần hai: phải gửi trong %(days)s ngày kể từ ngày %(start)s (%(law)s); "
        "hạn cuối là %(deadline)s. Nếu có lý do chính đáng, vui lòng đến trực tiếp bộ phận tiếp công dân "
        "để được xem xét.", days=window.period.days, start=window.counted_from.strftime("%d/%m/%Y"),
        law=window.period.citation, deadline=window.closes_on.strftime("%d/%m/%Y")))


def _check_late_reason(request: IntakeRequest, field_name: str, window: FilingWindow) -> None:
    """Staff receive a late complaint only with the reason the officer accepted (Điều 9): a
    named obstacle, and the officer's own words for any other objective obstacle."""
    if request.late_reason is None:
        deadline, law = window.closes_on.strftime("%d/%m/%Y"), window.period.citation
        if field_name == "learned_on":
            message = _("Khiếu nại đã quá thời hiệu (hạn cuối %(deadline)s, %(law)s). Chỉ ghi nhận khi người "
                        "khiếu nại có lý do chính đáng: chọn lý do đã chấp nhận.", deadline=deadline, law=law)
        else:
            message = _("Khiếu nại lần hai đã quá thời hạn (hạn cuối %(deadline)s, %(law)s). Chỉ ghi nhận khi "
                        "người khiếu nại có lý do chính đáng: chọn lý do đã chấp nhận.", deadline=deadline, law=law)
        raise IntakeRefused("late_reason", message)
    if request.late_reason is LateFilingReason.OTHER_OBSTACLE and not request.late_reason_note:
        raise IntakeRefused("late_reason_note", _("Ghi rõ trở ngại khách quan mà người khiếu nại đã gặp."))


def _filing_window(request: IntakeRequest, received_on: date) -> tuple[str, FilingWindow | None]:
    """The field the citizen gave the window's start in, and the window (None: nothing to count from)."""
    calendar = working_calendar()
    if not request.is_second_time:
        if request.learned_on is None:
            return "learned_on", None
        if request.learned_on > received_on:
            raise IntakeRefused("learned_on", _("Ngày biết được quyết định, hành vi không được sau ngày gửi đơn."))
        return "learned_on", complaint_filing_window(calendar, request.learned_on)
    field_name = "first_decision_on" if request.first_decision_on else "first_accepted_on"
    start = request.first_decision_on or request.first_accepted_on
    if start is None:
        raise IntakeRefused("first_decision_on", _(
            "Khiếu nại lần hai: ghi ngày nhận quyết định giải quyết lần đầu, hoặc ngày khiếu nại lần đầu "
            "được thụ lý nếu chưa có quyết định."))
    if start > received_on:
        raise IntakeRefused(field_name, _("Ngày này không được sau ngày gửi đơn."))
    window = second_complaint_filing_window(
        calendar, current_policy(CaseKind.COMPLAINT).to_policy(), remote=request.is_remote,
        decision_received_on=request.first_decision_on, first_accepted_on=request.first_accepted_on)
    return field_name, window
