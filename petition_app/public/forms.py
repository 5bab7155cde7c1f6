"""The public intake form (đơn) and the lookup form."""
import functools
import secrets

from flask import current_app, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, Length, NumberRange, Optional, ValidationError

from ..domain.cases import CaseKind, DeliveryMethod, InfoForm, PetitionerType
from ..domain.identity import split_names
from ..forms import CitizenId, Form, Phone, PlainText, TaxCode
from ..i18n import label
from ..services.attachments import AttachmentRefused, Upload, check_uploads
from ..services.intake import IntakeRefused, IntakeRequest, PetitionerData

REQUIRED = _l("Vui lòng điền mục này.")
ATTACHMENT_MESSAGES = {
    "too_many": _l("Chỉ được gửi tối đa %(max)s tệp."),
    "too_large": _l("Tệp “%(name)s” lớn hơn 10 MB."),
    "empty": _l("Tệp “%(name)s” rỗng."),
    "wrong_type": _l("Tệp “%(name)s” không phải PDF, JPEG, PNG hoặc DOCX (hệ thống kiểm tra nội dung "
                     "tệp, không dựa vào tên tệp)."),
    "storage": _l("Hệ thống tạm thời không lưu được tệp đính kèm nên đơn chưa được gửi. Thông tin bạn nhập vẫn "
                  "được giữ; vui lòng chọn lại tệp và gửi lại sau ít phút, hoặc gửi đơn không kèm tệp."),
}
MAX_COSIGNERS = 10000
SUBMITTER = "intake_submitter"  # the session key naming this browser session to the double-submit check


def _choices(enum_cls):
    """The enum's values and labels in the page's language (labelled once per language and process)."""
    return list(_labelled(enum_cls, str(get_locale())))


@functools.cache
def _labelled(enum_cls, _locale: str) -> tuple:
    return tuple((m.value, label(m)) for m in enum_cls)


def _text(label_text, max_length, multiline=False, render_kw=None):
    """Citizens' plain text: cleaned, limited in length (the browser is told the limit too)."""
    field_cls = TextAreaField if multiline else StringField
    return field_cls(
        label_text,
        validators=[Optional(), PlainText(multiline), Length(max=max_length, message=_l(
            "Tối đa %(max)d ký tự."))],
        render_kw={"maxlength": max_length, **(render_kw or {})},
    )


PAGE_ORDER = (
    "kind", "anonymous", "petitioner_type", "full_name", "citizen_id", "org_name", "tax_code", "rep_name",
    "rep_position", "rep_contact", "address", "phone", "email", "cosigner_names", "cosigner_count",
    "complained_decision", "learned_on", "is_second_time", "first_decision_number", "first_decision_on",
    "first_accepted_on", "is_remote", "late_reason", "late_reason_note", "accused", "info_form",
    "info_delivery", "location", "subject", "content", "attachments", "consent", "consent_means",
)


