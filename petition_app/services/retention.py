"""Retention of personal data (Nghị định 13/2023/NĐ-CP): the period per kind, and the job that
anonymises the cases closed longer ago than their kind's period.

What goes: the petitioner's identity and contact (name, CCCD, phone, e-mail, address, organisation,
representative, co-signers), the case's free text that speaks of people (subject, content, place,
the decision complained of, the accused, the late-filing note, the answer to the citizen), an
information request's text, the e-mails sent about the case (recipient and body), and every
attachment (the citizen's files and staff's, rows and files: they are the letters, IDs and decisions
naming people). What stays: the case row with its tracking code, kind, channel, category, status,
unit, dates, deadlines, outcome, decision number and date, the published (already masked) summary,
the petitioner's type and protection flag, the holds and extensions, and the audit chains — so every
statistic and report stays the same. The audit events are not rewritten: they are the append-only,
hash-chained record of how the case was handled, which the law requires to keep (their notes are
staff's words; the intake writes no identity into them). Each run appends an "anonymised" event to
each case's chain and one admin event with the counts; each case gets ``anonymised_at``.
"""
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..domain.cases import CaseKind
from ..domain.retention import (
    ANONYMISED_TEXT,
    DEFAULT_RULES,
    FINAL_STATUSES,
    MAX_YEARS,
    MIN_YEARS,
    RetentionRule,
    closed_before,
)
from ..domain.search import case_search_text
from ..extensions import db
from ..models import Attachment, Case, CaseEvent, InformationProvision, OutboxMessage, OutboxStatus, Petitioner, User
from ..models import RetentionPolicy as RetentionRow
from .attachments import discard
from .audit import event_row, last_hashes, record_admin_event
from .refusals import Refused

_CHUNK = 2000


class RetentionRefused(Refused):
    pass


@dataclass
class RetentionReport:
    dry_run: bool
    cases: Counter = field(default_factory=Counter)  # per kind
    attachments: int = 0

    @property
    def total(self) -> int:
        return sum(self.cases.values())


def current_rules() -> dict[CaseKind, RetentionRule]:
    """Each kind's period: the admin's choice, else the default."""
    rules = dict(DEFAULT_RULES)
    for row in db.session.scalars(sa.select(RetentionRow)):
        rules[row.kind] = RetentionRule(row.kind, row.years, row.basis)
    return rules


def change_rule(kind: CaseKind, years: int, basis: str, *, actor: User | None, now: datetime) -> bool:
    """Set a kind's period (audited); returns False when nothing changed."""
    basis = (basis or "").strip()
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise RetentionRefused("years", _("Từ %(min)s đến %(max)s năm.", min=MIN_YEARS, max=MAX_YEARS))
    if not basis:
        raise RetentionRefused("basis", _("Ghi căn cứ pháp lý hoặc quyết định của Sở."))
    before = current_rules()[kind]
    if (before.years, before.basis) == (years, basis):
        return False
    actor_id = actor.id if actor else None
    row = db.session.scalar(sa.select(RetentionRow).where(RetentionRow.kind == kind))
    if row is None:
        db.session.add(RetentionRow(kind=kind, years=years, basis=basis, updated_at=now, updated_by_id=actor_id))
    else:
        row.years, row.basis, row.updated_at, row.updated_by_id = years, basis, now, actor_id
    record_admin_event("retention.changed", actor=actor, now=now, note=basis,
                       data={"kind": kind.value, "years_before": before.years, "years": years})
    db.session.commit()
    return True


def _closed_at():
    """When the case reached its final status: its last event into one, or, for a row that has no
    such event (data loaded from elsewhere), its last change — the later, so never too early."""
    last_final = (sa.select(sa.func.max(CaseEvent.at)).where(CaseEvent.case_id == Case.id,
                                                             CaseEvent.to_status.in_(FINAL_STATUSES))
                  .correlate(Case).scalar_subquery())
    return sa.func.coalesce(last_final, Case.updated_at)


def due_cases(now: datetime, rules: dict[CaseKind, RetentionRule]) -> list[tuple[int, CaseKind]]:
    """(id, kind) of the cases closed before their kind's period ran and not yet anonymised."""
    closed = _closed_at()
    past = sa.or_(*(sa.and_(Case.kind == kind, closed < closed_before(now, rule.years))
                    for kind, rule in rules.items()))
    query = (sa.select(Case.id, Case.kind).where(Case.status.in_(FINAL_STATUSES), Case.anonymised_at.is_(None), past)
             .order_by(Case.id))
    return [tuple(row) for row in db.session.execute(query)]


