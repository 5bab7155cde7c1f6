"""The rules on answering an information request (Luật Tiếp cận thông tin 2016), without an app."""
from datetime import date

import pytest

from petition_app.domain.cases import CaseKind
from petition_app.domain.information import AGREES_WITH, NEEDS, Answer, Ground, Provision, problems
from petition_app.domain.workflow import OUTCOMES, Outcome

RECEIVED, TODAY, DUE = date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 23)


def check(answer, outcome=None):
    return problems(answer, received_on=RECEIVED, today=TODAY, outcome=outcome, due=DUE)


@pytest.mark.parametrize("answer, expected", [
    (Answer(Provision.AT_ONCE, provided_on=TODAY), []),
    (Answer(Provision.AT_ONCE), [("provided_on", "missing")]),
    (Answer(Provision.AT_ONCE, provided_on=date(2026, 11, 1)), [("provided_on", "before_receipt")]),
    (Answer(Provision.AT_ONCE, provided_on=date(2026, 11, 11)), [("provided_on", "in_future")]),
    (Answer(Provision.PARTLY, provided_on=TODAY), [("ground", "missing")]),
    (Answer(Provision.LATER), [("notice_on", "missing"), ("promised_by", "missing")]),
    (Answer(Provision.LATER, notice_on=TODAY, promised_by=date(2026, 11, 9)),
     [("promised_by", "promise_before_notice")]),
    (Answer(Provision.LATER, notice_on=TODAY, promised_by=date(2026, 11, 24)), [("promised_by", "promise_after_due")]),
    (Answer(Provision.LATER, notice_on=TODAY, promised_by=DUE), []),
    (Answer(Provision.REFUSED), [("ground", "missing")]),
    (Answer(Provision.REFUSED, ground=Ground.ALREADY_PUBLIC), [("published_link", "link_needed")]),
    (Answer(Provision.REFUSED, ground=Ground.ALREADY_PUBLIC, published_link="https://a.gov.vn"), []),
    (Answer(Provision.REFUSED, ground=Ground.FEES_NOT_PAID, copy_fee=-1), [("copy_fee", "fee_range")]),
    (Answer(Provision.REFUSED, ground=Ground.NOT_HELD, delivery_fee=100_000_001), [("delivery_fee", "fee_range")]),
])
def test_each_answer_needs_what_the_law_asks(answer, expected):
    assert check(answer) == expected


def test_every_answer_has_its_needs_and_agrees_with_an_info_request_outcome():
    assert set(NEEDS) == set(AGREES_WITH) == set(Provision)
    assert set(AGREES_WITH.values()) == set(OUTCOMES[CaseKind.INFO_REQUEST])


@pytest.mark.parametrize("provision, outcome, agrees", [
    (Provision.AT_ONCE, Outcome.PROVIDED, True), (Provision.LATER, Outcome.PROVIDED, True),
    (Provision.PARTLY, Outcome.PARTLY_PROVIDED, True), (Provision.REFUSED, Outcome.REFUSED, True),
    (Provision.REFUSED, Outcome.PROVIDED, False), (Provision.AT_ONCE, Outcome.PARTLY_PROVIDED, False),
])
def test_the_answer_agrees_with_a_recorded_outcome(provision, outcome, agrees):
    answer = Answer(provision, provided_on=TODAY, notice_on=TODAY, promised_by=DUE, ground=Ground.NOT_HELD)
    assert (("provision", "outcome_mismatch") not in check(answer, outcome)) is agrees