class IntakeForm(Form):
    SUMMARY_ORDER = PAGE_ORDER
    SHORT_LABELS = {
        "rep_contact": _l("Liên hệ của người đại diện"),
        "cosigner_names": _l("Họ tên người cùng ký"),
        "cosigner_count": _l("Tổng số người cùng ký"),
        "subject": _l("Tiêu đề"),
        "complained_decision": _l("Quyết định, hành vi bị khiếu nại"),
        "learned_on": _l("Ngày biết được quyết định, hành vi"),
        "is_second_time": _l("Khiếu nại lần hai"),
        "first_decision_on": _l("Ngày nhận quyết định lần đầu"),
        "first_accepted_on": _l("Ngày thụ lý khiếu nại lần đầu"),
        "is_remote": _l("Vùng sâu, vùng xa"),
        "accused": _l("Người, đơn vị bị tố cáo"),
        "consent": _l("Đồng ý xử lý dữ liệu cá nhân"),
    }
    kind = RadioField(_l("Loại đơn"), choices=[], validators=[Optional()])
    submission_token = HiddenField()

    anonymous = BooleanField(_l("Gửi không ghi danh"))
    petitioner_type = RadioField(_l("Người gửi là"), choices=[], default=PetitionerType.INDIVIDUAL.value,
                                 validators=[Optional()])
    full_name = _text(_l("Họ và tên"), 200, render_kw={"autocomplete": "name"})
    citizen_id = StringField(_l("Số căn cước công dân"), validators=[Optional(), CitizenId],
                             render_kw={"inputmode": "numeric", "maxlength": 20})
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Phone],
                        render_kw={"inputmode": "tel", "autocomplete": "tel", "maxlength": 20})
    email = StringField(_l("Thư điện tử"), validators=[
        Optional(), Length(max=254, message=_l("Tối đa %(max)d ký tự.")),
        Email(message=_l("Địa chỉ thư điện tử không hợp lệ."), check_deliverability=False)],
        render_kw={"inputmode": "email", "autocomplete": "email", "maxlength": 254})
    address = _text(_l("Địa chỉ"), 500, render_kw={"autocomplete": "street-address"})
    org_name = _text(_l("Tên tổ chức, doanh nghiệp"), 300, render_kw={"autocomplete": "organization"})
    tax_code = StringField(_l("Mã số thuế"), validators=[Optional(), TaxCode],
                           render_kw={"inputmode": "numeric", "maxlength": 20})
    rep_name = _text(_l("Họ tên người đại diện"), 200)
    rep_position = _text(_l("Chức vụ người đại diện"), 200)
    rep_contact = _text(_l("Số điện thoại hoặc thư điện tử của người đại diện"), 200)
    cosigner_names = _text(_l("Họ tên những người cùng ký đơn (mỗi người một dòng)"), 20000, multiline=True)
    cosigner_count = IntegerField(_l("Tổng số người cùng ký (nếu nhiều hơn số tên đã ghi)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_COSIGNERS, message=_l("Số người từ %(min)s đến %(max)s."))],
        render_kw={"inputmode": "numeric"})

    subject = _text(_l("Tiêu đề, nội dung chính"), 300)
    content = _text(_l("Nội dung đơn"), 10000, multiline=True)
    location = _text(_l("Địa điểm, nơi xảy ra sự việc"), 300)
    complained_decision = _text(_l("Quyết định hành chính hoặc hành vi hành chính bị khiếu nại"), 500)
    learned_on = DateField(_l("Ngày biết được quyết định, hành vi đó"), format=["%Y-%m-%d", "%d/%m/%Y"],
                           validators=[Optional()])
    # A second-time complaint (Luật Khiếu nại 2011, Điều 33).
    is_second_time = BooleanField(_l("Đây là khiếu nại lần hai (tôi đã khiếu nại lần đầu)"))
    first_decision_number = _text(_l("Số quyết định giải quyết khiếu nại lần đầu"), 100)
    first_decision_on = DateField(_l("Ngày nhận quyết định giải quyết khiếu nại lần đầu"),
                                  format=["%Y-%m-%d", "%d/%m/%Y"], validators=[Optional()])
    first_accepted_on = DateField(_l("Ngày khiếu nại lần đầu được thụ lý (nếu chưa có quyết định giải quyết)"),
                                  format=["%Y-%m-%d", "%d/%m/%Y"], validators=[Optional()])
    is_remote = BooleanField(_l("Tôi ở vùng sâu, vùng xa, đi lại khó khăn"))
    accused = _text(_l("Người hoặc cơ quan, đơn vị bị tố cáo"), 300)
    info_form = RadioField(_l("Hình thức nhận thông tin"), choices=[], validators=[Optional()])
    info_delivery = RadioField(_l("Cách nhận kết quả"), choices=[], validators=[Optional()])

    attachments = MultipleFileField(_l("Tài liệu kèm theo"))
    consent = BooleanField(_l("Tôi đồng ý để Sở Khoa học và Công nghệ xử lý dữ liệu cá nhân trong đơn "
                              "nhằm giải quyết đơn này (Nghị định 13/2023/NĐ-CP)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _choices(CaseKind)
        self.petitioner_type.choices = _choices(PetitionerType)
        self.info_form.choices = _choices(InfoForm)
        self.info_delivery.choices = _choices(DeliveryMethod)

    def issue_submission_token(self) -> None:
        """A fresh token for this copy of the form, and a name for the session it is given to."""
        self.submission_token.data = secrets.token_urlsafe(24)
        session.setdefault(SUBMITTER, secrets.token_urlsafe(24))

    def validate(self, extra_validators=None):
        """Every error at once: field shapes, then the fields the chosen kind and petitioner type
        need (with no kind chosen, those every kind needs), the files, the consent."""
        ok = super().validate(extra_validators)
        # Optional() lets blank input (" ") through without the choice check: only a real kind counts.
        kind = None
        if not self.kind.errors and (self.kind.data or "").strip():
            try:
                kind = CaseKind(self.kind.data)
            except ValueError:
                self.kind.errors.append(_l("Lựa chọn không hợp lệ."))
        if kind is None:
            if not self.kind.errors:
                self.kind.errors.append(_l("Vui lòng chọn loại đơn."))
            ok = False
        required = ["subject", "content"]
        if self.anonymous.data:
            if kind is not None and not kind.allows_anonymous:
                self.anonymous.errors.append(_l(
                    "Chỉ đơn kiến nghị, phản ánh được gửi không ghi danh. Khiếu nại, tố cáo và yêu cầu "
                    "cung cấp thông tin cần họ tên, địa chỉ để cơ quan xác minh và trả lời."))
                ok = False
        elif self.petitioner_type.data == PetitionerType.ORGANISATION.value:
            required += ["org_name", "tax_code", "address", "rep_name", "rep_position", "rep_contact"]
        else:
            required += ["full_name", "address"]
            if kind is not None and kind is not CaseKind.FEEDBACK and kind is not CaseKind.PETITION:
                required.append("citizen_id")
            if not (self.phone.data or self.email.data) and self.needs_phone_or_email():
                self.phone.errors.append(_l("Vui lòng ghi số điện thoại hoặc thư điện tử để cơ quan liên hệ."))
                ok = False
        if kind is not None:
            required += self.required_for(kind)
        if kind is CaseKind.INFO_REQUEST and self.info_delivery.data == DeliveryMethod.EMAIL.value \
                and not self.email.data:
            self.email.errors.append(_l("Vui lòng ghi thư điện tử để nhận thông tin qua thư điện tử."))
            ok = False
        for name in required:
            field = self[name]
            blank = field.data is None or (isinstance(field.data, str) and not field.data.strip())
            if blank and not field.errors:
                field.errors.append(REQUIRED)
                ok = False
        ok = self.check_attachments() and ok
        return self.check_consent() and ok

    def required_for(self, kind: CaseKind) -> list[str]:
        """The fields a kind needs besides the common ones."""
        return {
            CaseKind.COMPLAINT: ["complained_decision"] + ([] if self.is_second_time.data else ["learned_on"]),
            CaseKind.DENUNCIATION: ["accused"],
            CaseKind.INFO_REQUEST: ["info_form", "info_delivery"],
            CaseKind.PETITION: ["location"],
            CaseKind.FEEDBACK: ["location"],
        }[kind]

    def needs_phone_or_email(self) -> bool:
        """Online, a phone number or an e-mail address is how the department reaches the citizen."""
        return True

    def check_consent(self) -> bool:
        if self.consent.data:
            return True
        self.consent.errors.append(_l("Bạn cần đồng ý để cơ quan xử lý dữ liệu cá nhân trong đơn."))
        return False

    def check_attachments(self) -> bool:
        """Name every file refused, next to the field (the service checks them again)."""
        try:
            check_uploads(self.uploads())
        except AttachmentRefused as refusal:
            self.show_refusal(refusal)
            return False
        return True

    def to_request(self) -> IntakeRequest:
        kind = CaseKind(self.kind.data)
        petitioner = None
        names = split_names(self.cosigner_names.data)
        if not self.anonymous.data:
            organisation = self.petitioner_type.data == PetitionerType.ORGANISATION.value
            petitioner = PetitionerData(
                type=PetitionerType.ORGANISATION if organisation else PetitionerType.INDIVIDUAL,
                full_name=None if organisation else self.full_name.data,
                citizen_id=None if organisation else (self.citizen_id.data or None),
                phone=self.phone.data or None,
                email=(self.email.data or "").lower() or None,
                address=self.address.data,
                org_name=self.org_name.data if organisation else None,
                tax_code=self.tax_code.data if organisation else None,
                rep_name=self.rep_name.data if organisation else None,
                rep_position=self.rep_position.data if organisation else None,
                rep_contact=self.rep_contact.data if organisation else None,
                cosigner_names=names,
                language=str(get_locale() or "vi"),
            )
        only = lambda *kinds: (lambda value: value or None if kind in kinds else None)  # noqa: E731
        return IntakeRequest(
            kind=kind,
            subject=self.subject.data,
            content=self.content.data,
            consent=bool(self.consent is not None and self.consent.data),
            petitioner=petitioner,
            cosigner_count=max(self.cosigner_count.data or 0, len(names)) if petitioner else 0,
            location=only(CaseKind.PETITION, CaseKind.FEEDBACK)(self.location.data),
            complained_decision=only(CaseKind.COMPLAINT)(self.complained_decision.data),
            learned_on=only(CaseKind.COMPLAINT)(self.learned_on.data),
            is_second_time=kind is CaseKind.COMPLAINT and bool(self.is_second_time.data),
            first_decision_number=only(CaseKind.COMPLAINT)(self.first_decision_number.data),
            first_decision_on=only(CaseKind.COMPLAINT)(self.first_decision_on.data),
            first_accepted_on=only(CaseKind.COMPLAINT)(self.first_accepted_on.data),
            is_remote=kind is CaseKind.COMPLAINT and bool(self.is_remote.data),
            accused=only(CaseKind.DENUNCIATION)(self.accused.data),
            info_form=InfoForm(self.info_form.data) if kind is CaseKind.INFO_REQUEST else None,
            info_delivery=DeliveryMethod(self.info_delivery.data) if kind is CaseKind.INFO_REQUEST else None,
            submission_token=self.submission_token.data or None,
            submitter=session.get(SUBMITTER),
        )


    def uploads(self) -> list[Upload]:
        return [Upload(f.filename, f.stream) for f in self.attachments.data or [] if f.filename]

    def show_refusal(self, refusal: IntakeRefused | AttachmentRefused) -> None:
        """Put a service's refusal next to the field it concerns."""
        if isinstance(refusal, AttachmentRefused):
            self.attachments.errors = [str(ATTACHMENT_MESSAGES[code]) % {
                "name": filename[:80], "max": current_app.config["MAX_ATTACHMENTS"]}
                for code, filename in refusal.problems]
        else:
            for each in refusal.every:
                self[each.field].errors.append(each.message)


class LookupForm(Form):
    class Meta:
        csrf = False  # a GET search form: nothing changes

    code = StringField(_l("Mã tra cứu"), render_kw={"autocomplete": "off", "spellcheck": "false",
                                                   "autocapitalize": "characters", "maxlength": 40})

    def validate_code(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Vui lòng nhập mã tra cứu in trên giấy biên nhận."))
