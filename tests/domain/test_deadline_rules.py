"""The rules of issue 9, with dates worked out by hand on the 2026–2027 calendar: Tết 16–20/02/2026,
30/4–1/5, the 2/9 block (Monday 31/8 swapped for Saturday 22/8), 24/11/2026 and New Year 2027."""
from datetime import date

import pytest

from petition_app.domain.calendar import WorkingCalendar
from petition_app.domain.cases import CaseKind
from petition_app.domain.deadlines import (
    DEFAULT_POLICIES,
    Complexity,
    DayUnit,
    ExtensionRefused,
    Hold,
    Phase,
    Variants,
    check_extension,
    compute_deadlines,
    run_period,
    second_complaint_filing_window,
)

VN = WorkingCalendar.vietnam(range(2025, 2028))
INFO = DEFAULT_POLICIES[CaseKind.INFO_REQUEST]
DENUNCIATION = DEFAULT_POLICIES[CaseKind.DENUNCIATION]
COMPLAINT = DEFAULT_POLICIES[CaseKind.COMPLAINT]


def test_an_information_request_is_answered_15_working_days_from_receipt_not_from_acceptance():
    # Received Monday 02/11/2026, accepted 10/11: 03–06, 09–13, 16–20/11 and Monday 23/11.
    d = compute_deadlines(INFO, VN, received_on=date(2026, 11, 2), accepted_on=date(2026, 11, 10))
    assert d[Phase.RESOLUTION].due == date(2026, 11, 23)
    assert d[Phase.RESOLUTION].counted_from == date(2026, 11, 2)
    assert "Luật Tiếp cận thông tin 2016, Điều 31" in d[Phase.RESOLUTION].period.citation


def test_an_information_request_counts_from_receipt_before_anyone_accepts_it():
    # Received Friday 13/02/2026, Tết 16–20/02: first notice 23, 24, 25/02; the answer
    # 23–27/02, 02–06/03, 09–13/03.
    d = compute_deadlines(INFO, VN, received_on=date(2026, 2, 13))
    assert d[Phase.ACCEPTANCE].due == date(2026, 2, 25)
    assert d[Phase.RESOLUTION].due == date(2026, 3, 13)


def test_an_information_request_has_no_petition_handling_period():
    assert Phase.TRIAGE not in compute_deadlines(INFO, VN, received_on=date(2026, 11, 2))


def test_simple_information_by_post_fax_or_email_is_given_within_5_working_days():
    # Received Thursday 23/04/2026: Friday 24, (27/04 Giỗ Tổ observed), 28, 29, (30/04, 01/05),
    # Monday 04/05, Tuesday 05/05. No separate first notice.
    d = compute_deadlines(INFO, VN, received_on=date(2026, 4, 23), variants=Variants(simple=True))
    assert d[Phase.RESOLUTION].due == date(2026, 5, 5)
    assert d[Phase.RESOLUTION].period.citation == "Luật Tiếp cận thông tin 2016, Điều 31(1)"
    assert Phase.ACCEPTANCE not in d


# Holds. A 30-day period from Thursday 24/09/2026 counts its last day on Saturday 24/10 and
# rolls forward to Monday 26/10.
def test_a_hold_starting_on_the_last_counted_day_moves_the_due_date_to_the_resume_day():
    due, _ = run_period(VN, date(2026, 9, 24), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 24), date(2026, 10, 28))])
    assert due == date(2026, 10, 28)


def test_a_hold_starting_on_the_rolled_forward_rest_day_never_puts_the_due_date_before_the_resume_day():
    due, _ = run_period(VN, date(2026, 9, 24), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 25), date(2026, 10, 28))])
    assert due == date(2026, 10, 28)  # not Tuesday 27/10, inside the hold


def test_resuming_on_a_rest_day_with_nothing_left_gives_the_next_working_day():
    due, _ = run_period(VN, date(2026, 9, 24), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 25), date(2026, 10, 31))])
    assert due == date(2026, 11, 2)


def test_a_hold_open_since_the_rolled_forward_rest_day_pauses_the_deadline():
    due, held = run_period(VN, date(2026, 9, 24), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 25), None)])
    assert due is None and held == [(date(2026, 10, 25), None)]


def test_a_hold_starting_after_the_rolled_forward_day_stops_nothing():
    due, held = run_period(VN, date(2026, 9, 24), 30, DayUnit.CALENDAR, [Hold(date(2026, 10, 27), None)])
    assert due == date(2026, 10, 26) and held == []


def test_a_hold_at_the_year_end_roll_over_new_year():
    # 30 days from Wednesday 02/12/2026 is Friday 01/01/2027, New Year: rolled to Monday 04/01.
    assert run_period(VN, date(2026, 12, 2), 30, DayUnit.CALENDAR, [])[0] == date(2027, 1, 4)
    # On hold from Saturday 02/01 to Tuesday 05/01: nothing was left, the answer is due on 05/01.
    due, _ = run_period(VN, date(2026, 12, 2), 30, DayUnit.CALENDAR, [Hold(date(2027, 1, 2), date(2027, 1, 5))])
    assert due == date(2027, 1, 5)


def test_a_hold_starting_on_the_due_day_of_a_working_day_period_moves_it_to_the_resume_day():
    # 15 working days from Monday 02/11/2026 end Monday 23/11; on hold 23/11–25/11.
    due, _ = run_period(VN, date(2026, 11, 2), 15, DayUnit.WORKING, [Hold(date(2026, 11, 23), date(2026, 11, 25))])
    assert due == date(2026, 11, 25)


