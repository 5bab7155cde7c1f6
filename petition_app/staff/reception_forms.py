"""The desk's forms: a visit (lượt tiếp công dân), its links to a case, the log book's filters."""
from datetime import timezone

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..clock import LOCAL_TZ
from ..domain.cases import CaseKind
from ..domain.reception import (
    MAX_REPRESENTATIVES,
    OnlineMeans,
    ReceptionKind,
    ReceptionPlace,
    RefusalGround,
    VisitOutcome,
)
from ..forms import CitizenId, Form, Phone, PlainText
from ..i18n import format_datetime, label
from ..services.reception import CaseData, VisitData, VisitorData
from ..services.reception_log import LogFilters
from .forms import DAY_FORMATS, DAY_INPUT, _int_or_none, _plausible_year

REQUIRED = _l("Vui lòng điền mục này.")
MOMENT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _plausible_moment(form, field):
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."))


class VisitForm(Form):
    """The desk form, in the order the officer fills it: who, what, the outcome, then the
    particulars that default to now, the officer and the reception room."""

    SUMMARY_ORDER = (
        "citizen_id_0", "name_0", "phone_0", "address_0", "is_group", "people_count",
        *(f"{name}_{i}" for i in range(1, MAX_REPRESENTATIVES) for name in ("name", "citizen_id", "phone", "address")),
        "content", "documents", "is_repeat", "is_protected", "outcome", "kind", "subject", "consent", "case_code",
        "refusal_ground", "outcome_note", "visited_at", "officer_id", "place", "place_detail", "reception_kind",
        "session_id", "is_online", "online_means",
    )
    SHORT_LABELS = {
        "documents": _l("Tài liệu, giấy tờ"),
        "is_repeat": _l("Vụ việc đến nhiều lần"),
        "is_protected": _l("Giữ bí mật danh tính người tố cáo"),
        "consent": _l("Đồng ý xử lý dữ liệu cá nhân"),
        "outcome_note": _l("Nội dung hướng dẫn, trả lời"),
        "is_online": _l("Tiếp trực tuyến"),
    }

    submission_token = HiddenField()
    version = HiddenField()
    content = TextAreaField(_l("Nội dung trình bày (tóm tắt)"), validators=[
        DataRequired(message=REQUIRED), PlainText(True), Length(max=5000)])
    documents = TextAreaField(_l("Tài liệu, giấy tờ công dân cung cấp (mỗi dòng một tài liệu)"), validators=[
        Optional(), PlainText(True), Length(max=3000)])
    is_repeat = BooleanField(_l("Vụ việc đã đến nhiều lần (tiếp lần sau)"))
    is_protected = BooleanField(_l("Nội dung tố cáo: giữ bí mật danh tính người tố cáo"))
    outcome = SelectField(_l("Kết quả tiếp"), choices=[], validators=[DataRequired(message=REQUIRED)])
    # Mẫu số 01's "phân loại đơn, vụ việc" and "cơ quan đã giải quyết"; the kind is required to register.
    kind = SelectField(_l("Phân loại đơn, vụ việc"), choices=[], validators=[Optional()])
    prior_authority = StringField(_l("Cơ quan đã giải quyết (nếu có)"), validators=[
        Optional(), PlainText(), Length(max=300)])
    subject = StringField(_l("Tiêu đề hồ sơ"), validators=[Optional(), PlainText(), Length(max=300)])
    consent = BooleanField(_l("Công dân đồng ý cho Sở xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)"))
    case_code = StringField(_l("Mã tra cứu của hồ sơ đang giải quyết"), validators=[
        Optional(), PlainText(), Length(max=30)], render_kw={"autocomplete": "off", "autocapitalize": "characters"})
    refusal_ground = SelectField(_l("Lý do từ chối tiếp"), choices=[], validators=[Optional()])
    outcome_note = TextAreaField(_l("Nội dung hướng dẫn, trả lời hoặc ghi chú"), validators=[
        Optional(), PlainText(True), Length(max=3000)])
    visited_at = DateTimeField(_l("Thời điểm tiếp"), format=MOMENT_FORMATS, validators=[
        DataRequired(message=_l("Vui lòng nhập thời điểm tiếp, dạng ngày/tháng/năm giờ:phút.")),
        _plausible_moment], render_kw={"type": "text", "placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric"})
    place = SelectField(_l("Nơi tiếp"), choices=[], validators=[DataRequired(message=REQUIRED)])
    place_detail = StringField(_l("Địa điểm tiếp tại cơ sở"), validators=[Optional(), PlainText(), Length(max=300)])
    officer_id = SelectField(_l("Cán bộ tiếp"), coerce=_int_or_none, choices=[],
                             validators=[DataRequired(message=REQUIRED)])
    reception_kind = SelectField(_l("Hình thức tiếp"), choices=[], validators=[DataRequired(message=REQUIRED)])
    # Checked by the service (a published session); "" is none.
    session_id = SelectField(_l("Buổi tiếp định kỳ"), coerce=_int_or_none, choices=[], validate_choice=False,
                             validators=[Optional()])
    is_online = BooleanField(_l("Tiếp trực tuyến (Luật số 136/2025/QH15)"))
    online_means = SelectField(_l("Phương tiện tiếp trực tuyến"), choices=[], validators=[Optional()])
    is_group = BooleanField(_l("Đoàn đông người"))
    people_count = IntegerField(_l("Số người"), default=1, validators=[
        InputRequired(message=REQUIRED), NumberRange(min=1, max=10000, message=_l("Số người từ 1 đến 10.000."))])

    def fill_choices(self, officers, sessions, *, linked: bool = False) -> None:
        outcomes = [VisitOutcome.GUIDED, VisitOutcome.REFUSED] if self.version.data else list(VisitOutcome)
        self.outcome.choices = [(o.value, label(o)) for o in (list(VisitOutcome) if linked else outcomes)]
        self.kind.choices = [("", "—")] + [(k.value, label(k)) for k in CaseKind]
        self.refusal_ground.choices = [("", "—")] + [(g.value, label(g)) for g in RefusalGround]
        self.place.choices = [(p.value, label(p)) for p in ReceptionPlace]
        self.officer_id.choices = [(u.id, u.full_name) for u in officers]
        self.reception_kind.choices = [(k.value, label(k)) for k in ReceptionKind]
        self.session_id.choices = [("", "—")] + [
            (s.id, f"{format_datetime(s.starts_at)} — {s.host}") for s in sessions]
        self.online_means.choices = [("", "—")] + [(m.value, label(m)) for m in OnlineMeans]

    def to_data(self) -> VisitData:
        visitors = []
        for i in range(MAX_REPRESENTATIVES):
            name = self[f"name_{i}"].data
            if name:
                visitors.append(VisitorData(full_name=name, citizen_id=self[f"citizen_id_{i}"].data or None,
                                            address=self[f"address_{i}"].data or None,
                                            phone=self[f"phone_{i}"].data or None))
        documents = [line.strip(" -•\t") for line in (self.documents.data or "").splitlines()]
        return VisitData(
            visited_at=self.visited_at.data.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc),
            place=ReceptionPlace(self.place.data), place_detail=self.place_detail.data or None,
            officer_id=self.officer_id.data, reception_kind=ReceptionKind(self.reception_kind.data),
            session_id=self.session_id.data, visitors=visitors, content=self.content.data,
            outcome=VisitOutcome(self.outcome.data), is_repeat=bool(self.is_repeat.data),
            is_online=bool(self.is_online.data),
            online_means=OnlineMeans(self.online_means.data) if self.online_means.data else None,
            is_group=bool(self.is_group.data), people_count=self.people_count.data,
            documents=[d for d in documents if d],
            refusal_ground=RefusalGround(self.refusal_ground.data) if self.refusal_ground.data else None,
            outcome_note=self.outcome_note.data or None, is_protected=bool(self.is_protected.data),
            kind=CaseKind(self.kind.data) if self.kind.data else None,
            prior_authority=self.prior_authority.data or None)

    def to_case_data(self) -> CaseData | None:
        if self.outcome.data != VisitOutcome.REGISTERED.value:
            return None
        return CaseData(kind=CaseKind(self.kind.data), subject=self.subject.data, consent=bool(self.consent.data))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if not self.name_0.data and not self.name_0.errors:
            self.name_0.errors.append(_l("Vui lòng ghi họ tên người được tiếp."))
            ok = False
        if self.outcome.data == VisitOutcome.REGISTERED.value:
            for f in (self.kind, self.subject):  # the case's kind is the visit's class
                if not f.data and not f.errors:
                    f.errors.append(REQUIRED)
                    ok = False
            if not self.consent.data:
                self.consent.errors.append(_l("Cần ghi nhận sự đồng ý của công dân trước khi đăng ký hồ sơ."))
                ok = False
        if self.outcome.data == VisitOutcome.ATTACHED.value and not self.case_code.data and not self.case_code.errors:
            self.case_code.errors.append(REQUIRED)
            ok = False
        return ok


