"""Forms of the second factor: a code (six digits or a recovery code) and the reveal of an identity."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import Form, PlainText

CODE_HELP = _l("Sáu chữ số trong ứng dụng xác thực; mất điện thoại thì nhập một mã dự phòng.")
REASON_MAX = 500


class CodeForm(Form):
    code = StringField(_l("Mã xác thực"), validators=[
        DataRequired(message=_l("Vui lòng nhập mã xác thực.")), Length(max=64, message=_l("Tối đa %(max)d ký tự.")),
        PlainText()],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})


class RevealForm(Form):
    """Why one needs to see a denouncer's identity (kept in the audit trail) and, if the last code
    is too old, a new one."""

    reason = TextAreaField(_l("Lý do cần xem danh tính"), validators=[
        DataRequired(message=_l("Vui lòng ghi lý do cần xem danh tính người tố cáo.")),
        Length(max=REASON_MAX, message=_l("Tối đa %(max)d ký tự.")), PlainText(multiline=True)],
        render_kw={"maxlength": REASON_MAX, "rows": 2})
    code = StringField(_l("Mã xác thực"), validators=[
        Optional(), Length(max=64, message=_l("Tối đa %(max)d ký tự.")), PlainText()],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})
