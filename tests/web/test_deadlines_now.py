"""Deadlines are true on every page at the moment it is shown, whether or not a sweep ran;
finished phases read as done; extensions are offered only where the policy allows one."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services.workflow import ActionInput, take_action
from petition_app.services.working_calendar import working_calendar
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def units(app, make_unit):
    return make_unit("VP", "Văn phòng Sở"), make_unit("CCTDC", "Chi cục TĐC")


def file(app, kind):
    submit(app.test_client(), VALID[kind])
    return db.session.scalars(sa.select(Case).order_by(Case.id.desc())).first()


def act(case, action, actor, clock, **given):
    db.session.refresh(case)
    return take_action(case.id, action, actor, version=case.version, now=clock.now, given=ActionInput(**given))


def tab_count(body, view):
    return int(re.search(rf'href="/staff/\?view={view}"[^>]*>[^<]+<span class="count">(\d+)</span>', body).group(1))


def test_a_deadline_that_passed_without_a_sweep_is_overdue_on_every_page(app, client, login, units, clock,
                                                                         make_user):
    tdc = units[1]
    supervisor = make_user(Role.SUPERVISOR, "VP")
    case = file(app, "feedback")
    act(case, Action.ACCEPT, supervisor, clock, unit_id=tdc.id)
    due = case.next_due
    clock.set(clock.now + timedelta(days=40))  # no scheduler: nothing touched the case since
    assert case.deadline_state is None
    login(user=supervisor)

    queue = client.get("/staff/?view=overdue").get_data(as_text=True)
    assert case.tracking_code in queue
    assert tab_count(queue, "overdue") == 1 and tab_count(queue, "due_soon") == 0
    assert '<span class="badge badge-overdue">Quá hạn</span>' in queue

    dashboard = client.get("/staff/dashboard").get_data(as_text=True)
    unit_row = re.search(r'<th scope="row">Chi cục TĐC</th>((?:<td class="num">\d+</td>)+)', dashboard).group(1)
    assert re.findall(r">(\d+)<", unit_row) == ["1", "0"]
    overdue_table = dashboard[dashboard.index('id="overdue-title"'):]
    assert case.tracking_code in overdue_table and due.strftime("%d/%m/%Y") in overdue_table

    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    resolution = re.search(r'<div class="deadline deadline-(\w+)" id="deadline-resolution">', page)
    assert resolution.group(1) == "overdue"


def test_due_soon_starts_three_working_days_ahead_with_no_sweep(app, client, login, units, clock, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    case = file(app, "feedback")
    act(case, Action.ACCEPT, supervisor, clock, unit_id=units[1].id)
    calendar = working_calendar()
    first = clock.now.date()
    while calendar.add_working_days(first, 3) < case.next_due:
        first += timedelta(days=1)
    login(user=supervisor)
    clock.set(datetime.combine(first - timedelta(days=1), clock.now.time(), timezone.utc))
    assert tab_count(client.get("/staff/").get_data(as_text=True), "due_soon") == 0
    clock.set(datetime.combine(first, clock.now.time(), timezone.utc))
    body = client.get("/staff/?view=due_soon").get_data(as_text=True)
    assert case.tracking_code in body and tab_count(body, "due_soon") == 1
    assert '<span class="badge badge-due_soon">Sắp đến hạn</span>' in body
    clock.set(datetime.combine(case.next_due + timedelta(days=1), clock.now.time(), timezone.utc))
    assert tab_count(client.get("/staff/").get_data(as_text=True), "overdue") == 1


def test_finished_phases_read_as_done_on_time_or_late(app, client, login, units, clock, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    on_time = file(app, "complaint")
    clock.set(clock.now + timedelta(days=20))  # received Wednesday 25/11/2026, accepted Tuesday 15/12
    late = file(app, "complaint")
    act(on_time, Action.ACCEPT, supervisor, clock, unit_id=units[1].id)
    login(user=supervisor)

    page = client.get(f"/staff/cases/{on_time.id}").get_data(as_text=True)
    triage = page[page.index('id="deadline-triage"'):page.index('id="deadline-acceptance"')]
    acceptance = page[page.index('id="deadline-acceptance"'):page.index('id="deadline-resolution"')]
    assert "Đã xử lý đơn ngày 15/12/2026, trễ 6 ngày" in triage  # due Wednesday 09/12
    assert "Đã thụ lý ngày 15/12/2026, trễ 8 ngày" in acceptance  # due Monday 07/12
    assert "Sắp đến hạn" not in triage + acceptance and "Quá hạn" not in triage + acceptance
    assert 'class="deadline deadline-late" id="deadline-acceptance"' in page

    act(late, Action.ACCEPT, supervisor, clock, unit_id=units[1].id)
    page = client.get(f"/staff/cases/{late.id}").get_data(as_text=True)
    assert "Đã thụ lý ngày 15/12/2026, trong hạn" in page
    assert 'class="deadline deadline-done" id="deadline-acceptance"' in page


def test_a_calendar_day_period_lists_only_the_rest_days_that_moved_its_end(app, client, login, units, clock):
    case = file(app, "complaint")  # acceptance: 10 days from Wednesday 25/11 is Saturday 05/12
    login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    acceptance = page[page.index('id="deadline-acceptance"'):page.index('id="deadline-resolution"')
                      if 'id="deadline-resolution"' in page else None]
    assert "07/12/2026" in acceptance
    moved = re.findall(r"<li>(\d\d/\d\d/\d{4}) — ", acceptance)
    assert moved == ["05/12/2026", "06/12/2026"]  # not the weekend of 28–29/11 it counted like any day


def extend_form(body):
    return re.search(r'<details[^>]*id="action-extend">.*?</details>', body, re.S)


def test_an_extension_is_offered_only_while_the_policy_allows_one(app, client, login, units, clock, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    complaint, feedback = file(app, "complaint"), file(app, "feedback")
    for case in (complaint, feedback):
        act(case, Action.ACCEPT, supervisor, clock, unit_id=units[1].id)
    login(user=supervisor)

    assert extend_form(client.get(f"/staff/cases/{complaint.id}").get_data(as_text=True)) is None
    form = extend_form(client.get(f"/staff/cases/{feedback.id}").get_data(as_text=True)).group(0)
    assert re.search(r'<input[^>]*id="extend-days"[^>]*>', form)
    days = re.search(r'<input[^>]*id="extend-days"[^>]*>', form).group(0)
    assert 'max="15"' in days and 'min="1"' in days
    assert "Từ 1 đến 15 ngày; đã gia hạn 0 lần." in form

    act(feedback, Action.EXTEND, supervisor, clock, days=5, note="Cần xác minh thêm tại cơ sở")
    assert extend_form(client.get(f"/staff/cases/{feedback.id}").get_data(as_text=True)) is None


def test_the_case_page_names_the_assignee_and_groups_people_by_unit(app, client, login, units, clock, make_user):
    vp, tdc = units
    supervisor = make_user(Role.SUPERVISOR, "VP")
    handler = make_user(Role.HANDLER, "CCTDC")
    handler.full_name = "Trần Văn Minh"
    make_user(Role.HANDLER, "VP")
    db.session.commit()
    case = file(app, "feedback")
    act(case, Action.ACCEPT, supervisor, clock, unit_id=tdc.id)
    login(user=supervisor)
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert re.search(r'<dd id="case-assignee">Chưa giao cho ai</dd>', page)
    select = re.search(r'<select[^>]*id="assign-assignee_id".*?</select>', page, re.S).group(0)
    assert 'data-people-of="assign-unit_id"' in select and f'data-case-unit="{tdc.id}"' in select
    assert re.search(rf'<optgroup label="Chi cục TĐC"><option data-unit="{tdc.id}" value="{handler.id}">'
                     r'Trần Văn Minh \(CCTDC\)</option>', select)
    assert '<optgroup label="Văn phòng Sở"><option data-unit="' in select  # app.js hides it while CCTDC is chosen
    assert 'value="None"' not in page and ">None<" not in page

    act(case, Action.ASSIGN, supervisor, clock, assignee_id=handler.id)
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert '<dd id="case-assignee">Trần Văn Minh</dd>' in page