def apply_retention(now: datetime, *, dry_run: bool = False, actor: User | None = None) -> RetentionReport:
    """Anonymise every case past its period, set-wise, in one transaction.

    1. Find the cases (final status, closed before now minus their kind's years, not yet done).
    2. In chunks: clear the petitioners, the cases' free text, information requests and e-mails;
       delete the attachments' rows; append one chained "anonymised" event per case.
    3. One admin event with the counts; commit; then remove the attachment files.
    A dry run does step 1 only and reports what would change.
    """
    rules = current_rules()
    due = due_cases(now, rules)
    report = RetentionReport(dry_run, Counter(kind.value for _, kind in due))
    if dry_run:
        report.attachments = db.session.scalar(sa.select(sa.func.count(Attachment.id)).where(
            Attachment.case_id.in_([case_id for case_id, _ in due]))) if due else 0
        return report
    if not due:
        return report
    files: list[str] = []
    for start in range(0, len(due), _CHUNK):
        chunk = due[start:start + _CHUNK]
        files += _anonymise([case_id for case_id, _ in chunk], {case_id: rules[kind] for case_id, kind in chunk}, now)
    report.attachments = len(files)
    record_admin_event("retention.applied", actor=actor, now=now, data={
        "cases": dict(report.cases), "attachments": report.attachments,
        "years": {kind.value: rule.years for kind, rule in rules.items()}})
    db.session.commit()
    discard(files)
    return report


def _anonymised_search_text() -> sa.ColumnElement[str]:
    """What the staff search still finds an anonymised case by: its code, never the old words
    (domain.search.case_search_text of the code and the marker, written set-wise)."""
    code = sa.func.lower(Case.tracking_code)
    marker = case_search_text(None, ANONYMISED_TEXT[:300], ANONYMISED_TEXT).strip()
    return code + " " + sa.func.replace(code, "-", "") + " " + marker


def _anonymise(ids: list[int], rules: dict[int, RetentionRule], now: datetime) -> list[str]:
    session = db.session
    petitioners = sa.select(Case.petitioner_id).where(Case.id.in_(ids), Case.petitioner_id.is_not(None))
    session.execute(sa.update(Petitioner).where(Petitioner.id.in_(petitioners)).values(
        full_name=None, citizen_id=None, phone=None, email=None, address=None, org_name=None, tax_code=None,
        rep_name=None, rep_position=None, rep_contact=None, cosigner_names=[], search_text=""), execution_options={
        "synchronize_session": False})
    session.execute(sa.update(Case).where(Case.id.in_(ids)).values(
        subject=ANONYMISED_TEXT[:300], content=ANONYMISED_TEXT, location=None, complained_decision=None,
        accused=None, late_reason_note=None, answer_source=None, answer_html=None, submission_token=None,
        anonymised_at=now, version=Case.version + 1, search_text=_anonymised_search_text()),
        execution_options={"synchronize_session": False})
    session.execute(sa.update(InformationProvision).where(InformationProvision.case_id.in_(ids)).values(
        requested_info=ANONYMISED_TEXT, explanation=None), execution_options={"synchronize_session": False})
    session.execute(sa.update(OutboxMessage).where(OutboxMessage.case_id.in_(ids),
                                                   OutboxMessage.status == OutboxStatus.PENDING)
                    .values(status=OutboxStatus.CANCELLED), execution_options={"synchronize_session": False})
    session.execute(sa.update(OutboxMessage).where(OutboxMessage.case_id.in_(ids)).values(
        recipient="", body_text=ANONYMISED_TEXT, body_html=None, last_error=None),
        execution_options={"synchronize_session": False})
    attachments = session.execute(sa.select(Attachment.case_id, Attachment.storage_name)
                                  .where(Attachment.case_id.in_(ids))).all()
    session.execute(sa.delete(Attachment).where(Attachment.case_id.in_(ids)),
                    execution_options={"synchronize_session": False})
    removed = Counter(case_id for case_id, _ in attachments)
    hashes = last_hashes(ids)
    session.execute(sa.insert(CaseEvent), [
        event_row(case_id, "anonymised", now=now, prev_hash=hashes.get(case_id), data={
            "retention_years": rules[case_id].years, "attachments_removed": removed[case_id]})
        for case_id in ids])
    return [name for _, name in attachments]
