"""Staff forms: sign-in and registering a case received at the desk or by post."""
from datetime import timezone

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..clock import LOCAL_TZ
from ..domain.cases import Channel
from ..forms import Form
from ..i18n import label
from ..public.forms import IntakeForm
from ..services.intake import IntakeRequest


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[
        DataRequired(message=_l("Vui lòng nhập tên đăng nhập.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Mật khẩu"), validators=[
        DataRequired(message=_l("Vui lòng nhập mật khẩu.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})


class StaffIntakeForm(IntakeForm):
    """The public form plus what only staff record: channel, date received, a late complaint."""

    channel = RadioField(_l("Hình thức tiếp nhận"), choices=[], default=Channel.POST.value,
                         validators=[DataRequired(message=_l("Vui lòng chọn hình thức tiếp nhận."))])
    received_at = DateTimeLocalField(_l("Thời điểm nhận đơn (để trống nếu là bây giờ)"),
                                     format=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"], validators=[Optional()])
    accept_late_filing = BooleanField(_l("Vẫn ghi nhận khiếu nại đã quá thời hiệu (ghi rõ lý do trong nội dung)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = [(c.value, label(c)) for c in Channel if c is not Channel.ONLINE]

    def to_request(self) -> IntakeRequest:
        request = super().to_request()
        request.channel = Channel(self.channel.data)
        request.accept_late_filing = bool(self.accept_late_filing.data)
        if self.received_at.data:
            # Staff type local (Vietnam) time.
            request.received_at = self.received_at.data.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)
        return request
