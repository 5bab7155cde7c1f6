"""The deadline dashboard: deadline states by unit and kind, ageing, on-time rates, the longest overdue.

States are computed when the page is read, from the stored due date and today's thresholds;
the sweep's ``deadline_state`` column is set to stale values here to show nothing reads it.
"""
import random
from datetime import date, datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Channel
from petition_app.domain.deadlines import DeadlineState
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services import dashboard
from petition_app.services.deadline_states import thresholds
from petition_app.staff import charts

TODAY = date(2026, 11, 25)  # a Wednesday; Tuesday 24/11 is a holiday
SOON = date(2026, 11, 30)  # three working days ahead: Thu 26, Fri 27, Mon 30
OVERDUE, DUE_SOON, ON_TRACK = DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.ON_TRACK


def counts(scope=dashboard.EVERY_UNIT):
    return dashboard.state_counts(thresholds(TODAY), scope)


def local(y, m, d, hh, mm=0):
    """A Vietnam local time (UTC+7) as an aware UTC moment."""
    return datetime(y, m, d, hh, mm, tzinfo=timezone(timedelta(hours=7))).astimezone(timezone.utc)


def add_case(unit=None, *, status=CaseStatus.IN_PROGRESS, kind=CaseKind.FEEDBACK, state=None, next_due=None,
             resolved_at=None, resolution_due=None, subject="Cân sai ở chợ", assignee=None, petitioner=None):
    """One case with just the facts the dashboard reads; ``state`` is what a sweep last wrote (if one ran)."""
    case = Case(tracking_code=new_tracking_code(), kind=kind, channel=Channel.ONLINE, status=status,
                subject=subject, content="Nội dung", unit_id=unit.id if unit else None,
                assignee_id=assignee.id if assignee else None, petitioner=petitioner,
                received_at=local(2026, 10, 1, 9), triage_due=date(2026, 10, 15), deadline_state=state,
                next_due=next_due, resolved_at=resolved_at, resolution_due=resolution_due)
    db.session.add(case)
    db.session.commit()
    return case


@pytest.fixture
def units(app, make_unit):
    return {"vp": make_unit("VP", "Văn phòng Sở"), "tdc": make_unit("CCTDC", "Chi cục TĐC"),
            "tt": make_unit("TTUD", "Trung tâm Ứng dụng")}


def test_open_cases_are_counted_by_their_state_now_per_unit_and_per_kind(units):
    vp, tdc = units["vp"], units["tdc"]
    add_case(vp, state=ON_TRACK, next_due=TODAY - timedelta(days=3))  # passed since the last sweep
    add_case(vp, kind=CaseKind.COMPLAINT, status=CaseStatus.ACCEPTED, next_due=TODAY)  # never swept
    add_case(vp, state=ON_TRACK, next_due=SOON)
    add_case(vp, state=DUE_SOON, next_due=SOON + timedelta(days=1))  # a stale "due soon"
    add_case(vp, state=OVERDUE, status=CaseStatus.CLOSED, next_due=TODAY - timedelta(days=40))
    add_case(vp, state=DUE_SOON, status=CaseStatus.RESOLVED, next_due=TODAY)
    add_case(tdc, kind=CaseKind.COMPLAINT, next_due=TODAY + timedelta(days=1))
    add_case(None, state=OVERDUE, kind=CaseKind.DENUNCIATION, status=CaseStatus.RECEIVED, next_due=TODAY)

    by_unit = [(r.label, r.overdue, r.due_soon) for r in dashboard.deadline_states_by_unit(counts())]
    assert by_unit == [("Văn phòng Sở", 1, 2), ("Chi cục TĐC", 0, 1), ("Chưa chuyển đơn vị", 0, 1),
                       ("Trung tâm Ứng dụng", 0, 0)]
    by_kind = {r.label: (r.overdue, r.due_soon) for r in dashboard.deadline_states_by_kind(counts())}
    assert by_kind == {"Phản ánh": (1, 1), "Khiếu nại": (0, 2), "Tố cáo": (0, 1), "Kiến nghị": (0, 0),
                       "Yêu cầu cung cấp thông tin": (0, 0)}


def test_a_unit_heads_scope_counts_only_that_unit(units):
    vp, tdc = units["vp"], units["tdc"]
    add_case(vp, next_due=TODAY - timedelta(days=1))
    mine = add_case(tdc, next_due=TODAY - timedelta(days=2))
    add_case(tdc, next_due=TODAY + timedelta(days=1))
    add_case(tdc, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 3, 9), resolution_due=date(2026, 11, 2))
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 3, 9), resolution_due=date(2026, 11, 9))
    scope = dashboard.Scope(tdc.id)

    assert [(r.label, r.overdue, r.due_soon) for r in dashboard.deadline_states_by_unit(counts(scope), scope)] == [
        ("Chi cục TĐC", 1, 1)]
    assert [item.case.id for item in dashboard.longest_overdue(thresholds(TODAY), scope)] == [mine.id]
    assert sum(b.count for b in dashboard.ageing(TODAY, scope)) == 2
    assert [r.label for r in dashboard.on_time_by_unit(date(2026, 11, 1), TODAY, scope)] == ["Chi cục TĐC"]


