"""The working-day calendar: weekends, Vietnamese holidays, exchanged days, overrides."""
import random
from datetime import date, timedelta

import pytest

from petition_app.domain.calendar import WorkingCalendar

VN = WorkingCalendar.vietnam(range(2025, 2028))


def naive_is_working(d, holidays, workdays, weekend=(5, 6)):
    return d in workdays or (d.weekday() not in weekend and d not in holidays)


def naive_add(start, n, **rules):
    d = start
    while n:
        d += timedelta(days=1)
        if naive_is_working(d, **rules):
            n -= 1
    return d


def test_weekends_are_not_working_days():
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2026, 11, 27))  # Friday
    assert not calendar.is_working_day(date(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(date(2026, 11, 29))  # Sunday


def test_zero_working_days_is_the_start_itself_even_on_a_sunday():
    assert VN.add_working_days(date(2026, 11, 29), 0) == date(2026, 11, 29)


def test_period_starts_the_day_after():
    # Friday + 1 working day is Monday (BLDS 2015, Điều 147).
    assert WorkingCalendar().add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_ten_working_days_skip_tet_holidays():
    # Tết Bính Ngọ 2026: Mon 16/02 to Fri 20/02 off. From Friday 13/02, ten working days
    # are 23–27/02 and 02–06/03.
    assert VN.add_working_days(date(2026, 2, 13), 10) == date(2026, 3, 6)
    assert VN.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_reunification_and_labour_day_are_skipped():
    # 30/04 and 01/05/2026 (Thu, Fri) off: from Wednesday 29/04, 3 working days end Wednesday 06/05.
    assert VN.add_working_days(date(2026, 4, 29), 3) == date(2026, 5, 6)


def test_vietnam_culture_day_is_a_holiday_from_2026():
    assert not VN.is_working_day(date(2026, 11, 24))
    assert VN.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert VN.add_working_days(date(2026, 11, 20), 10) == date(2026, 12, 7)


def test_saturday_worked_in_exchange_is_a_working_day():
    # 2026: Monday 31/08 off in exchange for Saturday 22/08 worked.
    assert VN.is_working_day(date(2026, 8, 22))
    assert not VN.is_working_day(date(2026, 8, 31))
    assert VN.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_overrides_win_in_both_directions():
    calendar = WorkingCalendar.vietnam([2026], overrides={date(2026, 12, 31): False,
                                                           date(2026, 9, 2): True})
    assert not calendar.is_working_day(date(2026, 12, 31))
    assert calendar.is_working_day(date(2026, 9, 2))
    assert calendar.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)


def test_explicit_workdays_win_over_holidays_and_weekends():
    calendar = WorkingCalendar(holidays=[date(2026, 12, 1)], workdays=[date(2026, 12, 1), date(2026, 12, 5)])
    assert calendar.is_working_day(date(2026, 12, 1))
    assert calendar.is_working_day(date(2026, 12, 5))  # a Saturday


def test_working_days_between_counts_a_exclusive_b_inclusive():
    assert VN.working_days_between(date(2026, 11, 25), date(2026, 11, 25)) == 0
    assert VN.working_days_between(date(2026, 11, 25), date(2026, 12, 9)) == 10
    assert VN.working_days_between(date(2026, 12, 9), date(2026, 11, 25)) == -10
    assert VN.working_days_between(date(2026, 11, 27), date(2026, 11, 29)) == 0


def test_calendar_days_ending_on_a_rest_day_move_to_the_next_working_day():
    # 90 days from 27/07/2026 is Sunday 25/10: the period ends Monday 26/10 (BLDS, Điều 148).
    assert VN.add_calendar_days(date(2026, 7, 27), 90) == date(2026, 10, 26)
    # Ending on Culture Day (Tuesday 24/11) moves to Wednesday 25/11.
    assert VN.add_calendar_days(date(2026, 11, 14), 10) == date(2026, 11, 25)
    assert VN.add_calendar_days(date(2026, 11, 15), 10) == date(2026, 11, 25)
    assert VN.add_calendar_days(date(2026, 11, 16), 10) == date(2026, 11, 26)


def test_negative_periods_are_refused():
    with pytest.raises(ValueError):
        VN.add_working_days(date(2026, 1, 1), -1)


@pytest.mark.parametrize("year", [2019, 2031, 2045])
def test_years_outside_those_given_are_loaded_when_needed(year):
    import holidays

    calendar = WorkingCalendar.vietnam([2026])
    vn = holidays.country_holidays("VN", years=[year, year + 1])
    rules = {"holidays": set(vn), "workdays": {d for d in vn.weekend_workdays if d.year in (year, year + 1)}}
    start = date(year, 1, 2)
    for n in (1, 5, 20, 60, 200, 300):
        assert calendar.add_working_days(start, n) == naive_add(start, n, **rules)


def test_agrees_with_a_day_by_day_reference():
    rng = random.Random(2026)
    holidays = {date(2026, 1, 1) + timedelta(days=rng.randrange(730)) for _ in range(40)}
    workdays = {date(2026, 1, 3) + timedelta(days=7 * rng.randrange(100)) for _ in range(10)}
    calendar = WorkingCalendar(holidays=holidays, workdays=workdays)
    rules = {"holidays": holidays, "workdays": workdays}
    for _ in range(3000):
        start = date(2025, 6, 1) + timedelta(days=rng.randrange(900))
        n = rng.randrange(0, 400)
        end = calendar.add_working_days(start, n)
        assert end == naive_add(start, n, **rules)
        assert calendar.working_days_between(start, end) == n
        if n:
            assert calendar.is_working_day(end)
        other = start + timedelta(days=rng.randrange(-300, 300))
        expected = sum(naive_is_working(start + timedelta(days=i), **rules)
                       for i in range(1, (other - start).days + 1)) if other >= start else \
            -sum(naive_is_working(other + timedelta(days=i), **rules) for i in range(1, (start - other).days + 1))
        assert calendar.working_days_between(start, other) == expected


def test_non_working_days_say_why():
    days = dict(VN.non_working_days(date(2026, 11, 20), date(2026, 11, 30)))
    assert days == {date(2026, 11, 21): "weekend", date(2026, 11, 22): "weekend",
                    date(2026, 11, 24): "Ngày Văn hóa Việt Nam", date(2026, 11, 28): "weekend",
                    date(2026, 11, 29): "weekend"}
