"""Opening balances of the statistical forms (số liệu kỳ trước chuyển sang): cases carried over
from before the system was used, entered by admins per form, carried-over column and unit.

A balance counts in every period starting on or after its ``as_of`` day, in its column and in the
columns it feeds (domain/reports.py, BALANCE_FEEDS): such a case was never handled here.
Each change is written to the admins' audit trail with the previous and new amount.
"""
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain.cases import Role
from ..domain.report_periods import Period
from ..domain.reports import BALANCE_FEEDS, Form, Layout, layouts_of
from ..extensions import db
from ..models import ReportOpeningBalance, Unit, User
from .audit import record_admin_event
from .refusals import Refused

MAX_AMOUNT = 1_000_000


class BalanceRefused(Refused):
    """An opening balance that cannot be saved."""


def balances_for(layout: Layout, period: Period, unit_id: int | None) -> list[tuple[int | None, str, int]]:
    """(unit id, measure, amount) to add to ``layout``'s figures for ``period`` (``unit_id``: the
    reader's unit, or None for every unit), the fed columns included."""
    measures = {c.measure for c in layout.columns if c.measure}
    query = sa.select(ReportOpeningBalance).where(
        ReportOpeningBalance.form == layout.form.value, ReportOpeningBalance.as_of <= period.start,
        ReportOpeningBalance.measure.in_([m for m in BALANCE_FEEDS if m in measures]))
    if unit_id is not None:
        query = query.where(ReportOpeningBalance.unit_id == unit_id)
    result = []
    for balance in db.session.scalars(query):
        for measure in (balance.measure, *BALANCE_FEEDS[balance.measure]):
            if measure in measures:
                result.append((balance.unit_id, measure, balance.amount))
    return result


def list_balances() -> list[ReportOpeningBalance]:
    return list(db.session.scalars(sa.select(ReportOpeningBalance).order_by(
        ReportOpeningBalance.form, ReportOpeningBalance.measure, ReportOpeningBalance.unit_id)))


def balance_measures(form: Form) -> list[str]:
    """The measures of ``form`` (any layout) a balance may be entered against."""
    return sorted({c.measure for lay in layouts_of(form) for c in lay.columns if c.measure in BALANCE_FEEDS})


def set_balance(actor: User, form: Form, measure: str, unit_id: int | None, amount: int, as_of: date,
                *, now: datetime) -> ReportOpeningBalance:
    """Enter or change one opening balance (admins only), audited with the previous amount."""
    if actor.role is not Role.ADMIN:
        raise BalanceRefused(None, _("Chỉ quản trị viên được nhập số liệu đầu kỳ."))
    if measure not in balance_measures(form):
        raise BalanceRefused("measure", _("Cột này không nhận số liệu đầu kỳ."))
    if not 0 <= amount <= MAX_AMOUNT:
        raise BalanceRefused("amount", _("Số liệu phải từ 0 đến %(max)d.", max=MAX_AMOUNT))
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise BalanceRefused("unit_id", _("Không có đơn vị này."))
    balance = db.session.scalar(sa.select(ReportOpeningBalance).where(
        ReportOpeningBalance.form == form.value, ReportOpeningBalance.measure == measure,
        ReportOpeningBalance.unit_id.is_(None) if unit_id is None else ReportOpeningBalance.unit_id == unit_id))
    before = None if balance is None else {"amount": balance.amount, "as_of": balance.as_of.isoformat()}
    if balance is None:
        balance = ReportOpeningBalance(form=form.value, measure=measure, unit_id=unit_id)
        db.session.add(balance)
    balance.amount, balance.as_of, balance.updated_at, balance.updated_by_id = amount, as_of, now, actor.id
    record_admin_event("report_balance.saved", actor=actor, now=now, data={
        "form": form.value, "measure": measure, "unit_id": unit_id, "before": before,
        "after": {"amount": amount, "as_of": as_of.isoformat()}})
    db.session.commit()
    return balance
