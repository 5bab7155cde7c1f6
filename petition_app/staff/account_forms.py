"""The form of a user's own password."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from ..forms import Form

PASSWORD_HELP = _l("Ít nhất 12 ký tự; không chứa tên đăng nhập, không phải mật khẩu phổ biến hay dãy liên tiếp.")


class OwnPasswordForm(Form):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[
        DataRequired(message=_l("Vui lòng nhập mật khẩu hiện tại.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[
        DataRequired(message=_l("Vui lòng nhập mật khẩu mới.")), Length(max=200, message=_l("Tối đa %(max)d ký tự."))],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(message=_l("Vui lòng nhập lại mật khẩu mới.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"})

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.new_password.data and self.confirm.data and self.new_password.data != self.confirm.data:
            self.confirm.errors.append(_l("Hai lần nhập mật khẩu mới không khớp."))
            ok = False
        return ok
