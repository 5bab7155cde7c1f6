"""Staff forms: sign-in, case actions, queue filters, splitting, periods (the intake: intake_form.py)."""
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..domain.cases import CaseKind, CaseStatus, Category, Channel, Signers
from ..domain.deadlines import Complexity
from ..domain.workflow import DECLINE_REASONS, OUTCOMES, Action, ArchiveReason, DeclineReason, Need, Outcome
from ..forms import Form, PlainText
from ..i18n import label
from ..services.queues import Filters, Sort
from ..services.triage import Part
from ..services.workflow import ActionInput


class LoginForm(Form):
    username = StringField(_l("Tên đăng nhập"), validators=[
        DataRequired(message=_l("Vui lòng nhập tên đăng nhập.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Mật khẩu"), validators=[
        DataRequired(message=_l("Vui lòng nhập mật khẩu.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})


# Staff dates are text fields shown as dd/mm/yyyy whatever the browser's language (a date
# picker shows its own locale's order); ISO is accepted too.
DAY_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DAY_INPUT = {"type": "text", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


def _plausible_year(form, field):
    # Very old or far-future dates are typing slips (and overflow when turned into moments).
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."))


# The version a form was built on: a number, else the form is refused next to it (never a 500).
VERSION = Regexp(r"^[0-9]{1,9}$", message=_l("Biểu mẫu không hợp lệ; vui lòng tải lại trang."))


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class ActionForm(Form):
    """Every field any workflow action may need; the case page shows each action only its own."""

    version = HiddenField(validators=[DataRequired(), VERSION])
    note = TextAreaField(_l("Ghi chú, lý do"), validators=[Optional(), PlainText(True), Length(max=5000)])
    kind = SelectField(_l("Loại đơn"), choices=[], validators=[Optional()])
    category = SelectField(_l("Lĩnh vực"), choices=[], validators=[Optional()])
    signers = SelectField(_l("Người đứng đơn"), choices=[], validators=[Optional()])
    is_eligible = SelectField(_l("Đủ điều kiện xử lý"), choices=[], validators=[Optional()])
    within_competence = SelectField(_l("Thuộc thẩm quyền của Sở"), choices=[], validators=[Optional()])
    is_repeat = SelectField(_l("Đơn lần đầu hay nhiều lần"), choices=[], validators=[Optional()])
    is_complex = SelectField(_l("Vụ việc phức tạp (thời hạn giải quyết dài hơn)"), choices=[],
                             validators=[Optional()])
    is_remote = SelectField(_l("Ở vùng sâu, vùng xa, đi lại khó khăn"), choices=[], validators=[Optional()])
    is_second_time = SelectField(_l("Khiếu nại lần hai"), choices=[], validators=[Optional()])
    is_simple = SelectField(_l("Yêu cầu thông tin đơn giản, có sẵn, gửi qua bưu chính, fax, thư điện tử "
                               "(5 ngày làm việc, Luật Tiếp cận thông tin 2016, Điều 31(1))"), choices=[],
                            validators=[Optional()])
    several_places = SelectField(_l("Cần xác minh tố cáo ở nhiều nơi (thụ lý trong 10 ngày làm việc, "
                                    "Luật Tố cáo 2018, Điều 24(1))"), choices=[], validators=[Optional()])
    complexity = SelectField(_l("Mức độ phức tạp của vụ việc tố cáo (ghi lý do ở phần ghi chú)"), choices=[],
                             validators=[Optional()])
    unit_id = SelectField(_l("Đơn vị xử lý"), choices=[], coerce=_int_or_none, validators=[Optional()])
    assignee_id = SelectField(_l("Cán bộ xử lý"), choices=[], coerce=_int_or_none, validators=[Optional()])
    decline_reason = SelectField(_l("Lý do không thụ lý"), choices=[], validators=[Optional()])
    agency = StringField(_l("Cơ quan có thẩm quyền nhận đơn"), validators=[Optional(), PlainText(), Length(max=300)])
    cover_letter = TextAreaField(_l("Nội dung phiếu chuyển"), validators=[Optional(), PlainText(True),
                                                                        Length(max=5000)])
    archive_reason = SelectField(_l("Lý do lưu đơn"), choices=[], validators=[Optional()])
    days = IntegerField(_l("Số ngày gia hạn"), validators=[Optional(), NumberRange(min=1, max=60)])
    outcome = SelectField(_l("Kết quả"), choices=[], validators=[Optional()])
    decision_number = StringField(_l("Số văn bản, quyết định"), validators=[Optional(), PlainText(),
                                                                         Length(max=100)])
    decision_date = DateField(_l("Ngày ban hành"), format=DAY_FORMATS, validators=[Optional()], render_kw=DAY_INPUT)
    # The Markdown source is plain text too: NFC, no control characters (a NUL is refused by PostgreSQL).
    answer = TextAreaField(_l("Nội dung trả lời (được định dạng đơn giản)"),
                           validators=[Optional(), PlainText(True), Length(max=20000)],
                           render_kw={"rows": 8, "data-preview": "answer"})
    public_summary = TextAreaField(_l("Tóm tắt kết quả công khai (không ghi thông tin cá nhân)"),
                                   validators=[Optional(), PlainText(True), Length(max=5000)],
                                   render_kw={"rows": 5, "data-preview": "public_summary"})
    publish = BooleanField(_l("Công khai kết quả trên trang Kết quả giải quyết"))
    mask_personal_data = BooleanField(_l("Tự động ẩn thông tin cá nhân trong tóm tắt công khai"))

    def fill_choices(self, kind, units, staff, case_unit_id: int | None = None) -> None:
        blank = [("", "—")]
        yes_no = blank + [("1", _l("Có")), ("0", _l("Không"))]
        self.kind.choices = blank + [(k.value, label(k)) for k in CaseKind]
        self.category.choices = blank + [(c.value, label(c)) for c in Category]
        self.signers.choices = blank + [(s.value, label(s)) for s in Signers]
        self.is_eligible.choices = yes_no
        self.within_competence.choices = yes_no
        self.is_complex.choices = yes_no
        self.is_remote.choices = yes_no
        self.is_second_time.choices = yes_no
        self.is_simple.choices = yes_no
        self.several_places.choices = yes_no
        self.complexity.choices = blank + [(c.value, label(c)) for c in Complexity]
        self.is_repeat.choices = blank + [("0", _l("Lần đầu")), ("1", _l("Nhiều lần"))]
        self.unit_id.choices = [("", "—")] + [(u.id, u.name) for u in units]
        # Grouped by unit; app.js shows only the people of the unit chosen beside it.
        self.assignee_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(u.id, f"{u.full_name} ({u.unit.code})", {"data-unit": u.unit_id}, optgroup=u.unit.name)
            for u in sorted(staff, key=lambda u: (u.unit.name, u.full_name))]
        self.assignee_id.render_kw = {"data-people-of": self.unit_id.id, "data-case-unit": case_unit_id or ""}
        self.decline_reason.choices = blank + [(r.value, label(r)) for r in DECLINE_REASONS[kind]]
        self.archive_reason.choices = blank + [(r.value, label(r)) for r in ArchiveReason]
        self.outcome.choices = blank + [(o.value, label(o)) for o in OUTCOMES[kind]]

    def to_input(self) -> ActionInput:
        def enum(cls, value):
            return cls(value) if value else None

        def flag(value):
            return None if value in (None, "") else value == "1"

        return ActionInput(
            note=self.note.data or None, kind=enum(CaseKind, self.kind.data),
            category=self.category.data or None, unit_id=self.unit_id.data, assignee_id=self.assignee_id.data,
            decline_reason=enum(DeclineReason, self.decline_reason.data), agency=self.agency.data or None,
            cover_letter=self.cover_letter.data or None,
            archive_reason=enum(ArchiveReason, self.archive_reason.data), days=self.days.data,
            outcome=enum(Outcome, self.outcome.data), decision_number=self.decision_number.data or None,
            decision_date=self.decision_date.data, answer=self.answer.data or None,
            public_summary=self.public_summary.data or None, is_eligible=flag(self.is_eligible.data),
            within_competence=flag(self.within_competence.data), is_repeat=flag(self.is_repeat.data),
            signers=enum(Signers, self.signers.data), is_complex=flag(self.is_complex.data),
            is_remote=flag(self.is_remote.data), is_second_time=flag(self.is_second_time.data),
            is_simple=flag(self.is_simple.data), several_places=flag(self.several_places.data),
            complexity=enum(Complexity, self.complexity.data), publish=bool(self.publish.data),
            mask_personal_data=bool(self.mask_personal_data.data),
        )


# Where each workflow need is typed.
NEED_FIELDS = {
    Need.NOTE: "note", Need.KIND_OR_CATEGORY: "category", Need.UNIT: "unit_id", Need.UNIT_OR_HANDLER: "assignee_id",
    Need.DECLINE_REASON: "decline_reason", Need.AGENCY: "agency", Need.COVER_LETTER: "cover_letter",
    Need.ARCHIVE_REASON: "archive_reason", Need.DAYS: "days", Need.OUTCOME: "outcome",
    Need.DECISION: "decision_number", Need.ANSWER: "answer", Need.PUBLIC_SUMMARY: "public_summary",
}

# The fields each action shows (the workflow table says which are required).
ACTION_FIELDS = {
    Action.CLASSIFY: ["kind", "category", "signers", "is_eligible", "within_competence", "is_repeat", "is_complex",
                      "is_remote", "is_second_time", "is_simple", "several_places", "note"],
    Action.ACCEPT: ["unit_id", "is_complex", "is_remote", "is_second_time", "is_simple", "complexity", "note"],
    Action.DECLINE: ["decline_reason", "note"],
    Action.FORWARD: ["agency", "cover_letter"],
    Action.FOLLOW_UP: ["note"],
    Action.GUIDE: ["note"],
    Action.RETURN: ["note"],
    Action.ARCHIVE: ["archive_reason", "note"],
    Action.ASSIGN: ["unit_id", "assignee_id", "note"],
    Action.START: [],
    Action.HOLD: ["note"],
    Action.RESUME: ["note"],
    Action.EXTEND: ["days", "complexity", "note"],
    Action.RESOLVE: ["outcome", "decision_number", "decision_date", "answer", "public_summary", "publish",
                     "mask_personal_data"],
    Action.CLOSE: [],
    Action.WITHDRAW: ["note"],
}


class QueueFilterForm(Form):
    """The queue's filters: a GET form, nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    view = HiddenField()
    kind = SelectField(_l("Loại đơn"), choices=[], validators=[Optional()])
    category = SelectField(_l("Lĩnh vực"), choices=[], validators=[Optional()])
    status = SelectField(_l("Tình trạng"), choices=[], validators=[Optional()])
    channel = SelectField(_l("Hình thức tiếp nhận"), choices=[], validators=[Optional()])
    unit = SelectField(_l("Đơn vị"), choices=[], coerce=_int_or_none, validators=[Optional()])
    received_from = DateField(_l("Nhận từ ngày"), format=DAY_FORMATS, validators=[Optional(), _plausible_year],
                              render_kw=DAY_INPUT)
    received_to = DateField(_l("đến ngày"), format=DAY_FORMATS, validators=[Optional(), _plausible_year],
                            render_kw=DAY_INPUT)
    q = StringField(_l("Tìm theo mã, tên, CCCD, điện thoại, e-mail, tiêu đề hoặc nội dung"),
                    validators=[Optional(), PlainText(), Length(max=200)])
    sort = SelectField(_l("Sắp xếp"), choices=[], validators=[Optional()])

    def fill_choices(self, units) -> None:
        blank = [("", _l("Tất cả"))]
        self.kind.choices = blank + [(k.value, label(k)) for k in CaseKind]
        self.category.choices = blank + [(c.value, label(c)) for c in Category]
        self.status.choices = blank + [(s.value, label(s)) for s in CaseStatus]
        self.channel.choices = blank + [(c.value, label(c)) for c in Channel]
        self.unit.choices = [("", _l("Tất cả"))] + [(u.id, u.name) for u in units]
        self.sort.choices = [("deadline", _l("Hạn xử lý gần nhất")), ("received", _l("Mới nhận")),
                             ("updated", _l("Mới cập nhật"))]

    def to_filters(self) -> Filters:
        def enum(cls, value):
            return cls(value) if value else None

        return Filters(kind=enum(CaseKind, self.kind.data), category=self.category.data or None,
                       unit_id=self.unit.data, status=enum(CaseStatus, self.status.data),
                       channel=enum(Channel, self.channel.data), received_from=self.received_from.data,
                       received_to=self.received_to.data, text=self.q.data or None,
                       sort=Sort(self.sort.data) if self.sort.data else Sort.DEADLINE)


class SplitForm(Form):
    """One issue of a mixed petition, split off into its own case (tách đơn)."""

    version = HiddenField(validators=[DataRequired(), VERSION])
    subject = StringField(_l("Tiêu đề nội dung tách"), validators=[
        DataRequired(message=_l("Vui lòng điền mục này.")), PlainText(), Length(max=300)])
    content = TextAreaField(_l("Nội dung tách"), validators=[
        DataRequired(message=_l("Vui lòng điền mục này.")), PlainText(True), Length(max=10000)])
    unit_id = SelectField(_l("Đơn vị xử lý nội dung này"), coerce=_int_or_none,
                          validators=[DataRequired(message=_l("Vui lòng chọn đơn vị."))])
    kind = SelectField(_l("Loại đơn (nếu khác)"), validators=[Optional()])

    def fill_choices(self, units) -> None:
        self.unit_id.choices = [("", "—")] + [(u.id, u.name) for u in units]
        self.kind.choices = [("", "—")] + [(k.value, label(k)) for k in CaseKind]

    def to_part(self) -> Part:
        return Part(subject=self.subject.data, content=self.content.data, unit_id=self.unit_id.data,
                    kind=CaseKind(self.kind.data) if self.kind.data else None)


class PeriodForm(Form):
    """The dashboard's period (GET params ``tu`` and ``den``); a field left out keeps its default."""

    class Meta:
        csrf = False

    date_from = DateField(_l("Từ ngày"), name="tu", format=DAY_FORMATS,
                          validators=[Optional(), _plausible_year], render_kw=DAY_INPUT)
    date_to = DateField(_l("Đến ngày"), name="den", format=DAY_FORMATS,
                        validators=[Optional(), _plausible_year], render_kw=DAY_INPUT)

    def __init__(self, formdata, *, default: tuple[date, date]):
        super().__init__(formdata, data={"date_from": default[0], "date_to": default[1]})
        self.default = default

    def period(self) -> tuple[date, date]:
        return self.date_from.data or self.default[0], self.date_to.data or self.default[1]

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        date_from, date_to = self.period()
        if date_from > date_to:
            self.date_to.errors.append(_l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu (%(day)s).",
                                          day=date_from.strftime("%d/%m/%Y")))
            return False
        for field in (self.date_from, self.date_to):
            if field.data:
                field.raw_data = []  # shown again as yyyy-mm-dd, the only value a date input takes
        return True
