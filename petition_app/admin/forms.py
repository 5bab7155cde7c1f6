"""Admin forms."""
from dataclasses import fields
from datetime import timezone

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..clock import LOCAL_TZ
from ..domain.cases import CaseKind, Category
from ..domain.deadlines import DayUnit
from ..forms import Form, PlainText
from ..i18n import label
from ..services.policies import PolicyInput
from ..services.reception_schedule import SessionData
from ..services.routing import RuleInput


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class RuleForm(Form):
    unit_id = SelectField(_l("Đơn vị nhận"), coerce=_int_or_none,
                          validators=[DataRequired(message=_l("Vui lòng chọn đơn vị."))])
    kind = SelectField(_l("Loại đơn"), validators=[Optional()])
    category = SelectField(_l("Lĩnh vực"), validators=[Optional()])
    keywords = TextAreaField(_l("Từ khóa (cách nhau bằng dấu phẩy; khớp nếu có một từ bất kỳ)"),
                             validators=[Optional(), PlainText(True), Length(max=1000)])
    priority = IntegerField(_l("Thứ tự ưu tiên (số nhỏ được xét trước)"), default=100,
                            validators=[Optional(), NumberRange(min=0, max=10000)])

    def fill_choices(self, units) -> None:
        self.unit_id.choices = [("", "—")] + [(u.id, u.name) for u in units]
        self.kind.choices = [("", _l("Mọi loại"))] + [(k.value, label(k)) for k in CaseKind]
        self.category.choices = [("", _l("Mọi lĩnh vực"))] + [(c.value, label(c)) for c in Category]

    def to_input(self) -> RuleInput:
        return RuleInput(unit_id=self.unit_id.data, priority=self.priority.data if self.priority.data is not None
                         else 100, kind=CaseKind(self.kind.data) if self.kind.data else None,
                         category=self.category.data or None, keywords=self.keywords.data or None)


DAYS = NumberRange(min=1, max=365, message=_l("Từ 1 đến 365 ngày."))


def _days(text, required=True):
    validators = [DataRequired(message=_l("Vui lòng nhập số ngày.")), DAYS] if required else [Optional(), DAYS]
    return IntegerField(text, validators=validators)


def _unit_field(text, required=True):
    return SelectField(text, choices=[("", "—")] + [(u.value, label(u)) for u in DayUnit],
                       validators=[DataRequired(message=_l("Vui lòng chọn cách tính."))] if required
                       else [Optional()])


def _citation(text, required=True):
    validators = [PlainText(), Length(max=300)]
    return StringField(text, validators=[DataRequired(message=_l("Vui lòng ghi căn cứ pháp lý."))] + validators
                       if required else [Optional()] + validators)