for _i in range(MAX_REPRESENTATIVES):
    _who = _l("Người được tiếp") if _i == 0 else _l("Người đại diện %(n)s", n=_i + 1)
    setattr(VisitForm, f"citizen_id_{_i}", StringField(
        _l("%(who)s — số CCCD", who=_who), validators=[Optional(), CitizenId],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "data-lookup": "cccd",
                   **({"autofocus": True} if _i == 0 else {})}))
    setattr(VisitForm, f"name_{_i}", StringField(
        _l("%(who)s — họ và tên", who=_who), validators=[Optional(), PlainText(), Length(max=200)],
        render_kw={"autocomplete": "off", "data-lookup": "name"}))
    setattr(VisitForm, f"phone_{_i}", StringField(
        _l("%(who)s — số điện thoại", who=_who), validators=[Optional(), Phone],
        render_kw={"inputmode": "tel", "autocomplete": "off", "data-lookup": "phone"}))
    setattr(VisitForm, f"address_{_i}", StringField(
        _l("%(who)s — địa chỉ", who=_who), validators=[Optional(), PlainText(), Length(max=500)],
        render_kw={"autocomplete": "off"}))


class RegisterCaseForm(Form):
    SHORT_LABELS = {"consent": _l("Đồng ý xử lý dữ liệu cá nhân")}

    kind = SelectField(_l("Loại đơn"), choices=[], validators=[DataRequired(message=REQUIRED)])
    subject = StringField(_l("Tiêu đề hồ sơ"), validators=[DataRequired(message=REQUIRED), PlainText(),
                                                          Length(max=300)])
    consent = BooleanField(_l("Công dân đồng ý cho Sở xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)"),
                           validators=[DataRequired(message=_l(
                               "Cần ghi nhận sự đồng ý của công dân trước khi đăng ký hồ sơ."))])

    def fill_choices(self) -> None:
        self.kind.choices = [("", "—")] + [(k.value, label(k)) for k in CaseKind]

    def to_case_data(self) -> CaseData:
        return CaseData(kind=CaseKind(self.kind.data), subject=self.subject.data, consent=True)


