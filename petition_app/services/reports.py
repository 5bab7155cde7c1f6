"""The department's periodic reports (báo cáo định kỳ): build a statistical form for a period,
per unit, in one aggregate query; list the cases or visits behind any figure.

Each column's figure is ``SUM(CASE WHEN universe AND measure …)`` grouped by unit
(services/report_measures.py) — the cost follows the period's rows, never a loop over cases in
Python. Opening balances entered by admins (services/report_balances.py) are added to the
carried-over columns and to the columns they feed. Every build evaluates the form's
cross-checks per row; a broken one is returned for the page to show.

Who reads: domain/access.py, REPORT_READERS (leadership and admins every unit, a unit head their
unit). A drill-down applies the queue's visibility (services/cases.visible_to) and lists no
personal data, so a denouncer's identity never shows; visits are listed only to those who may
read the reception log.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from ..domain.access import REPORT_READERS, ReportScope
from ..domain.report_periods import Period
from ..domain.reports import Check, Layout, Subject, evaluate_checks
from ..extensions import db
from ..models import Case, Unit, User, Visit
from . import access
from .cases import visible_to
from .report_balances import balances_for
from .report_measures import (
    CASE_MEASURES,
    CASE_UNIVERSES,
    PEOPLE_MEASURES,
    Window,
    case_facts,
    visit_predicate,
    visit_universe,
)

DRILL_DOWN_LIMIT = 500
NO_UNIT = None


@dataclass(frozen=True)
class Scope:
    unit_id: int | None = None  # None: every unit

    def where(self, column) -> sa.ColumnElement[bool]:
        return sa.true() if self.unit_id is None else column == self.unit_id


def scope_of(user: User) -> Scope | None:
    """The units whose figures ``user`` reads, or None: the reports are not theirs to read."""
    scope = REPORT_READERS.get(user.role)
    if scope is ReportScope.EVERY_UNIT:
        return Scope()
    if scope is ReportScope.OWN_UNIT and user.unit_id is not None:
        return Scope(user.unit_id)
    return None


def _require_scope(user: User) -> Scope:
    scope = scope_of(user)
    if scope is None:
        raise NotFound()
    return scope


@dataclass
class ReportRow:
    unit_id: int | None
    label: str
    values: dict[str, int | None]  # column code -> figure (None: a column the data cannot fill)
    broken: list[Check] = field(default_factory=list)


@dataclass
class Report:
    layout: Layout
    period: Period
    rows: list[ReportRow]
    total: ReportRow
    unit_id: int | None  # the reader's scope

    @property
    def broken(self) -> list[Check]:
        return [c for row in (*self.rows, self.total) for c in row.broken]


def _without_jit() -> None:
    """PostgreSQL's JIT compiles a form's fifty CASE expressions for longer than the query runs
    (1.5 s of 2.1 s for 01/XLD over 100,000 cases): off for this transaction only."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))


def _figures_by_unit(layout: Layout, w: Window, scope: Scope) -> dict[int | None, dict[str, int]]:
    _without_jit()
    measures = sorted({c.measure for c in layout.columns if c.measure})
    if layout.subject is Subject.VISITS:
        unit = User.unit_id
        sums = [sa.func.sum(sa.case((visit_predicate(m), Visit.people_count if m in PEOPLE_MEASURES else 1),
                                    else_=0)) for m in measures]
        query = (sa.select(unit, *sums).select_from(Visit).join(User, User.id == Visit.officer_id)
                 .where(visit_universe(w), scope.where(unit)).group_by(unit))
    else:
        facts = case_facts(layout.form, w)
        f = facts.c
        unit = f.unit_id
        sums = [sa.func.sum(sa.case((CASE_MEASURES[m](w, f), 1), else_=0)) for m in measures]
        query = (sa.select(unit, *sums).select_from(facts)
                 .where(CASE_UNIVERSES[layout.form](w, f), scope.where(unit)).group_by(unit))
    return {row[0]: {m: int(v or 0) for m, v in zip(measures, row[1:], strict=True)}
            for row in db.session.execute(query)}