class PolicyForm(Form):
    """One kind's SLA policy; saving makes a new version that applies to cases filed from now on."""

    based_on = HiddenField()
    triage_days = _days(_l("Thời hạn xử lý đơn (để trống nếu luật không quy định)"), required=False)
    triage_unit = _unit_field(_l("Cách tính thời hạn xử lý đơn"), required=False)
    triage_citation = _citation(_l("Căn cứ thời hạn xử lý đơn (tiếp nhận trực tiếp)"), required=False)
    triage_written_citation = _citation(_l("Căn cứ thời hạn xử lý đơn gửi bằng văn bản"), required=False)
    forwarding_days = _days(_l("Thời hạn chuyển đơn không thuộc thẩm quyền"), required=False)
    forwarding_unit = _unit_field(_l("Cách tính thời hạn chuyển đơn"), required=False)
    forwarding_citation = _citation(_l("Căn cứ thời hạn chuyển đơn"), required=False)
    acceptance_days = _days(_l("Thời hạn thụ lý (để trống nếu luật không quy định)"), required=False)
    acceptance_unit = _unit_field(_l("Cách tính thời hạn thụ lý"), required=False)
    acceptance_citation = _citation(_l("Căn cứ thời hạn thụ lý"), required=False)
    acceptance_several_places_days = _days(_l("Thời hạn thụ lý khi cần xác minh ở nhiều nơi"), required=False)
    resolution_days = _days(_l("Thời hạn giải quyết"))
    resolution_unit = _unit_field(_l("Cách tính thời hạn giải quyết"))
    resolution_citation = _citation(_l("Căn cứ thời hạn giải quyết"))
    complex_days = _days(_l("Thời hạn giải quyết vụ việc phức tạp"), required=False)
    remote_days = _days(_l("Thời hạn giải quyết ở vùng sâu, vùng xa"), required=False)
    remote_complex_days = _days(_l("Thời hạn giải quyết vụ việc phức tạp ở vùng sâu, vùng xa"), required=False)
    simple_days = _days(_l("Thời hạn giải quyết yêu cầu đơn giản (cùng cách tính)"), required=False)
    simple_citation = _citation(_l("Căn cứ thời hạn yêu cầu đơn giản"), required=False)
    resolution_from_receipt = BooleanField(_l("Thời hạn giải quyết tính từ ngày nhận yêu cầu (không từ ngày thụ lý)"))
    extensions_by_complexity = BooleanField(_l("Chỉ vụ việc phức tạp được gia hạn (1 lần; đặc biệt phức tạp: 2 lần)"))
    second_days = _days(_l("Thời hạn giải quyết khiếu nại lần hai (để trống nếu không áp dụng)"), required=False)
    second_unit = _unit_field(_l("Cách tính thời hạn giải quyết khiếu nại lần hai"), required=False)
    second_citation = _citation(_l("Căn cứ thời hạn giải quyết khiếu nại lần hai"), required=False)
    second_complex_days = _days(_l("Khiếu nại lần hai: vụ việc phức tạp"), required=False)
    second_remote_days = _days(_l("Khiếu nại lần hai: vùng sâu, vùng xa"), required=False)
    second_remote_complex_days = _days(_l("Khiếu nại lần hai: phức tạp ở vùng sâu, vùng xa"), required=False)
    max_extensions = IntegerField(_l("Số lần được gia hạn"), default=0, validators=[
        InputRequired(message=_l("Vui lòng nhập số lần (0 nếu không được gia hạn).")),
        NumberRange(min=0, max=5, message=_l("Từ 0 đến 5 lần."))])
    extension_days = IntegerField(_l("Số ngày mỗi lần gia hạn (tối đa)"), default=0, validators=[
        InputRequired(message=_l("Vui lòng nhập số ngày (0 nếu không được gia hạn).")),
        NumberRange(min=0, max=365, message=_l("Từ 0 đến 365 ngày."))])
    warning_days = IntegerField(_l("Báo “sắp đến hạn” trước (ngày làm việc)"), default=3, validators=[
        InputRequired(message=_l("Vui lòng nhập số ngày.")),
        NumberRange(min=0, max=30, message=_l("Từ 0 đến 30 ngày làm việc."))])
    note = TextAreaField(_l("Căn cứ thay đổi (văn bản, lý do)"), validators=[
        DataRequired(message=_l("Vui lòng ghi căn cứ của thay đổi.")), PlainText(True), Length(max=2000)])

    def fill(self, data: PolicyInput, version: int) -> None:
        for name, value in vars(data).items():
            self[name].data = value.value if isinstance(value, DayUnit) else value
        self.based_on.data = str(version)

    def to_input(self) -> PolicyInput:
        """Every PolicyInput field from the field of the same name: a unit as a DayUnit, an empty
        choice or citation as None."""
        values = {}
        for f in fields(PolicyInput):
            data = self[f.name].data
            if isinstance(self[f.name], SelectField):
                data = DayUnit(data) if data else None
            elif isinstance(data, str):
                data = data or None
            values[f.name] = data
        return PolicyInput(**values)

    def based_on_version(self) -> int:
        try:
            return int(self.based_on.data)
        except (TypeError, ValueError):
            return -1


