"""The public register's filters: a GET form (nothing changes, so no CSRF token)."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ..domain.cases import CaseKind, Category
from ..domain.workflow import Outcome
from ..forms import Form
from ..i18n import label
from ..services.register import RegisterFilters


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # not a choice: the field says so


class RegisterFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Tìm trong kết quả (gõ có hoặc không dấu)"), validators=[Optional(), Length(max=200)])
    loai = SelectField(_l("Loại đơn"), choices=[], validators=[Optional()])
    linh_vuc = SelectField(_l("Lĩnh vực"), choices=[], validators=[Optional()])
    don_vi = SelectField(_l("Đơn vị giải quyết"), choices=[], coerce=_int_or_none, validators=[Optional()])
    nam = IntegerField(_l("Năm giải quyết"), validators=[
        Optional(), NumberRange(min=2000, max=2100, message=_l("Năm từ 2000 đến 2100."))])
    ket_qua = SelectField(_l("Kết quả"), choices=[], validators=[Optional()])
    thoi_han = SelectField(_l("Thời hạn"), choices=[], validators=[Optional()])

    def fill_choices(self, units) -> None:
        everything = [("", _l("Tất cả"))]
        self.loai.choices = everything + [(k.value, label(k)) for k in CaseKind]
        self.linh_vuc.choices = everything + [(c.value, label(c)) for c in Category]
        self.don_vi.choices = [(None, _l("Tất cả"))] + [(u.id, u.name) for u in units]
        self.ket_qua.choices = everything + [(o.value, label(o)) for o in Outcome]
        self.thoi_han.choices = everything + [("dung-han", _l("Đúng hạn")), ("tre-han", _l("Trễ hạn"))]

    def to_filters(self) -> RegisterFilters:
        """The filters of the fields that passed; a field in error filters nothing."""
        def ok(field):
            return field.data if not field.errors and field.data not in (None, "") else None

        kind, outcome, timeliness = ok(self.loai), ok(self.ket_qua), ok(self.thoi_han)
        return RegisterFilters(kind=CaseKind(kind) if kind else None, category=ok(self.linh_vuc),
                               unit_id=ok(self.don_vi), year=ok(self.nam),
                               outcome=Outcome(outcome) if outcome else None,
                               is_late=None if timeliness is None else timeliness == "tre-han",
                               text=ok(self.q))
