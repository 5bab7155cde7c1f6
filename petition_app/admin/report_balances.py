"""Opening balances of the periodic reports (số liệu đầu kỳ): cases carried over from before the
system, entered per form column and unit; each change in the admins' audit trail."""
from datetime import date

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from ..clock import utcnow
from ..domain.reports import Form as ReportForm
from ..domain.reports import layouts_of
from ..extensions import db
from ..forms import Form
from ..models import Unit
from ..services import report_balances
from ..services.report_balances import MAX_AMOUNT, BalanceRefused
from ..staff.forms import DAY_FORMATS, DAY_INPUT
from .views import bp

WHOLE_DEPARTMENT = ""


def cell_choices() -> list[tuple[str, str]]:
    """"form|measure" with the form's number and the column's full heading (latest layout)."""
    choices = []
    for form in ReportForm:
        layout = layouts_of(form)[-1]
        for measure in report_balances.balance_measures(form):
            column = next(c for c in layout.columns if c.measure == measure)
            heading = " – ".join((*column.groups, column.heading))
            choices.append((f"{form.value}|{measure}", f"{layout.number}: {heading} ({column.code})"))
    return choices


class BalanceForm(Form):
    cell = SelectField(_l("Biểu và cột"), choices=[], validators=[DataRequired()])
    unit_id = SelectField(_l("Đơn vị"), choices=[], default=WHOLE_DEPARTMENT)
    amount = IntegerField(_l("Số đơn, vụ việc chuyển sang"), validators=[
        InputRequired(message=_l("Vui lòng nhập số liệu.")),
        NumberRange(0, MAX_AMOUNT, message=_l("Số liệu phải từ 0 đến %(max)d.", max=MAX_AMOUNT))])
    as_of = DateField(_l("Tính từ kỳ bắt đầu ngày"), format=DAY_FORMATS, render_kw=DAY_INPUT,
                      validators=[InputRequired(message=_l("Vui lòng nhập ngày (dd/mm/yyyy)."))])

    def fill_choices(self, units):
        self.cell.choices = cell_choices()
        self.unit_id.choices = [(WHOLE_DEPARTMENT, _l("Toàn Sở (không chia đơn vị)"))] + [
            (str(u.id), u.name) for u in units]

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not date(2000, 1, 1) <= self.as_of.data <= date(2100, 12, 31):
            self.as_of.errors.append(_l("Năm phải từ %(min)s đến %(max)s.", min=2000, max=2100))
            return False
        return True


@bp.route("/so-lieu-dau-ky", methods=["GET", "POST"])
def report_balances_page():
    units = db.session.scalars(sa.select(Unit).order_by(Unit.name)).all()
    form = BalanceForm()
    form.fill_choices(units)
    status = 200
    if request.method == "POST":
        if form.validate():
            form_value, measure = form.cell.data.split("|", 1)
            try:
                report_balances.set_balance(
                    current_user, ReportForm(form_value), measure,
                    int(form.unit_id.data) if form.unit_id.data else None, form.amount.data, form.as_of.data,
                    now=utcnow())
            except BalanceRefused as refusal:
                target = {"measure": form.cell, "amount": form.amount, "unit_id": form.unit_id}.get(refusal.field,
                                                                                                   form.cell)
                target.errors.append(refusal.message)
            else:
                flash(_("Đã lưu số liệu đầu kỳ."), "success")
                return redirect(url_for("admin.report_balances_page"), code=303)
        status = 422
    labels = dict(cell_choices())
    return render_template("admin/report_balances.html", form=form, labels=labels,
                           balances=report_balances.list_balances()), status
