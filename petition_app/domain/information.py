"""Access to information on request (Luật Tiếp cận thông tin 2016, 104/2016/QH13; Nghị định
13/2018/NĐ-CP): how a request was answered, the grounds on which it may be refused, and the
rules that tie them together. Pure: no Flask, no database.
"""
from dataclasses import dataclass
from datetime import date
from enum import Enum

from .workflow import Outcome


class Provision(str, Enum):
    """How the request was answered (Điều 29–31)."""

    AT_ONCE = "at_once"  # cung cấp ngay (Điều 31(1))
    PARTLY = "partly"  # cung cấp một phần, phần còn lại từ chối có lý do
    LATER = "later"  # cung cấp sau, with the notice of the timeline (Điều 31(2))
    REFUSED = "refused"  # từ chối, with the ground and its article (Điều 28(2))


class Ground(str, Enum):
    """The grounds on which information may be refused; the labels (i18n.py) carry the article."""

    NOT_ACCESSIBLE = "not_accessible"  # Điều 6; Điều 28(1)(a)
    CONDITIONS_NOT_MET = "conditions_not_met"  # Điều 7; Điều 28(1)(a)
    ALREADY_PUBLIC = "already_public"  # Điều 17; Điều 28(1)(b): with the link where it is published
    OUTSIDE_COMPETENCE = "outside_competence"  # Điều 9; Điều 28(1)(c)
    PROVIDED_TWICE = "provided_twice"  # Điều 28(1)(d)
    BEYOND_CAPACITY = "beyond_capacity"  # Điều 28(1)(đ)
    FEES_NOT_PAID = "fees_not_paid"  # Điều 12; Điều 28(1)(e)
    NOT_IN_FORM = "not_in_form"  # Điều 24: the request lacks what the law asks
    NOT_HELD = "not_held"  # Điều 2(1), Điều 9: not created by the department, or no longer held


# What each answer must come with (the form's fields that the rule makes required).
NEEDS = {
    Provision.AT_ONCE: ("provided_on",),
    Provision.PARTLY: ("provided_on", "ground"),
    Provision.LATER: ("notice_on", "promised_by"),
    Provision.REFUSED: ("ground",),
}

# The resolution outcome each answer agrees with (domain/workflow.py, OUTCOMES[INFO_REQUEST]).
AGREES_WITH = {
    Provision.AT_ONCE: Outcome.PROVIDED,
    Provision.LATER: Outcome.PROVIDED,
    Provision.PARTLY: Outcome.PARTLY_PROVIDED,
    Provision.REFUSED: Outcome.REFUSED,
}

MAX_FEE = 100_000_000  # đồng: far above any copying or postage cost, a guard against typing slips


@dataclass(frozen=True)
class Answer:
    provision: Provision
    provided_on: date | None = None
    notice_on: date | None = None
    promised_by: date | None = None
    ground: Ground | None = None
    published_link: str | None = None
    copy_fee: int = 0
    delivery_fee: int = 0


def problems(answer: Answer, *, received_on: date, today: date, outcome: Outcome | None,
             due: date | None = None) -> list[tuple[str, str]]:
    """What is wrong with ``answer`` as (field, code) pairs; empty when it may be recorded.

    ``due`` is the case's resolution deadline (15 working days from receipt, with any extension,
    Điều 31): information promised later must be promised by then.
    Codes: missing, before_receipt, in_future, promise_before_notice, promise_after_due,
    link_needed, fee_range, outcome_mismatch.
    """
    found = []
    for name in NEEDS[answer.provision]:
        if not getattr(answer, name):
            found.append((name, "missing"))
    for name in ("provided_on", "notice_on"):
        value = getattr(answer, name)
        if value is not None and value < received_on:
            found.append((name, "before_receipt"))
        elif value is not None and value > today:
            found.append((name, "in_future"))
    if answer.promised_by is not None and answer.notice_on is not None and answer.promised_by < answer.notice_on:
        found.append(("promised_by", "promise_before_notice"))
    elif answer.promised_by is not None and due is not None and answer.promised_by > due:
        found.append(("promised_by", "promise_after_due"))
    if answer.ground is Ground.ALREADY_PUBLIC and not answer.published_link:
        found.append(("published_link", "link_needed"))
    for name in ("copy_fee", "delivery_fee"):
        if not 0 <= getattr(answer, name) <= MAX_FEE:
            found.append((name, "fee_range"))
    if outcome is not None and AGREES_WITH[answer.provision] is not outcome:
        found.append(("provision", "outcome_mismatch"))
    return found


def total_fee(answer: Answer) -> int:
    return answer.copy_fee + answer.delivery_fee