# Denunciations (Luật Tố cáo 2018).
def test_denunciation_acceptance_is_7_working_days_or_10_when_several_places_must_be_checked():
    # Received Monday 24/08/2026: 25–28/08, (31/08, 01–02/09 off), 03, 04, 07/09; then 08, 09, 10/09.
    seven = compute_deadlines(DENUNCIATION, VN, received_on=date(2026, 8, 24))
    ten = compute_deadlines(DENUNCIATION, VN, received_on=date(2026, 8, 24), variants=Variants(several_places=True))
    assert seven[Phase.ACCEPTANCE].due == date(2026, 9, 7)
    assert ten[Phase.ACCEPTANCE].due == date(2026, 9, 10) and ten[Phase.ACCEPTANCE].days == 10
    assert ten[Phase.ACCEPTANCE].period.citation == "Luật Tố cáo 2018, Điều 24(1)"


def test_the_saturday_worked_in_exchange_counts_as_a_working_day():
    # Received Friday 21/08/2026: Saturday 22/08 (worked), 24–28/08, Thursday 03/09.
    d = compute_deadlines(DENUNCIATION, VN, received_on=date(2026, 8, 21))
    assert d[Phase.ACCEPTANCE].due == date(2026, 9, 3)


def test_a_denunciation_outside_competence_must_be_forwarded_within_5_working_days():
    # Received Wednesday 29/04/2026: (30/04, 01/05), 04–08/05.
    d = compute_deadlines(DENUNCIATION, VN, received_on=date(2026, 4, 29), variants=Variants(outside_competence=True))
    assert d[Phase.FORWARDING].due == date(2026, 5, 8)
    assert d[Phase.FORWARDING].period.citation == "Luật Tố cáo 2018, Điều 24(2)"
    assert Phase.FORWARDING not in compute_deadlines(DENUNCIATION, VN, received_on=date(2026, 4, 29))


@pytest.mark.parametrize("complexity,so_far,refusal", [
    (Complexity.NONE, [], "not_complex"),
    (Complexity.COMPLEX, [], None),
    (Complexity.COMPLEX, [30], "too_many"),
    (Complexity.ESPECIALLY_COMPLEX, [30], None),
    (Complexity.ESPECIALLY_COMPLEX, [30, 30], "too_many"),
])
def test_a_denunciation_is_extended_only_as_its_complexity_allows(complexity, so_far, refusal):
    if refusal is None:
        check_extension(DENUNCIATION, so_far, 30, complexity)
    else:
        with pytest.raises(ExtensionRefused, match=refusal):
            check_extension(DENUNCIATION, so_far, 30, complexity)


def test_complexity_does_not_limit_the_extensions_of_other_kinds():
    check_extension(DEFAULT_POLICIES[CaseKind.PETITION], [], 15, Complexity.NONE)


# Triage (Luật Tiếp công dân 2013, Điều 28(1); Thông tư 05/2021/TT-TTCP for written petitions).
@pytest.mark.parametrize("in_person,citation", [
    (True, "Luật Tiếp công dân 2013, Điều 28(1)"),
    (False, "Luật Tiếp công dân 2013, Điều 28(1); Thông tư 05/2021/TT-TTCP"),
])
def test_triage_cites_the_reception_law_and_for_written_petitions_the_circular(in_person, citation):
    d = compute_deadlines(COMPLAINT, VN, received_on=date(2026, 11, 25), variants=Variants(in_person=in_person))
    assert d[Phase.TRIAGE].period.citation == citation and d[Phase.TRIAGE].due == date(2026, 12, 9)


# Second-time complaints (Luật Khiếu nại 2011, Điều 33).
@pytest.mark.parametrize("received,remote,closes", [
    (date(2026, 8, 4), False, date(2026, 9, 3)),  # Thursday 03/09, the day after the 2/9 block
    (date(2026, 8, 6), True, date(2026, 9, 21)),  # 45 days: Sunday 20/09, rolled to Monday 21/09
    (date(2026, 12, 2), False, date(2027, 1, 4)),  # Friday 01/01/2027 is New Year: Monday 04/01
])
def test_a_second_complaint_is_filed_within_30_days_of_receiving_the_first_decision(received, remote, closes):
    window = second_complaint_filing_window(VN, COMPLAINT, remote=remote, decision_received_on=received)
    assert window.closes_on == closes and window.period.citation == "Luật Khiếu nại 2011, Điều 33"


def test_without_a_first_decision_the_window_runs_from_the_end_of_the_first_time_period():
    # Accepted Monday 01/06/2026; the longest first-time period (complex, 45 days) ends Thursday
    # 16/07; 30 days later is Saturday 15/08, rolled to Monday 17/08.
    window = second_complaint_filing_window(VN, COMPLAINT, remote=False, first_accepted_on=date(2026, 6, 1))
    assert window.counted_from == date(2026, 7, 16) and window.closes_on == date(2026, 8, 17)
    # Remote: complex 60 days end Friday 31/07; 45 days later is Monday 14/09.
    remote = second_complaint_filing_window(VN, COMPLAINT, remote=True, first_accepted_on=date(2026, 6, 1))
    assert remote.counted_from == date(2026, 7, 31) and remote.closes_on == date(2026, 9, 14)
