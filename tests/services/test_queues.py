"""Queues: views, filters, search, sort, keyset pages, counts — never a case one may not see."""
from datetime import date, datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, Role
from petition_app.domain.deadlines import DeadlineState
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services.deadline_states import thresholds
from petition_app.services.queues import Filters, Sort, View, count_views, list_cases

TODAY = date(2026, 11, 25)
SOON = date(2026, 11, 30)  # the last due date that is "due soon" on TODAY (three working days)
BASE = datetime(2026, 11, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(app, make_unit, make_user):
    vp, tdc = make_unit("VP", "Văn phòng"), make_unit("CCTDC", "Chi cục")
    people = {
        "reception": make_user(Role.RECEPTION, "VP"), "handler": make_user(Role.HANDLER, "CCTDC"),
        "head": make_user(Role.UNIT_HEAD, "CCTDC"), "supervisor": make_user(Role.SUPERVISOR, "VP"),
    }
    rows = []
    for i in range(30):
        status = [CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.ON_HOLD, CaseStatus.CLOSED][i % 4]
        unit = vp if status is CaseStatus.RECEIVED else tdc
        # The clock runs for received and accepted cases; on hold or closed, there is no deadline.
        due = TODAY + timedelta(days=(i % 9) - 4) if status in (CaseStatus.RECEIVED, CaseStatus.ACCEPTED) else None
        rows.append(Case(
            tracking_code=new_tracking_code(), kind=[CaseKind.FEEDBACK, CaseKind.COMPLAINT][i % 2],
            channel=Channel.ONLINE if i % 3 else Channel.POST, status=status,
            subject=f"Đơn số {i}" + (" về cân điện tử" if i % 5 == 0 else ""), content="Nội dung",
            unit_id=unit.id, assignee_id=people["handler"].id if i % 4 == 1 else None,
            received_at=BASE + timedelta(days=i % 20, hours=i), triage_due=TODAY + timedelta(days=(i % 9) - 4),
            next_due=due,  # no sweep has run: the views compare next_due with today's thresholds
            category="standards_metrology_quality" if i % 2 else None, created_at=BASE,
            updated_at=BASE + timedelta(hours=i)))
    db.session.add_all(rows)
    db.session.commit()
    return people, rows


def all_pages(user, view, filters, page_size=7):
    seen, cursor = [], None
    while True:
        page = list_cases(user, view, filters, today=TODAY, cursor=cursor, page_size=page_size)
        seen += page.cases
        cursor = page.next_cursor
        if cursor is None:
            return seen


@pytest.mark.parametrize("sort", list(Sort))
def test_keyset_pages_walk_every_row_once_in_order(world, sort):
    people, rows = world
    seen = all_pages(people["supervisor"], View.ALL, Filters(sort=sort))
    assert sorted(c.id for c in seen) == sorted(c.id for c in rows)
    if sort is Sort.DEADLINE:  # the nearest deadline first, cases without one last
        keys = [(c.next_due is None, c.next_due or date.max, c.id) for c in seen]
        assert keys == sorted(keys) and keys[-1][0] and not keys[0][0]
    else:
        keys = [(getattr(c, {"received": "received_at", "updated": "updated_at"}[sort.value]), c.id) for c in seen]
        assert keys == sorted(keys, reverse=True)


def test_views_select_what_they_say(world):
    people, rows = world
    handler = people["handler"]
    assert {c.id for c in all_pages(handler, View.MINE, Filters())} == {
        c.id for c in rows if c.assignee_id == handler.id and c.status is not CaseStatus.CLOSED}
    assert all(c.status is CaseStatus.ON_HOLD for c in all_pages(handler, View.ON_HOLD, Filters()))
    overdue = all_pages(people["supervisor"], View.OVERDUE, Filters())
    assert {c.id for c in overdue} == {c.id for c in rows if c.next_due and c.next_due < TODAY}
    assert {c.status for c in overdue} == {CaseStatus.RECEIVED, CaseStatus.ACCEPTED}
    soon = all_pages(people["supervisor"], View.DUE_SOON, Filters())
    # Three working days ahead of Wednesday 25/11 is Monday 30/11 (Tuesday 24/11 is a holiday).
    assert {c.id for c in soon} == {c.id for c in rows if c.next_due and TODAY <= c.next_due <= SOON}
    assert {c.next_due for c in soon} >= {TODAY, date(2026, 11, 29)}


def test_the_views_read_the_clock_not_a_stale_sweep(world):
    """A sweep that last ran days ago left states behind; the views and their badges are right now."""
    people, rows = world
    late, soon, later = (next(c for c in rows if c.next_due == TODAY + timedelta(days=d)) for d in (-1, 2, 4))
    late.deadline_state, soon.deadline_state, later.deadline_state = (
        DeadlineState.ON_TRACK, DeadlineState.OVERDUE, DeadlineState.OVERDUE)
    db.session.commit()
    supervisor = people["supervisor"]
    page = list_cases(supervisor, View.ALL, Filters(), today=TODAY, page_size=100)
    assert page.states[late.id] is DeadlineState.OVERDUE
    assert page.states[soon.id] is DeadlineState.DUE_SOON and page.states[later.id] is DeadlineState.DUE_SOON
    assert late.id in {c.id for c in all_pages(supervisor, View.OVERDUE, Filters())}
    assert soon.id not in {c.id for c in all_pages(supervisor, View.OVERDUE, Filters())}
    three_days_on = list_cases(supervisor, View.ALL, Filters(), today=TODAY + timedelta(days=3), page_size=100)
    assert three_days_on.states[soon.id] is DeadlineState.OVERDUE
    assert all(page.states[c.id] is None for c in rows if c.status is CaseStatus.CLOSED)


def test_a_handler_never_sees_another_units_cases(world):
    people, rows = world
    for view in (View.NEW, View.UNIT, View.OVERDUE):
        assert all(c.unit.code == "CCTDC" for c in all_pages(people["handler"], view, Filters()))
    with pytest.raises(ValueError):
        list_cases(people["handler"], View.ALL, Filters(), today=TODAY)


def test_filters_and_search(world):
    people, rows = world
    sup = people["supervisor"]
    found = all_pages(sup, View.ALL, Filters(kind=CaseKind.COMPLAINT, channel=Channel.POST))
    assert found and all(c.kind is CaseKind.COMPLAINT and c.channel is Channel.POST for c in found)
    expected = {c.id for c in rows if "cân điện tử" in c.subject}
    assert expected and {c.id for c in all_pages(sup, View.ALL, Filters(text="cân điện"))} == expected
    assert {c.id for c in all_pages(sup, View.ALL, Filters(text="ĐƠN SỐ 1"))} >= {rows[1].id}
    window = all_pages(sup, View.ALL, Filters(received_from=date(2026, 11, 3), received_to=date(2026, 11, 4)))
    assert window and all(date(2026, 11, 3) <= (c.received_at + timedelta(hours=7)).date() <= date(2026, 11, 4)
                          for c in window)
    assert all_pages(sup, View.ALL, Filters(text="100%_\\")) == []


def test_counts_match_the_views(world):
    people, _ = world
    for who in ("reception", "handler", "supervisor"):
        user = people[who]
        counts = count_views(user, thresholds(TODAY))
        for view, count in counts.items():
            assert count == len(all_pages(user, view, Filters(), page_size=100)), (who, view)


def test_a_forged_cursor_starts_from_the_beginning(world):
    people, _ = world
    first = list_cases(people["supervisor"], View.ALL, Filters(), today=TODAY, cursor="not-a-cursor!!")
    again = list_cases(people["supervisor"], View.ALL, Filters(), today=TODAY)
    assert [c.id for c in first.cases] == [c.id for c in again.cases]


def test_a_search_pages_through_dated_and_undated_cases_alike(world):
    people, rows = world
    seen = all_pages(people["supervisor"], View.ALL, Filters(text="Đơn số"), page_size=4)
    assert sorted(c.id for c in seen) == sorted(c.id for c in rows)
    keys = [(c.next_due is None, c.next_due or date.max, c.id) for c in seen]
    assert keys == sorted(keys)
