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
from ..models import Attachment, Case, Unit
from .deadlines import citizen_deadlines

PUBLISHED = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})


@dataclass(frozen=True)
class PublicDeadline:
    """A deadline the citizen was promised: dates, length and legal basis only."""

    phase: Phase
    due: date | None  # None while the case waits for the citizen
    days: int
    unit: DayUnit
    citation: str


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
    public_summary_html: str | None = None  # sanitised when written (richtext.clean_html)
    resolved_at: datetime | None = None
    subject: str | None = None  # only on the filer's own receipt
    parts: tuple = ()  # (tracking code, kind, status, unit name) of the cases split from the same petition
    deadlines: tuple[PublicDeadline, ...] = ()  # only on the filer's own receipt


def _query(code: str):
    return (
        sa.select(Case.tracking_code, Case.kind, Case.channel, Case.status, Unit.name,
                  Case.received_at, Case.triage_due, Case.updated_at, Case.id, Case.subject,
                  Case.outcome, Case.public_summary_html, Case.resolved_at, Case.parent_id)
        .outerjoin(Unit, Unit.id == Case.unit_id)
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
    promised = tuple(PublicDeadline(d.phase, d.due, d.days, d.period.unit, d.period.citation)
                     for d in citizen_deadlines(db.session.get(Case, row.id)))
    return replace(_view(row, with_subject=True), deadlines=promised)


def _view(row, *, with_subject: bool) -> PublicCaseView:
    count = db.session.scalar(sa.select(sa.func.count(Attachment.id)).where(Attachment.case_id == row.id))
    return PublicCaseView(
        tracking_code=row.tracking_code, kind=row.kind, channel=row.channel, status=row.status,
        unit_name=row.name, received_at=row.received_at, triage_due=row.triage_due,
        updated_at=row.updated_at, attachment_count=count or 0,
        outcome=row.outcome if row.status in PUBLISHED else None,
        public_summary_html=row.public_summary_html if row.status in PUBLISHED else None,
        resolved_at=row.resolved_at if row.status in PUBLISHED else None,
        subject=row.subject if with_subject else None,
        parts=_parts(row.parent_id or row.id, row.id),
    )


def _parts(root_id: int, own_id: int) -> tuple:
    """The other cases of the same petition: the original and everything split from it."""
    rows = db.session.execute(
        sa.select(Case.tracking_code, Case.kind, Case.status, Unit.name)
        .outerjoin(Unit, Unit.id == Case.unit_id)
        .where(sa.or_(Case.id == root_id, Case.parent_id == root_id), Case.id != own_id)
        .order_by(Case.id)
    ).all()
    return tuple(tuple(r) for r in rows)
