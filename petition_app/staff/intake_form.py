"""The staff intake (nhận đơn tại quầy, qua bưu chính): the public form as the officer fills it."""
from datetime import timezone

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..clock import LOCAL_TZ
from ..domain.cases import CaseKind, Channel, ConsentMeans, LateFilingReason
from ..forms import PlainText
from ..i18n import label
from ..public.forms import PAGE_ORDER, IntakeForm
from ..services.intake import IntakeRequest


class StaffIntakeForm(IntakeForm):
    """The public form as the officer fills it: the citizen's words become the officer's, and what
    only staff record is added — the channel, the date received, how the citizen consented, why a
    late complaint is received all the same."""

    # Channels by which a letter arrives: its postal address is a contact the department can answer.
    LETTER_CHANNELS = (Channel.POST.value, Channel.FORWARDED.value)
    SUMMARY_ORDER = ("channel", "received_at", "confirm_backdate", *PAGE_ORDER)
    SHORT_LABELS = {
        **IntakeForm.SHORT_LABELS,
        "is_second_time": _l("Khiếu nại lần hai"),
        "is_remote": _l("Vùng sâu, vùng xa"),
        "received_at": _l("Thời điểm nhận đơn"),
        "confirm_backdate": _l("Xác nhận ngày nhận đơn"),
        "late_reason": _l("Lý do khiếu nại quá thời hiệu"),
        "late_reason_note": _l("Trở ngại khách quan"),
        "consent_means": _l("Sự đồng ý của công dân"),
    }

    channel = RadioField(_l("Hình thức tiếp nhận"), choices=[], default=Channel.IN_PERSON.value,
                         validators=[DataRequired(message=_l("Vui lòng chọn hình thức tiếp nhận."))])
    received_at = DateTimeLocalField(_l("Thời điểm nhận đơn (để trống nếu là bây giờ)"),
                                     format=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"], validators=[Optional()])
    confirm_backdate = BooleanField(_l("Tôi xác nhận ngày nhận đơn ghi trên là đúng"))
    is_second_time = BooleanField(_l("Khiếu nại lần hai (người khiếu nại đã khiếu nại lần đầu)"))
    is_remote = BooleanField(_l("Người khiếu nại ở vùng sâu, vùng xa, đi lại khó khăn"))
    late_reason = RadioField(_l("Nếu khiếu nại đã quá thời hiệu: lý do chính đáng đã chấp nhận"), choices=[],
                             default="", validators=[Optional()])
    late_reason_note = TextAreaField(_l("Trở ngại và thời gian có trở ngại"), validators=[
        Optional(), PlainText(True), Length(max=1000, message=_l("Tối đa %(max)d ký tự."))],
        render_kw={"maxlength": 1000, "rows": 3})
    consent = None  # the citizen's own tick box; at the desk the officer records how they agreed
    consent_means = RadioField(_l("Công dân đồng ý cho Sở xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)"),
                               choices=[], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = [(c.value, label(c)) for c in Channel if c is not Channel.ONLINE]
        self.late_reason.choices = [("", _l("Không quá thời hiệu"))] + [(r.value, label(r)) for r in LateFilingReason]
        self.consent_means.choices = [(m.value, label(m)) for m in ConsentMeans]

    def needs_phone_or_email(self) -> bool:
        """A letter that gives only a postal address can be answered by post."""
        return self.channel.data not in self.LETTER_CHANNELS

    def check_consent(self) -> bool:
        if self.consent_means.data or self.consent_means.errors:
            return not self.consent_means.errors
        self.consent_means.errors.append(_l("Ghi nhận công dân đã đồng ý bằng cách nào (Nghị định 13/2023/NĐ-CP)."))
        return False

    def to_request(self) -> IntakeRequest:
        request = super().to_request()
        request.channel = Channel(self.channel.data)
        request.consent = bool(self.consent_means.data)
        request.consent_means = ConsentMeans(self.consent_means.data)
        request.confirm_backdate = bool(self.confirm_backdate.data)
        if request.kind is CaseKind.COMPLAINT and self.late_reason.data:
            request.late_reason = LateFilingReason(self.late_reason.data)
            request.late_reason_note = self.late_reason_note.data or None
        if self.received_at.data:
            # Staff type local (Vietnam) time.
            request.received_at = self.received_at.data.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)
        return request
