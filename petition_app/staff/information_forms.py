"""Staff forms for access to information: the answer to a request, the register's filters."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.cases import DeliveryMethod, InfoForm
from ..domain.information import MAX_FEE, Ground, Provision
from ..forms import Form, PlainText, web_address
from ..i18n import label
from ..services.information_requests import NOT_ANSWERED, AnswerInput, RegisterFilter
from .forms import DAY_FORMATS, DAY_INPUT, _plausible_year

FEE = NumberRange(min=0, max=MAX_FEE, message=_l("Chi phí là số đồng từ 0 đến 100.000.000."))


def _day(text):
    return DateField(text, format=DAY_FORMATS, validators=[Optional(), _plausible_year], render_kw=DAY_INPUT)


def _choices(enum, blank=None):
    options = [(m.value, label(m)) for m in enum]
    return [("", blank)] + options if blank is not None else options


class AnswerForm(Form):
    """How an information request was answered (Luật Tiếp cận thông tin 2016, Điều 24, 28, 31, 12)."""

    class Meta:
        csrf = True

    requested_info = TextAreaField(_l("Thông tin yêu cầu cung cấp"), validators=[
        DataRequired(message=_l("Ghi rõ thông tin được yêu cầu.")), Length(max=5000), PlainText(multiline=True)])
    info_form = SelectField(_l("Hình thức cung cấp"), choices=[], validators=[
        DataRequired(message=_l("Chọn hình thức cung cấp."))])
    delivery = SelectField(_l("Cách thức gửi"), choices=[], validators=[
        DataRequired(message=_l("Chọn cách thức gửi."))])
    provision = RadioField(_l("Trả lời yêu cầu"), choices=[], validators=[
        DataRequired(message=_l("Chọn cách trả lời yêu cầu."))])
    provided_on = _day(_l("Ngày cung cấp thông tin"))
    notice_on = _day(_l("Ngày thông báo thời hạn cung cấp"))
    promised_by = _day(_l("Cung cấp chậm nhất ngày"))
    ground = SelectField(_l("Căn cứ từ chối (toàn bộ hoặc phần không cung cấp)"), choices=[],
                         validators=[Optional()])
    published_link = StringField(_l("Địa chỉ nơi thông tin đã được công khai"), validators=[
        Optional(), Length(max=500), web_address], render_kw={"type": "url", "inputmode": "url"})
    explanation = TextAreaField(_l("Lý do cụ thể, hướng dẫn cho công dân (hiện trên trang tra cứu)"), validators=[
        Optional(), Length(max=3000), PlainText(multiline=True)])
    copy_fee = IntegerField(_l("Chi phí in, sao, chụp (đồng)"), default=0, validators=[Optional(), FEE],
                            render_kw={"inputmode": "numeric"})
    delivery_fee = IntegerField(_l("Chi phí gửi thông tin (đồng)"), default=0, validators=[Optional(), FEE],
                                render_kw={"inputmode": "numeric"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.info_form.choices = _choices(InfoForm, _l("— Chọn —"))
        self.delivery.choices = _choices(DeliveryMethod, _l("— Chọn —"))
        self.provision.choices = _choices(Provision)
        self.ground.choices = _choices(Ground, _l("— Không —"))

    def fill(self, case, answer) -> None:
        """Start from the recorded answer, else from what the request itself said."""
        self.requested_info.data = answer.requested_info if answer else case.content
        form_value = answer.info_form if answer else case.info_form
        delivery = answer.delivery if answer else case.info_delivery
        self.info_form.data = form_value.value if form_value else ""
        self.delivery.data = delivery.value if delivery else ""
        if answer:
            self.provision.data = answer.provision.value
            self.ground.data = answer.ground.value if answer.ground else ""
            for name in ("provided_on", "notice_on", "promised_by", "published_link", "explanation",
                         "copy_fee", "delivery_fee"):
                getattr(self, name).data = getattr(answer, name)

    def to_input(self) -> AnswerInput:
        return AnswerInput(
            requested_info=self.requested_info.data, info_form=InfoForm(self.info_form.data),
            delivery=DeliveryMethod(self.delivery.data), provision=Provision(self.provision.data),
            provided_on=self.provided_on.data, notice_on=self.notice_on.data, promised_by=self.promised_by.data,
            ground=Ground(self.ground.data) if self.ground.data else None,
            published_link=self.published_link.data or None, explanation=self.explanation.data or None,
            copy_fee=self.copy_fee.data or 0, delivery_fee=self.delivery_fee.data or 0)


class RegisterFilterForm(Form):
    """The register's filters (GET: no CSRF)."""

    class Meta:
        csrf = False

    date_from = _day(_l("Nhận từ ngày"))
    date_to = _day(_l("đến ngày"))
    provision = SelectField(_l("Trả lời"), choices=[], validators=[Optional()])
    unit = SelectField(_l("Đơn vị"), choices=[], validators=[Optional()])

    def fill_choices(self, units) -> None:
        self.provision.choices = [("", _l("Tất cả")), (NOT_ANSWERED, _l("Chưa trả lời"))] + _choices(Provision)
        self.unit.choices = [("", _l("Tất cả"))] + [(str(u.id), u.name) for u in units]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and self.date_from.data and self.date_to.data and self.date_to.data < self.date_from.data:
            self.date_to.errors.append(_l("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
            return False
        return ok

    def to_filter(self) -> RegisterFilter:
        provision = self.provision.data or None
        return RegisterFilter(self.date_from.data, self.date_to.data,
                              provision if provision in (None, NOT_ANSWERED) else Provision(provision),
                              int(self.unit.data) if self.unit.data else None)
