"""The periodic reports built from a known month: every cell of every form in both layouts, every
cross-check, drill-downs equal to their figures, opening balances, who may read what."""
from datetime import date

import pytest
from werkzeug.exceptions import NotFound

from petition_app.clock import utcnow
from petition_app.domain.cases import Role
from petition_app.domain.reports import Check, Form, layouts_of
from petition_app.models import AdminEvent
from petition_app.services import report_balances, reports
from tests.services import report_helpers as h

EXPECTED = {Form.HANDLING: h.HANDLING, Form.RECEPTION: h.RECEPTION, Form.COMPLAINTS: h.COMPLAINTS,
            Form.DENUNCIATIONS: h.DENUNCIATIONS}


@pytest.fixture
def month(app, make_unit, make_user):
    return h.build_month(make_unit, make_user)


def _table(report):
    return {row.label: row.values for row in (*report.rows, report.total)}


@pytest.mark.parametrize("form", list(Form))
@pytest.mark.parametrize("version", [0, 1])
def test_every_cell_of_every_form_in_both_layouts(month, make_user, form, version):
    layout = layouts_of(form)[version]
    report = reports.build_report(make_user(Role.SUPERVISOR), layout, h.PERIOD)
    expected = {label: dict(cells) for label, cells in EXPECTED[form].items()}
    for label, cells in expected.items():
        for column in layout.columns:
            if column.measure is None:
                cells[column.code] = None
        if form is Form.RECEPTION and version == 1:
            cells["22"] = h.RECEPTION_ONLINE[label]
    assert _table(report) == expected
    assert report.broken == []


@pytest.mark.parametrize("form", list(Form))
def test_every_figure_drills_down_to_as_many_rows(month, make_user, form):
    supervisor = make_user(Role.SUPERVISOR)
    layout = layouts_of(form)[-1]
    report = reports.build_report(supervisor, layout, h.PERIOD)
    people = {"2", "4", "7", "10"} if form is Form.RECEPTION else set()
    for row in report.rows + [report.total]:
        unit = reports.ALL_UNITS if row is report.total else row.unit_id
        for code, figure in row.values.items():
            if figure is None or code in people:
                continue
            found = reports.drill_down(supervisor, layout, h.PERIOD, code, unit)
            assert found.count == figure == len(found.cases) + len(found.visits), (row.label, code)


def test_people_figures_drill_down_to_the_visits_that_bring_them(month, make_user):
    supervisor = make_user(Role.SUPERVISOR)
    layout = layouts_of(Form.RECEPTION)[0]
    found = reports.drill_down(supervisor, layout, h.PERIOD, "7")
    assert sum(v.people_count for v in found.visits) == 14


def test_a_unit_head_reads_their_units_figures_only(month, make_user):
    vp, tdc = month
    head = make_user(Role.UNIT_HEAD, "TDC")
    layout = layouts_of(Form.HANDLING)[0]
    report = reports.build_report(head, layout, h.PERIOD)
    assert [r.label for r in report.rows] == ["Chi cục TĐC"]
    assert report.total.values == h.HANDLING["Chi cục TĐC"] | {"26": None, "27": None}
    assert reports.drill_down(head, layout, h.PERIOD, "1", vp.id).count == 0
    assert reports.drill_down(head, layout, h.PERIOD, "1").count == 2


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION])
def test_others_may_not_read_reports(month, make_user, role):
    user = make_user(role)
    layout = layouts_of(Form.HANDLING)[0]
    with pytest.raises(NotFound):
        reports.build_report(user, layout, h.PERIOD)
    with pytest.raises(NotFound):
        reports.drill_down(user, layout, h.PERIOD, "1")


def test_admins_read_the_figures_but_not_the_visits_behind_them(month, make_user):
    admin = make_user(Role.ADMIN)
    layout = layouts_of(Form.RECEPTION)[0]
    assert reports.build_report(admin, layout, h.PERIOD).total.values["1"] == 4
    with pytest.raises(NotFound):
        reports.drill_down(admin, layout, h.PERIOD, "1")


def test_opening_balances_feed_their_columns_from_their_day_and_are_audited(month, make_user):
    vp, tdc = month
    admin = make_user(Role.ADMIN)
    report_balances.set_balance(admin, Form.COMPLAINTS, "complaints.carried", vp.id, 5, date(2026, 10, 15),
                                now=utcnow())
    report_balances.set_balance(admin, Form.HANDLING, "handling.carried.other", None, 7, date(2026, 10, 15),
                                now=utcnow())
    supervisor = make_user(Role.SUPERVISOR)
    complaints = reports.build_report(supervisor, layouts_of(Form.COMPLAINTS)[0], h.PERIOD)
    vp_row = next(r for r in complaints.rows if r.unit_id == vp.id)
    assert (vp_row.values["1"], vp_row.values["2"], vp_row.values["11"]) == (8, 6, 5)
    assert complaints.broken == []
    handling = reports.build_report(supervisor, layouts_of(Form.HANDLING)[0], h.PERIOD)
    assert (handling.total.values["1"], handling.total.values["4"]) == (15, 7)
    assert handling.broken == []
    # Not in a period that starts before the balance's day.
    earlier = h.preset_period(h.Preset.SECTOR_MONTH, 2026, 10)
    assert reports.build_report(supervisor, layouts_of(Form.COMPLAINTS)[0], earlier).total.values["2"] <= 2
    report_balances.set_balance(admin, Form.COMPLAINTS, "complaints.carried", vp.id, 3, date(2026, 10, 15),
                                now=utcnow())
    events = AdminEvent.query.filter_by(action="report_balance.saved").order_by(AdminEvent.id).all()
    assert [e.data["before"] for e in events] == [None, None, {"amount": 5, "as_of": "2026-10-15"}]


@pytest.mark.parametrize("role, form, measure, amount, field", [
    (Role.SUPERVISOR, Form.COMPLAINTS, "complaints.carried", 1, None),
    (Role.ADMIN, Form.COMPLAINTS, "complaints.resolved", 1, "measure"),
    (Role.ADMIN, Form.COMPLAINTS, "complaints.carried", -1, "amount"),
])
def test_bad_opening_balances_are_refused(app, make_user, role, form, measure, amount, field):
    with pytest.raises(report_balances.BalanceRefused) as refused:
        report_balances.set_balance(make_user(role), form, measure, None, amount, date(2026, 1, 1), now=utcnow())
    assert refused.value.field == field


def test_a_broken_cross_check_is_reported(month, make_user):
    """A resolved complaint without an outcome (data from before outcomes were required) breaks
    (4) = (5) + (6) + (7) + (8): the report says so instead of hiding it."""
    vp, _ = month
    h.add_case(vp, h.CaseKind.COMPLAINT, h.local(10, 16), status=h.S.RESOLVED, accepted=h.local(10, 17),
               resolved=h.local(10, 30), eligible=True, within=True)
    report = reports.build_report(make_user(Role.SUPERVISOR), layouts_of(Form.COMPLAINTS)[0], h.PERIOD)
    assert Check("4", ("5", "6", "7", "8")) in report.broken