@pytest.mark.parametrize("days_left,bucket", [
    (-31, "Quá hạn trên 30 ngày"),
    (-30, "Quá hạn 16–30 ngày"),
    (-16, "Quá hạn 16–30 ngày"),
    (-15, "Quá hạn 6–15 ngày"),
    (-6, "Quá hạn 6–15 ngày"),
    (-5, "Quá hạn 1–5 ngày"),
    (-1, "Quá hạn 1–5 ngày"),
    (0, "Đến hạn trong 0–5 ngày"),
    (5, "Đến hạn trong 0–5 ngày"),
    (6, "Còn 6–15 ngày"),
    (15, "Còn 6–15 ngày"),
    (16, "Còn trên 15 ngày"),
    (None, "Tạm dừng hoặc không có hạn"),
])
def test_each_open_case_falls_in_the_bucket_of_its_days_to_the_deadline(units, days_left, bucket):
    due = None if days_left is None else TODAY + timedelta(days=days_left)
    add_case(units["vp"], status=CaseStatus.ON_HOLD if due is None else CaseStatus.IN_PROGRESS, next_due=due)
    add_case(units["vp"], status=CaseStatus.CLOSED, next_due=due)  # finished cases are not aged

    counts = {b.label: b.count for b in dashboard.ageing(TODAY)}
    assert counts[bucket] == 1
    assert sum(counts.values()) == 1
    assert len(counts) == 8


def test_on_time_rate_counts_cases_resolved_in_the_period_by_local_date(units):
    vp, tdc = units["vp"], units["tdc"]
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 10, 23, 30),
             resolution_due=date(2026, 11, 10))  # last evening of the deadline: on time
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 11, 0, 30),
             resolution_due=date(2026, 11, 10))  # still 10/11 in UTC, but late in Vietnam
    add_case(vp, status=CaseStatus.CLOSED, resolved_at=local(2026, 11, 1, 0, 10),
             resolution_due=date(2026, 11, 5))  # first minutes of the period
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 15, 23, 50),
             resolution_due=date(2026, 11, 20))  # last minutes of the period
    add_case(vp, status=CaseStatus.CLOSED, resolved_at=local(2026, 10, 31, 23, 50),
             resolution_due=date(2026, 11, 5))  # before the period
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 16, 0, 5),
             resolution_due=date(2026, 11, 5))  # after the period
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 5, 9))  # no resolution deadline
    add_case(tdc, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 3, 9), resolution_due=date(2026, 11, 2))

    rows = dashboard.on_time_by_unit(date(2026, 11, 1), date(2026, 11, 15))
    assert [(r.label, r.resolved, r.on_time, r.rate) for r in rows] == [
        ("Chi cục TĐC", 1, 0, 0.0), ("Văn phòng Sở", 4, 3, 0.75)]
    whole = dashboard.total(rows)
    assert (whole.resolved, whole.on_time, whole.rate) == (5, 3, 0.6)
    assert [(r.width, r.text) for row in charts.on_time_chart(rows).rows for r in row.bars] == [
        (0.0, "0%"), (75.0, "75%")]


def test_with_no_data_every_figure_is_zero_and_every_bar_empty(app):
    assert dashboard.deadline_states_by_unit(counts()) == []
    assert all(r.overdue == r.due_soon == 0 for r in dashboard.deadline_states_by_kind(counts()))
    ages = dashboard.ageing(TODAY)
    assert [b.count for b in ages] == [0] * 8
    assert dashboard.on_time_by_unit(date(2026, 1, 1), TODAY) == []
    assert dashboard.total([]).rate is None
    assert dashboard.longest_overdue(thresholds(TODAY)) == []

    assert charts.deadline_chart([]).rows == [] and charts.deadline_chart([]).height == 0
    assert [bar.width for row in charts.ageing_chart(ages).rows for bar in row.bars] == [0.0] * 8
    quiet = charts.deadline_chart(dashboard.deadline_states_by_kind(counts()))
    assert [bar.width for row in quiet.rows for bar in row.bars] == [0.0] * 10
    assert charts.percent(None) == "—"


def test_bars_share_one_scale_and_the_largest_fills_the_width(units):
    for _ in range(4):
        add_case(units["vp"], next_due=TODAY - timedelta(days=1))
    add_case(units["tdc"], next_due=TODAY + timedelta(days=1))

    chart = charts.deadline_chart(dashboard.deadline_states_by_unit(counts()))
    bars = {row.label: [(b.width, b.text, b.tone) for b in row.bars] for row in chart.rows}
    assert bars["Văn phòng Sở"] == [(100.0, "4 quá hạn", "overdue"), (0.0, "0 sắp đến hạn", "due_soon")]
    assert bars["Chi cục TĐC"] == [(0.0, "0 quá hạn", "overdue"), (25.0, "1 sắp đến hạn", "due_soon")]
    ys = [b.y for row in chart.rows for b in row.bars]
    assert ys == sorted(set(ys)) and chart.height > ys[-1]  # rows never overlap


def test_the_longest_overdue_come_first_and_at_most_twenty(units, make_user):
    handler = make_user(unit_code="VP")
    days = list(range(1, 23))
    random.Random(4).shuffle(days)
    made = {d: add_case(units["vp"], next_due=TODAY - timedelta(days=d), assignee=handler) for d in days}
    add_case(units["vp"], status=CaseStatus.CLOSED, state=OVERDUE, next_due=TODAY - timedelta(days=90))
    add_case(units["vp"], state=OVERDUE, next_due=TODAY)  # a stale state: due today is not overdue

    listed = dashboard.longest_overdue(thresholds(TODAY))
    assert [item.case.id for item in listed] == [made[d].id for d in range(22, 2, -1)]
    friday = next(item for item in dashboard.longest_overdue(thresholds(TODAY), limit=30)
                  if item.case.id == made[5].id)
    assert friday.case.next_due == date(2026, 11, 20)
    assert friday.working_days_overdue == 2  # Mon 23 and Wed 25; Tue 24/11 is a holiday
