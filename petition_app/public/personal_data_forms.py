"""The two steps of a citizen's request for their personal data: the tracking code, then the code."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from ..domain.personal_data import CODE_DIGITS
from ..domain.tracking import normalize_tracking_code
from ..forms import Form

_BAD_TRACKING_CODE = _l("Mã tra cứu không đúng. Mã gồm 16 ký tự, ví dụ 7KQM-4XHT-9WPR-C3NE; vui lòng kiểm tra "
                        "lại từng ký tự.")


class DataRequestForm(Form):
    tracking_code = StringField(_l("Mã tra cứu"), render_kw={"autocomplete": "off", "spellcheck": "false",
                                                            "autocapitalize": "characters", "maxlength": 40})

    def validate_tracking_code(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Vui lòng nhập mã tra cứu in trên giấy biên nhận."))
        if normalize_tracking_code(field.data[:40]) is None:
            raise ValidationError(_BAD_TRACKING_CODE)


class DataRequestCodeForm(Form):
    tracking_code = HiddenField()
    code = StringField(_l("Mã xác nhận"), render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                    "maxlength": 12})

    def validate_tracking_code(self, field):
        if normalize_tracking_code((field.data or "")[:40]) is None:
            raise ValidationError(_BAD_TRACKING_CODE)

    def validate_code(self, field):
        digits = "".join((field.data or "").split())
        if not digits:
            raise ValidationError(_l("Vui lòng nhập mã xác nhận trong thư điện tử."))
        if len(digits) != CODE_DIGITS or not digits.isdigit():
            raise ValidationError(_l("Mã xác nhận gồm %(n)s chữ số.", n=CODE_DIGITS))
