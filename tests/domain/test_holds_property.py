"""Holds against a day-by-day reference: for random periods, day units, holds and calendars the
due date is never inside a hold, never before the start, and equals the reference's."""
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from petition_app.domain.calendar import WorkingCalendar
from petition_app.domain.deadlines import DayUnit, Hold, run_period

DAY0 = date(2026, 1, 1)
SPAN = 120  # the days a random calendar, hold or start may touch, from DAY0
FAR = DAY0 + timedelta(days=1000)  # past any due date these periods can reach; an open hold ends here


def reference(calendar: WorkingCalendar, start: date, days: int, unit: DayUnit, holds: list[Hold]) -> date | None:
    """Walk day by day. A hold's start day counts, the days after it up to its end do not; the
    due date is the last counted day, moved forward while it is a rest day or a day on hold."""
    def not_counted(d):
        return any(h.start < d <= (h.end or FAR) for h in holds)

    def on_hold(d):
        return any(h.start <= d < (h.end or FAR) for h in holds)

    day, left = start, days
    while left:
        day += timedelta(days=1)
        if day >= FAR:
            return None
        if not_counted(day) or (unit is DayUnit.WORKING and not calendar.is_working_day(day)):
            continue
        left -= 1
    while not calendar.is_working_day(day) or on_hold(day):
        day += timedelta(days=1)
        if day >= FAR:
            return None
    return day


offsets = st.integers(min_value=0, max_value=SPAN)


@st.composite
def calendars(draw):
    holidays = {DAY0 + timedelta(days=n) for n in draw(st.sets(offsets, max_size=20))}
    workdays = {DAY0 + timedelta(days=n) for n in draw(st.sets(offsets, max_size=6))}
    return WorkingCalendar(holidays=holidays, workdays=workdays)


@st.composite
def hold_lists(draw, start: date, days: int):
    """Up to three holds starting around the period (where they matter), some still open."""
    holds = []
    for offset, length, still_open in draw(st.lists(
            st.tuples(st.integers(-5, 2 * days + 8), st.integers(0, 20), st.booleans()), max_size=3)):
        begins = start + timedelta(days=offset)
        holds.append(Hold(begins, None if still_open else begins + timedelta(days=length)))
    return holds


@settings(max_examples=300, deadline=None)
@given(calendar=calendars(), start=offsets, days=st.integers(1, 40), unit=st.sampled_from(DayUnit), data=st.data())
def test_a_due_date_is_never_inside_a_hold_and_matches_the_day_by_day_count(calendar, start, days, unit, data):
    start = DAY0 + timedelta(days=start)
    holds = data.draw(hold_lists(start, days))
    due, _ = run_period(calendar, start, days, unit, holds)
    assert due == reference(calendar, start, days, unit, holds)
    if due is not None:
        assert due > start
        assert calendar.is_working_day(due)
        assert not any(h.start <= due < (h.end or FAR) for h in holds)
