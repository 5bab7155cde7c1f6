"""The report page's choices (GET): form, layout version, period preset with its year and
number, or a custom range; each mistake is shown next to its field."""
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from ..domain.report_periods import (
    PRESETS_WITH_NUMBER,
    Period,
    PlanSettings,
    Preset,
    custom_period,
    preset_period,
    sector_month_of,
)
from ..domain.reports import Form as ReportForm_
from ..domain.reports import Layout, layout_by_key, layout_in_force, layouts_of
from ..forms import Form
from ..i18n import label
from .forms import DAY_FORMATS, DAY_INPUT

IN_FORCE = ""
YEARS = (2000, 2100)
FIVE_YEAR_SPAN = 6 * 366  # a custom range longer than a five-year review is refused


class ReportChoiceForm(Form):
    class Meta:
        csrf = False

    form = SelectField(_l("Biểu mẫu"), name="bieu", choices=[], default=ReportForm_.HANDLING.value)
    layout = SelectField(_l("Phiên bản biểu"), name="phien_ban", choices=[], default=IN_FORCE)
    preset = SelectField(_l("Kỳ báo cáo"), name="ky", choices=[], default=Preset.SECTOR_MONTH.value)
    year = IntegerField(_l("Năm"), name="nam", validators=[
        Optional(), NumberRange(*YEARS, message=_l("Năm phải từ %(min)s đến %(max)s."))])
    number = IntegerField(_l("Tháng hoặc quý"), name="so", validators=[Optional()])
    date_from = DateField(_l("Từ ngày"), name="tu", format=DAY_FORMATS, validators=[Optional()], render_kw=DAY_INPUT)
    date_to = DateField(_l("Đến ngày"), name="den", format=DAY_FORMATS, validators=[Optional()], render_kw=DAY_INPUT)

    def __init__(self, formdata, *, today: date, plan: PlanSettings):
        super().__init__(formdata)
        self.today, self.plan = today, plan
        self.form.choices = [(f.value, label(f)) for f in ReportForm_]
        self.layout.choices = [(IN_FORCE, _l("Theo kỳ báo cáo (biểu đang áp dụng)"))] + [
            (lay.key, f"{lay.number} — {lay.circular}") for f in ReportForm_ for lay in layouts_of(f)]
        self.preset.choices = [(p.value, label(p)) for p in Preset]
        year, month = sector_month_of(today)  # by default: the sector month under way
        if self.year.data is None and not self.year.raw_data:
            self.year.data = year
        if self.number.data is None and not self.number.raw_data:
            self.number.data = month

    def chosen_form(self) -> ReportForm_:
        return ReportForm_(self.form.data)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        preset = Preset(self.preset.data)
        if preset is Preset.CUSTOM:
            if self.date_from.data is None:
                self.date_from.errors.append(_l("Vui lòng nhập ngày bắt đầu (dd/mm/yyyy)."))
            if self.date_to.data is None:
                self.date_to.errors.append(_l("Vui lòng nhập ngày kết thúc (dd/mm/yyyy)."))
            if self.date_from.errors or self.date_to.errors:
                return False
            for field in (self.date_from, self.date_to):
                if not YEARS[0] <= field.data.year <= YEARS[1]:
                    field.errors.append(_l("Năm phải từ %(min)s đến %(max)s.", min=YEARS[0], max=YEARS[1]))
                    return False
            if self.date_to.data < self.date_from.data:
                self.date_to.errors.append(_l("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu (%(day)s).",
                                              day=self.date_from.data.strftime("%d/%m/%Y")))
                return False
            if (self.date_to.data - self.date_from.data).days > FIVE_YEAR_SPAN:
                self.date_to.errors.append(_l("Khoảng báo cáo dài nhất là sáu năm."))
                return False
        limit = PRESETS_WITH_NUMBER.get(preset)
        if limit and not (self.number.data and 1 <= self.number.data <= limit):
            self.number.errors.append(_l("Vui lòng chọn số từ 1 đến %(max)d.", max=limit))
            return False
        if self.layout.data != IN_FORCE and layout_by_key(self.layout.data).form is not self.chosen_form():
            self.layout.errors.append(_l("Phiên bản này không thuộc biểu mẫu đã chọn."))
            return False
        return True

    def period(self) -> Period:
        preset = Preset(self.preset.data)
        if preset is Preset.CUSTOM:
            return custom_period(self.date_from.data, self.date_to.data)
        number = self.number.data if preset in PRESETS_WITH_NUMBER else None
        return preset_period(preset, self.year.data or self.today.year, number, self.plan)

    def chosen_layout(self, period: Period) -> Layout:
        if self.layout.data == IN_FORCE:
            return layout_in_force(self.chosen_form(), period.start)
        return layout_by_key(self.layout.data)
