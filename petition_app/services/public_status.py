"""What the public may read about a case: never a name, ID, phone, e-mail or address.

Views are built from an explicit list of safe fields, so a column added to
the case later cannot leak onto a public page by accident.
"""
from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa

from ..domain.cases import CaseKind, CaseStatus, Channel
from ..domain.deadlines import DayUnit, Phase
from ..domain.workflow import Outcome
from ..extensions import db
from ..models import Attachment, Case, CaseExtension, CaseHold, Publication, Unit
from .deadlines import citizen_deadlines

PUBLISHED = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})


@dataclass(frozen=True)
class PromisedDeadline:
    """A deadline the filer's receipt promises: dates, length and legal basis only."""

    phase: Phase
    due: date | None  # None while the case waits for the citizen
    days: int
    unit: DayUnit
    citation: str


@dataclass(frozen=True)
class PublicDeadline:
    """The deadline the case is working towards now, as the citizen may read it.

    The reasons are the ones the citizen was sent in the notice of the hold or extension
    (mail/action_notice.txt): what they were asked to supply, why the period was extended.
    """

    phase: Phase  # TRIAGE: the answer about the petition; RESOLUTION: the decision on it
    due: date | None  # None while the clock is stopped
    paused_since: date | None = None
    asked_for: str | None = None  # the hold's reason
    extended: bool = False
    extension_reason: str | None = None  # the latest extension's


@dataclass(frozen=True)
class PublicCaseView:
    tracking_code: str
    kind: CaseKind
    channel: Channel
    status: CaseStatus
    unit_name: str | None
    received_at: datetime
    triage_due: date | None  # None: the kind has no petition-handling period (information requests)
    updated_at: datetime
    attachment_count: int
    outcome: Outcome | None = None
    public_summary_html: str | None = None  # the published summary only: redaction-checked, cleaned
    resolved_at: datetime | None = None
    subject: str | None = None  # only on the filer's own receipt
    parts: tuple = ()  # (tracking code, kind, status, unit name) of the cases split from the same petition
    deadlines: tuple[PromisedDeadline, ...] = ()  # only on the filer's own receipt
    deadline: PublicDeadline | None = None  # None once no period runs (finished, forwarded…)


def _query(code: str):
    return (
        sa.select(Case.tracking_code, Case.kind, Case.channel, Case.status, Unit.name,
                  Case.received_at, Case.triage_due, Case.updated_at, Case.id, Case.subject,
                  Case.outcome, Publication.summary_html, Case.resolved_at, Case.parent_id,
                  Case.resolution_due, Case.held_from_status)
        .outerjoin(Unit, Unit.id == Case.unit_id)
        # The summary shown is the published one, checked for personal data (services/publishing.py).
        .outerjoin(Publication, Publication.case_id == Case.id)
        .where(Case.tracking_code == code)
    )


def status_view(code: str) -> PublicCaseView | None:
    row = db.session.execute(_query(code)).first()
    return _view(row, with_subject=False) if row else None


def receipt_view(code: str) -> PublicCaseView | None:
    """The filer's receipt: the subject, and the deadlines the law promises for this kind."""
    row = db.session.execute(_query(code)).first()
    if row is None:
        return None
    promised = tuple(PromisedDeadline(d.phase, d.due, d.days, d.period.unit, d.period.citation)
                     for d in citizen_deadlines(db.session.get(Case, row.id)))
    return replace(_view(row, with_subject=True), deadlines=promised)


def _view(row, *, with_subject: bool) -> PublicCaseView:
    count = db.session.scalar(sa.select(sa.func.count(Attachment.id)).where(Attachment.case_id == row.id))
    return PublicCaseView(
        tracking_code=row.tracking_code, kind=row.kind, channel=row.channel, status=row.status,
        unit_name=row.name, received_at=row.received_at, triage_due=row.triage_due,
        updated_at=row.updated_at, attachment_count=count or 0,
        outcome=row.outcome if row.status in PUBLISHED else None,
        public_summary_html=row.summary_html if row.status in PUBLISHED else None,
        resolved_at=row.resolved_at if row.status in PUBLISHED else None,
        subject=row.subject if with_subject else None,
        parts=_parts(row.parent_id or row.id, row.id),
        deadline=_deadline(row),
    )



RESOLVING = frozenset({CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS})


def _deadline(row) -> PublicDeadline | None:
    """Before acceptance the triage answer; after it the resolution date, with the latest
    extension's reason; on hold, no date but what the citizen was asked to supply."""
    if row.status is CaseStatus.RECEIVED:
        if row.triage_due is None:  # no petition-handling period: the answer itself is due
            return PublicDeadline(Phase.RESOLUTION, row.resolution_due) if row.resolution_due else None
        return PublicDeadline(Phase.TRIAGE, row.triage_due)
    if row.status is CaseStatus.ON_HOLD:
        hold = db.session.execute(
            sa.select(CaseHold.started_on, CaseHold.reason)
            .where(CaseHold.case_id == row.id, CaseHold.ended_on.is_(None))
            .order_by(CaseHold.id.desc()).limit(1)).first()
        phase = Phase.TRIAGE if row.held_from_status in (None, CaseStatus.RECEIVED) else Phase.RESOLUTION
        return PublicDeadline(phase, None, paused_since=hold.started_on if hold else None,
                              asked_for=hold.reason if hold else None)
    if row.status in RESOLVING and row.resolution_due is not None:
        extension = db.session.scalar(
            sa.select(CaseExtension.reason).where(CaseExtension.case_id == row.id)
            .order_by(CaseExtension.id.desc()).limit(1))
        return PublicDeadline(Phase.RESOLUTION, row.resolution_due, extended=extension is not None,
                              extension_reason=extension or None)
    return None

def _parts(root_id: int, own_id: int) -> tuple:
    """The other cases of the same petition: the original and everything split from it."""
    rows = db.session.execute(
        sa.select(Case.tracking_code, Case.kind, Case.status, Unit.name)
        .outerjoin(Unit, Unit.id == Case.unit_id)
        .where(sa.or_(Case.id == root_id, Case.parent_id == root_id), Case.id != own_id)
        .order_by(Case.id)
    ).all()
    return tuple(tuple(r) for r in rows)