def build_report(user: User, layout: Layout, period: Period) -> Report:
    """The form ``layout`` for ``period`` as ``user`` may read it: one row per unit, a total row,
    and the cross-checks each breaks."""
    return compute_report(layout, period, _require_scope(user))


def compute_report(layout: Layout, period: Period, scope: Scope = Scope()) -> Report:
    """The form for ``scope`` without asking who reads it (the shell's `flask reports build`)."""
    figures = _figures_by_unit(layout, Window(period), scope)
    for unit_id, measure, amount in balances_for(layout, period, scope.unit_id):
        row = figures.setdefault(unit_id, {})
        row[measure] = row.get(measure, 0) + amount
    units = db.session.scalars(sa.select(Unit).where(
        sa.or_(Unit.is_active, Unit.id.in_([k for k in figures if k is not None])), scope.where(Unit.id))
        .order_by(Unit.name)).all()
    labels = [(u.id, u.name) for u in units]
    if NO_UNIT in figures and scope.unit_id is None:
        labels.append((NO_UNIT, _("Chưa chuyển đơn vị")))
    rows = [_row(layout, unit_id, name, figures.get(unit_id, {})) for unit_id, name in labels]
    totals: dict[str, int] = {}
    for unit_figures in figures.values():
        for measure, amount in unit_figures.items():
            totals[measure] = totals.get(measure, 0) + amount
    total_label = _("Tổng cộng") if scope.unit_id is None else _("Cộng")
    return Report(layout, period, rows, _row(layout, None, total_label, totals), scope.unit_id)


def _row(layout: Layout, unit_id: int | None, label: str, figures: dict[str, int]) -> ReportRow:
    values = {c.code: (figures.get(c.measure, 0) if c.measure else None) for c in layout.columns}
    filled = {code: v for code, v in values.items() if v is not None}
    return ReportRow(unit_id, label, values, evaluate_checks(layout, filled))


@dataclass
class DrillDown:
    cases: list[Case]
    visits: list[Visit]
    count: int  # every row behind the figure (the lists stop at DRILL_DOWN_LIMIT)


ALL_UNITS = "all"


def drill_down(user: User, layout: Layout, period: Period, code: str, unit: int | None | str = ALL_UNITS,
               *, limit: int = DRILL_DOWN_LIMIT) -> DrillDown:
    """The cases or visits behind the figure in column ``code`` of ``unit``'s row (``ALL_UNITS``:
    the total row; None: unrouted cases), with the reader's scope and visibility; opening
    balances have no rows behind them."""
    scope = _require_scope(user)
    column = next((c for c in layout.columns if c.code == code and c.measure), None)
    if column is None:
        raise NotFound()
    w = Window(period)
    _without_jit()
    if layout.subject is Subject.VISITS:
        if not access.may_read_log(user):
            raise NotFound()
        where = [visit_universe(w), visit_predicate(column.measure), scope.where(User.unit_id)]
        if unit != ALL_UNITS:
            where.append(User.unit_id.is_(None) if unit is None else User.unit_id == unit)
        base = sa.select(Visit).join(User, User.id == Visit.officer_id).where(*where)
        count = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
        visits = db.session.scalars(base.order_by(Visit.visited_at, Visit.id).limit(limit)).all()
        return DrillDown([], list(visits), count)
    facts = case_facts(layout.form, w)
    f = facts.c
    where = [CASE_UNIVERSES[layout.form](w, f), CASE_MEASURES[column.measure](w, f), scope.where(Case.unit_id),
             visible_to(user)]
    if unit != ALL_UNITS:
        where.append(Case.unit_id.is_(None) if unit is None else Case.unit_id == unit)
    base = sa.select(Case).join(facts, facts.c.id == Case.id).where(*where)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery()))
    cases = db.session.scalars(base.order_by(Case.received_at, Case.id).limit(limit)).all()
    return DrillDown(list(cases), [], count)
