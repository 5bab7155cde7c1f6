"""Statutory deadlines: periods, variants, holds that stop the clock, extensions within the law."""
from datetime import date

import pytest

from petition_app.domain.calendar import WorkingCalendar
from petition_app.domain.cases import CaseKind
from petition_app.domain.deadlines import (
    DEFAULT_POLICIES,
    Complexity,
    DayUnit,
    DeadlineState,
    ExtensionRefused,
    Hold,
    Phase,
    Variants,
    check_extension,
    compute_deadlines,
    run_period,
)

VN = WorkingCalendar.vietnam(range(2025, 2028))


def test_triage_is_ten_working_days_for_every_kind_but_information_requests():
    for kind, policy in DEFAULT_POLICIES.items():
        if kind is CaseKind.INFO_REQUEST:
            continue
        d = compute_deadlines(policy, VN, received_on=date(2026, 11, 25))
        assert d[Phase.TRIAGE].due == date(2026, 12, 9), kind


def test_complaint_acceptance_and_resolution_in_calendar_days():
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.COMPLAINT], VN, received_on=date(2026, 11, 2),
                          accepted_on=date(2026, 11, 10))
    assert d[Phase.ACCEPTANCE].due == date(2026, 11, 12)  # 10 days, Thursday
    # 30 days from 10/11 is Thursday 10/12.
    assert d[Phase.RESOLUTION].due == date(2026, 12, 10)
    assert d[Phase.RESOLUTION].period.citation == "Luật Khiếu nại 2011, Điều 28"


@pytest.mark.parametrize("complex_case,remote,days", [(False, False, 30), (True, False, 45), (False, True, 45),
                                                      (True, True, 60)])
def test_complaint_variants(complex_case, remote, days):
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.COMPLAINT], VN, received_on=date(2026, 1, 5),
                          accepted_on=date(2026, 1, 5), variants=Variants(complex_case=complex_case, remote=remote))
    assert d[Phase.RESOLUTION].days == days


@pytest.mark.parametrize("complex_case,remote,days", [(False, False, 45), (True, False, 60), (False, True, 60),
                                                      (True, True, 70)])
def test_a_second_time_complaint_has_the_longer_periods_of_article_37(complex_case, remote, days):
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.COMPLAINT], VN, received_on=date(2026, 3, 2),
                          accepted_on=date(2026, 3, 2),
                          variants=Variants(complex_case=complex_case, remote=remote, second_time=True))
    resolution = d[Phase.RESOLUTION]
    assert resolution.days == days and resolution.period.citation == "Luật Khiếu nại 2011, Điều 37"
    assert resolution.due == VN.add_calendar_days(date(2026, 3, 2), days)


def test_second_time_means_nothing_for_a_kind_without_that_period():
    first = compute_deadlines(DEFAULT_POLICIES[CaseKind.FEEDBACK], VN, received_on=date(2026, 3, 2),
                              accepted_on=date(2026, 3, 2))
    second = compute_deadlines(DEFAULT_POLICIES[CaseKind.FEEDBACK], VN, received_on=date(2026, 3, 2),
                               accepted_on=date(2026, 3, 2), variants=Variants(second_time=True))
    assert first[Phase.RESOLUTION].due == second[Phase.RESOLUTION].due


def test_a_calendar_period_ending_on_a_rest_day_moves_to_the_next_working_day():
    # 30 days from Friday 25/09/2026 is Sunday 25/10: the period ends Monday 26/10.
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.DENUNCIATION], VN, received_on=date(2026, 9, 20),
                          accepted_on=date(2026, 9, 25))
    assert d[Phase.RESOLUTION].due == date(2026, 10, 26)


def test_denunciation_acceptance_in_working_days_skips_tet():
    # Received Friday 13/02/2026, Tết 16–20/02: 7 working days are 23–27/02, 02 and 03/03.
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.DENUNCIATION], VN, received_on=date(2026, 2, 13))
    assert d[Phase.ACCEPTANCE].due == date(2026, 3, 3)


def test_a_hold_stops_the_clock_and_the_rest_continues_from_the_resume_date():
    policy = DEFAULT_POLICIES[CaseKind.PETITION]
    # Accepted Monday 02/11; 3 working days used (03, 04, 05/11), on hold from Thursday 05/11
    # to Monday 16/11; 12 working days remain from 16/11: 17–20, 23, 25–27, 30/11, 01–03/12.
    d = compute_deadlines(policy, VN, received_on=date(2026, 11, 2), accepted_on=date(2026, 11, 2),
                          holds=(Hold(date(2026, 11, 5), date(2026, 11, 16)),))
    assert d[Phase.RESOLUTION].due == date(2026, 12, 3)
    assert d[Phase.RESOLUTION].held_days == [(date(2026, 11, 5), date(2026, 11, 16))]


def test_resolution_without_a_hold_for_reference():
    # 15 working days from Monday 02/11/2026: 03–06, 09–13, 16–20 and Monday 23/11.
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.PETITION], VN, received_on=date(2026, 11, 2),
                          accepted_on=date(2026, 11, 2))
    assert d[Phase.RESOLUTION].due == date(2026, 11, 23)


def test_an_open_hold_pauses_every_running_deadline():
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.FEEDBACK], VN, received_on=date(2026, 11, 2),
                          holds=(Hold(date(2026, 11, 4), None),))
    assert d[Phase.TRIAGE].due is None
    assert d[Phase.TRIAGE].state(date(2026, 12, 31), VN, 3) is DeadlineState.PAUSED


def test_a_hold_after_a_deadline_passed_does_not_move_it():
    due, held = run_period(VN, date(2026, 11, 2), 3, DayUnit.WORKING, [Hold(date(2026, 11, 20), None)])
    assert due == date(2026, 11, 5) and held == []


def test_calendar_day_holds_count_calendar_days():
    # 30 days from 01/10; 10 days used, on hold 11/10–21/10, 20 days left from 21/10: 10/11 (Tuesday).
    due, _ = run_period(VN, date(2026, 10, 1), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 11), date(2026, 10, 21))])
    assert due == date(2026, 11, 10)


def test_extensions_lengthen_the_resolution_within_the_policy():
    policy = DEFAULT_POLICIES[CaseKind.DENUNCIATION]
    d = compute_deadlines(policy, VN, received_on=date(2026, 9, 1), accepted_on=date(2026, 9, 1),
                          extensions=(30,))
    assert d[Phase.RESOLUTION].days == 60 and d[Phase.RESOLUTION].extended_by == 30
    check_extension(policy, [30], 30, Complexity.ESPECIALLY_COMPLEX)
    with pytest.raises(ExtensionRefused, match="too_many"):
        check_extension(policy, [30, 30], 30, Complexity.ESPECIALLY_COMPLEX)
    with pytest.raises(ExtensionRefused, match="too_long"):
        check_extension(DEFAULT_POLICIES[CaseKind.PETITION], [], 16)
    with pytest.raises(ExtensionRefused, match="no_extension"):
        check_extension(DEFAULT_POLICIES[CaseKind.COMPLAINT], [], 10)


@pytest.mark.parametrize("today,state", [(date(2026, 12, 1), DeadlineState.ON_TRACK),
                                         (date(2026, 12, 4), DeadlineState.DUE_SOON),
                                         (date(2026, 12, 9), DeadlineState.DUE_SOON),
                                         (date(2026, 12, 10), DeadlineState.OVERDUE)])
def test_deadline_states(today, state):
    d = compute_deadlines(DEFAULT_POLICIES[CaseKind.FEEDBACK], VN, received_on=date(2026, 11, 25))
    assert d[Phase.TRIAGE].state(today, VN, 3) is state
