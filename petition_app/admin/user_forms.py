"""Forms of the staff account pages (admins) and of a user's own password."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..domain.cases import Role
from ..forms import Form, PlainText
from ..i18n import label
from ..services.account_management import AccountInput


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AccountForm(Form):
    """A staff account's details (the username only when the account is created)."""

    username = StringField(_l("Tên đăng nhập"), validators=[
        DataRequired(message=_l("Vui lòng nhập tên đăng nhập.")), Length(max=64, message=_l("Tối đa %(max)d ký tự."))],
        render_kw={"autocapitalize": "none", "autocomplete": "off", "maxlength": 64})
    full_name = StringField(_l("Họ và tên"), validators=[
        DataRequired(message=_l("Vui lòng nhập họ và tên.")), PlainText(),
        Length(max=200, message=_l("Tối đa %(max)d ký tự."))], render_kw={"maxlength": 200})
    email = StringField(_l("Thư điện tử"), validators=[
        Optional(), Length(max=254, message=_l("Tối đa %(max)d ký tự.")),
        Email(message=_l("Địa chỉ thư điện tử không hợp lệ."), check_deliverability=False)],
        render_kw={"inputmode": "email", "maxlength": 254})
    role = SelectField(_l("Vai trò"), validators=[DataRequired(message=_l("Vui lòng chọn vai trò."))])
    unit_id = SelectField(_l("Đơn vị"), coerce=_int_or_none,
                          validators=[DataRequired(message=_l("Vui lòng chọn đơn vị."))])
    password = PasswordField(_l("Mật khẩu ban đầu (để trống để hệ thống tạo)"), validators=[
        Optional(), Length(max=200, message=_l("Tối đa %(max)d ký tự."))], render_kw={"autocomplete": "new-password"})

    SUMMARY_ORDER = ("username", "full_name", "email", "role", "unit_id", "password")

    def fill_choices(self, units) -> None:
        self.role.choices = [("", _l("— Chọn vai trò —"))] + [(r.value, label(r)) for r in Role]
        self.unit_id.choices = [("", _l("— Chọn đơn vị —"))] + [(u.id, f"{u.code} — {u.name}") for u in units]

    def to_input(self, username: str | None = None) -> AccountInput:
        return AccountInput(username=username or self.username.data or "", full_name=self.full_name.data or "",
                            email=(self.email.data or "").strip() or None, role=Role(self.role.data),
                            unit_id=self.unit_id.data)


class EditAccountForm(AccountForm):
    username = None
    password = None


class ResetPasswordForm(Form):
    password = PasswordField(_l("Mật khẩu mới (để trống để hệ thống tạo)"), validators=[
        Optional(), Length(max=200, message=_l("Tối đa %(max)d ký tự."))], render_kw={"autocomplete": "new-password"})