class AttachCaseForm(Form):
    case_code = StringField(_l("Mã tra cứu của hồ sơ đang giải quyết"), validators=[
        DataRequired(message=REQUIRED), PlainText(), Length(max=30)])


class CorrectionForm(Form):
    note = TextAreaField(_l("Nội dung đính chính"), validators=[DataRequired(message=REQUIRED), PlainText(True),
                                                               Length(max=3000)])


class LogFilterForm(Form):
    """The log book's filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    date_from = DateField(_l("Từ ngày"), name="tu", format=DAY_FORMATS, validators=[Optional(), _plausible_year],
                          render_kw=DAY_INPUT)
    date_to = DateField(_l("Đến ngày"), name="den", format=DAY_FORMATS, validators=[Optional(), _plausible_year],
                        render_kw=DAY_INPUT)
    officer = SelectField(_l("Cán bộ tiếp"), coerce=_int_or_none, choices=[], validate_choice=False,
                          validators=[Optional()])
    place = SelectField(_l("Nơi tiếp"), choices=[], validators=[Optional()])
    reception_kind = SelectField(_l("Hình thức tiếp"), choices=[], validators=[Optional()])
    outcome = SelectField(_l("Kết quả tiếp"), choices=[], validators=[Optional()])

    def fill_choices(self, officers) -> None:
        every = [("", _l("Tất cả"))]
        self.officer.choices = [("", _l("Tất cả"))] + [(u.id, u.full_name) for u in officers]
        self.place.choices = every + [(p.value, label(p)) for p in ReceptionPlace]
        self.reception_kind.choices = every + [(k.value, label(k)) for k in ReceptionKind]
        self.outcome.choices = every + [(o.value, label(o)) for o in VisitOutcome]

    def to_filters(self) -> LogFilters:
        if self.date_from.data and self.date_to.data and self.date_from.data > self.date_to.data:
            self.date_to.errors = [_l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")]
            return LogFilters()
        return LogFilters(
            date_from=self.date_from.data, date_to=self.date_to.data, officer_id=self.officer.data,
            place=ReceptionPlace(self.place.data) if self.place.data else None,
            reception_kind=ReceptionKind(self.reception_kind.data) if self.reception_kind.data else None,
            outcome=VisitOutcome(self.outcome.data) if self.outcome.data else None)
