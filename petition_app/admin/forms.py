"""Admin forms."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.cases import CaseKind, Category
from ..forms import Form, PlainText
from ..i18n import label
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
        self.unit_id.choices = [(None, "—")] + [(u.id, u.name) for u in units]
        self.kind.choices = [("", _l("Mọi loại"))] + [(k.value, label(k)) for k in CaseKind]
        self.category.choices = [("", _l("Mọi lĩnh vực"))] + [(c.value, label(c)) for c in Category]

    def to_input(self) -> RuleInput:
        return RuleInput(unit_id=self.unit_id.data, priority=self.priority.data if self.priority.data is not None
                         else 100, kind=CaseKind(self.kind.data) if self.kind.data else None,
                         category=self.category.data or None, keywords=self.keywords.data or None)