class OverrideForm(Form):
    """Make one day a working day or a day off (the government's yearly exchange of days)."""

    day = DateField(_l("Ngày (ngày/tháng/năm)"), format=["%d/%m/%Y", "%Y-%m-%d"],
                    validators=[InputRequired(message=_l("Vui lòng nhập ngày."))],
                    render_kw={"type": "text", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    is_working = RadioField(_l("Điều chỉnh thành"),
                            choices=[("off", _l("Ngày nghỉ")), ("working", _l("Ngày làm việc"))],
                            validators=[InputRequired(message=_l("Vui lòng chọn ngày nghỉ hay ngày làm việc."))])
    reason = StringField(_l("Căn cứ (số, ngày văn bản)"), validators=[
        DataRequired(message=_l("Vui lòng ghi căn cứ của điều chỉnh.")), PlainText(), Length(max=500)])


MOMENT = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"]
MOMENT_INPUT = {"type": "text", "placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric"}
REQUIRED = _l("Vui lòng điền mục này.")


class SessionForm(Form):
    starts_at = DateTimeField(_l("Bắt đầu"), format=MOMENT, render_kw=MOMENT_INPUT, validators=[
        DataRequired(message=_l("Vui lòng nhập ngày giờ, dạng ngày/tháng/năm giờ:phút."))])
    ends_at = DateTimeField(_l("Kết thúc"), format=MOMENT, render_kw=MOMENT_INPUT, validators=[
        DataRequired(message=_l("Vui lòng nhập ngày giờ, dạng ngày/tháng/năm giờ:phút."))])
    place = StringField(_l("Địa điểm"), validators=[DataRequired(message=REQUIRED), PlainText(), Length(max=300)])
    host = StringField(_l("Người tiếp (họ tên, chức vụ)"), validators=[DataRequired(message=REQUIRED), PlainText(),
                                                                      Length(max=200)])
    note = StringField(_l("Ghi chú"), validators=[Optional(), PlainText(), Length(max=500)])

    def to_data(self) -> SessionData:
        def utc(moment):
            return moment.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)

        return SessionData(starts_at=utc(self.starts_at.data), ends_at=utc(self.ends_at.data),
                           place=self.place.data, host=self.host.data, note=self.note.data or None)


class PartnerForm(Form):
    """A partner system that files through Open311 with its own key."""

    name = StringField(_l("Tên hệ thống đối tác"), validators=[
        DataRequired(message=_l("Vui lòng ghi tên hệ thống đối tác.")), PlainText(), Length(max=200)],
        render_kw={"maxlength": 200})


class ApiTokenForm(Form):
    """A bearer token for the staff API, for one member of staff."""

    username = StringField(_l("Tên đăng nhập của cán bộ"), validators=[
        DataRequired(message=_l("Vui lòng ghi tên đăng nhập.")), PlainText(), Length(max=64)],
        render_kw={"maxlength": 64, "autocomplete": "off"})
    days = IntegerField(_l("Hiệu lực (ngày)"), default=90, validators=[
        DataRequired(message=_l("Vui lòng ghi số ngày.")),
        NumberRange(min=1, max=366, message=_l("Từ %(min)s đến %(max)s ngày."))],
        render_kw={"min": 1, "max": 366, "inputmode": "numeric"})


class NationalExportForm(Form):
    """The national database export (Nghị định 55/2022/NĐ-CP): from which day, in which format."""

    since = DateField(_l("Thay đổi từ ngày (ngày/tháng/năm; để trống: toàn bộ)"), format=["%d/%m/%Y", "%Y-%m-%d"],
                      validators=[Optional()],
                      render_kw={"type": "text", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    file_format = RadioField(_l("Định dạng"), choices=[("json", "JSON"), ("csv", "CSV")], default="json",
                             validators=[InputRequired(message=_l("Vui lòng chọn định dạng."))])
class RetentionForm(Form):
    """How many years after closing a kind's cases keep personal data (Nghị định 13/2023/NĐ-CP)."""

    years = IntegerField(_l("Số năm sau khi kết thúc hồ sơ"), validators=[
        InputRequired(message=_l("Vui lòng nhập số năm.")),
        NumberRange(min=1, max=100, message=_l("Từ 1 đến 100 năm."))])
    basis = TextAreaField(_l("Căn cứ (văn bản pháp luật hoặc quyết định của Sở)"), validators=[
        DataRequired(message=REQUIRED), PlainText(multiline=True), Length(max=500)])
