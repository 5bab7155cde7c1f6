"""Field validators shared by every blueprint's forms (shape only, no queries)."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectFieldBase
from wtforms.validators import ValidationError

from .domain.identity import InvalidValue, clean_text, normalize_citizen_id, normalize_phone, normalize_tax_code

MESSAGES = {
    "control_characters": _l("Nội dung chứa ký tự không hợp lệ (ký tự điều khiển hoặc mã không phải văn bản)."),
    "citizen_id_format": _l("Số căn cước công dân gồm đúng 12 chữ số."),
    "citizen_id_province": _l("Số căn cước công dân không hợp lệ: 3 chữ số đầu phải là mã tỉnh, thành phố."),
    "phone_format": _l("Số điện thoại không hợp lệ. Ví dụ: 0912 345 678 hoặc 024 3825 1234."),
    "tax_code_format": _l("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số đối với chi nhánh (ví dụ 0101234567-001)."),
}


class PlainText:
    """Clean citizens' text: NFC, trimmed, no control characters; stored as plain text."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        if field.data is None:
            return
        try:
            field.data = clean_text(field.data, multiline=self.multiline)
        except InvalidValue as exc:
            raise ValidationError(MESSAGES[exc.code]) from None


class Normalized:
    """Run a domain normaliser on a non-empty value, replacing it with the normal form."""

    def __init__(self, normalizer):
        self.normalizer = normalizer

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = self.normalizer(field.data)
        except InvalidValue as exc:
            raise ValidationError(MESSAGES[exc.code]) from None


CitizenId = Normalized(normalize_citizen_id)
Phone = Normalized(normalize_phone)
TaxCode = Normalized(normalize_tax_code)


def web_address(form, field):
    """A link a citizen can open: http or https with a host, no spaces (never javascript:)."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in field.data):
        raise ValidationError(_l("Địa chỉ trang web bắt đầu bằng http:// hoặc https://, ví dụ "
                                 "https://sokhcn.example.gov.vn/van-ban."))


# WTForms and Flask-WTF ship no Vietnamese catalogue; these are the messages our forms can raise.
LIBRARY_MESSAGES = {
    "Not a valid date value.": _l("Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm."),
    "Not a valid integer value.": _l("Vui lòng nhập một số nguyên."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "This field is required.": _l("Vui lòng điền mục này."),
    "The CSRF token is missing.": _l(
        "Phiên làm việc không hợp lệ hoặc đã hết hạn. Thông tin bạn nhập vẫn được giữ; vui lòng gửi lại."),
    "The CSRF session token is missing.": _l(
        "Phiên làm việc không hợp lệ hoặc đã hết hạn. Thông tin bạn nhập vẫn được giữ; vui lòng gửi lại."),
    "The CSRF token has expired.": _l(
        "Phiên làm việc đã hết hạn. Thông tin bạn nhập vẫn được giữ; vui lòng gửi lại."),
    "The CSRF token is invalid.": _l(
        "Phiên làm việc không hợp lệ. Thông tin bạn nhập vẫn được giữ; vui lòng gửi lại."),
    "The CSRF tokens do not match.": _l(
        "Phiên làm việc không hợp lệ. Thông tin bạn nhập vẫn được giữ; vui lòng gửi lại."),
}


class Form(FlaskForm):
    """Base form: library messages in the user's language; short labels for the error summary."""

    # The name a long label goes by in the list of errors at the top of the page.
    SHORT_LABELS: dict = {}

    # The fields in the order the page shows them, so that the summary reads top to bottom
    # (a form's own order is the order its fields were declared in); any field not named comes first.
    SUMMARY_ORDER: tuple = ()

    def failed_fields(self) -> list:
        order = {name: i for i, name in enumerate(self.SUMMARY_ORDER)}
        return sorted((f for f in self if f.errors), key=lambda f: order.get(f.short_name, -1))

    def summary_label(self, field) -> str:
        return str(self.SHORT_LABELS.get(field.short_name) or field.label.text).rstrip(" .:")

    def validate(self, extra_validators=None):
        # A choice sent as blanks (" ") is no choice: Optional() would let it past the choice check
        # and a service would then be handed a value that is none of the choices.
        for field in self:
            if isinstance(field, SelectFieldBase) and isinstance(field.data, str) and not field.data.strip():
                field.data = ""
        ok = super().validate(extra_validators)
        for field in self:
            field.errors = [LIBRARY_MESSAGES.get(str(e), e) for e in field.errors]
        return ok


def input_attrs(field, help_text=None, required=False) -> dict:
    """ARIA attributes tying an input to its help and error text (used by the form macros)."""
    described = [f"{field.id}-help"] if help_text else []
    attrs = {}
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if required:
        attrs["aria-required"] = "true"
    return attrs
