"""A case (hồ sơ đơn), its audit trail and its attachments."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import (
    CaseKind,
    CaseStatus,
    Channel,
    ConsentMeans,
    DeliveryMethod,
    InfoForm,
    LateFilingReason,
    Signers,
)
from ..domain.deadlines import Complexity, DeadlineState
from ..domain.search import case_search_text
from ..domain.workflow import Outcome
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow

_OPEN = "status IN ('received', 'accepted', 'in_progress', 'on_hold')"  # OPEN_STATUSES, as SQL
SEARCHED_FIELDS = ("tracking_code", "subject", "content")


def _search_text_default(context) -> str:
    """Filled from the inserted values, so a bulk INSERT through SQLAlchemy gets it too."""
    values = context.get_current_parameters()
    return case_search_text(*(values.get(f) for f in SEARCHED_FIELDS))


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        sa.Index("ix_cases_unit_status_received", "unit_id", "status", "received_at"),
        sa.Index("ix_cases_status_received", "status", "received_at"),
        sa.Index("ix_cases_assignee_status", "assignee_id", "status"),
        sa.Index("ix_cases_kind_status_next_due", "kind", "status", "next_due"),
        # Open cases by unit and deadline: a unit's overdue and due-soon counts, and the
        # dashboard's pass over open cases, read this index alone (the predicate is OPEN_STATUSES).
        sa.Index("ix_cases_open_unit_next_due", "unit_id", "next_due", "id", "kind", "sla_policy_id",
                 postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN)),
        sa.Index("ix_cases_deadline_state_next_due", "deadline_state", "next_due"),
        sa.Index("ix_cases_next_due_id", "next_due", "id"),  # the queues' deadline order, keyset pages
        # The dashboard's on-time rate reads resolved cases by date; partial, so the sweep's
        # updates of open cases never touch it.
        sa.Index("ix_cases_resolved_at", "resolved_at", postgresql_where=sa.text("resolved_at IS NOT NULL"),
                 sqlite_where=sa.text("resolved_at IS NOT NULL")),
        sa.CheckConstraint("cosigner_count >= 0", name="cosigner_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str] = mapped_column(sa.String(19), unique=True)
    kind = mapped_column(enum_column(CaseKind), nullable=False)
    channel = mapped_column(enum_column(Channel), nullable=False)
    status = mapped_column(enum_column(CaseStatus), nullable=False, default=CaseStatus.RECEIVED)
    subject: Mapped[str] = mapped_column(sa.String(300))
    content: Mapped[str] = mapped_column(sa.Text)
    # domain.search.case_search_text of the code, subject and content: what the staff search matches
    # (trigram-indexed on PostgreSQL); kept current on insert and on any change of those fields.
    search_text: Mapped[str | None] = mapped_column(sa.Text, default=_search_text_default)
    category: Mapped[str | None] = mapped_column(sa.String(50), index=True)

    # Kind-specific particulars.
    location: Mapped[str | None] = mapped_column(sa.String(300))  # petition, feedback
    complained_decision: Mapped[str | None] = mapped_column(sa.String(500))  # complaint
    learned_on = mapped_column(sa.Date)  # complaint: when the decision or act became known
    filed_late: Mapped[bool] = mapped_column(default=False)  # complaint past its window (Điều 9, Điều 33)
    # Why staff received it all the same (Luật Khiếu nại 2011, Điều 9), with the officer's words.
    late_reason = mapped_column(enum_column(LateFilingReason))
    late_reason_note: Mapped[str | None] = mapped_column(sa.String(1000))
    # A second-time complaint's first round (Luật Khiếu nại 2011, Điều 33): the first-time decision
    # and the day it was received, or the day the first complaint was accepted if none came.
    first_decision_number: Mapped[str | None] = mapped_column(sa.String(100))
    first_decision_on = mapped_column(sa.Date)
    first_accepted_on = mapped_column(sa.Date)
    accused: Mapped[str | None] = mapped_column(sa.String(300))  # denunciation
    info_form = mapped_column(enum_column(InfoForm))  # info_request
    info_delivery = mapped_column(enum_column(DeliveryMethod))  # info_request

    # Triage (xử lý đơn) records what the periodic reports count (DESIGN.md, "Reporting").
    is_eligible: Mapped[bool | None] = mapped_column()  # đủ điều kiện xử lý
    within_competence: Mapped[bool | None] = mapped_column()  # thuộc thẩm quyền của Sở
    is_repeat: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # đơn nhiều lần
    signers = mapped_column(enum_column(Signers))

    # Workflow facts.
    accepted_at = mapped_column(UTCDateTime())
    held_from_status = mapped_column(enum_column(CaseStatus))  # where RESUME returns to
    hold_started_at = mapped_column(UTCDateTime())
    forwarded_to: Mapped[str | None] = mapped_column(sa.String(300))

    # Resolution (kết quả giải quyết). Staff write the Markdown subset of richtext.py (*_source);
    # *_html is its rendering, cleaned. Rows resolved before the source was kept have HTML only.
    outcome = mapped_column(enum_column(Outcome))
    decision_number: Mapped[str | None] = mapped_column(sa.String(100))
    decision_date = mapped_column(sa.Date)
    answer_source: Mapped[str | None] = mapped_column(sa.Text)
    answer_html: Mapped[str | None] = mapped_column(sa.Text)
    public_summary_source: Mapped[str | None] = mapped_column(sa.Text)
    public_summary_html: Mapped[str | None] = mapped_column(sa.Text)
    resolved_at = mapped_column(UTCDateTime())

    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))  # None: not yet routed
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    petitioner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("petitioners.id"), unique=True
    )
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    # How the citizen agreed to the processing of personal data, when staff register the case
    # (None: online, where the citizen ticks the consent box themselves).
    consent_means = mapped_column(enum_column(ConsentMeans))
    cosigner_count: Mapped[int] = mapped_column(default=0)

    received_at = mapped_column(UTCDateTime(), nullable=False, index=True)
    triage_due = mapped_column(sa.Date)  # None: the kind has no petition-handling period (info requests)
    # The statutory deadlines (domain/deadlines.py), stored so that queues filter and sort in SQL.
    forwarding_due = mapped_column(sa.Date)  # a denunciation outside competence (Luật Tố cáo, Điều 24(2))
    acceptance_due = mapped_column(sa.Date)
    resolution_due = mapped_column(sa.Date)
    next_due = mapped_column(sa.Date)  # the deadline of the phase the case is in; None when paused or done
    deadline_state = mapped_column(enum_column(DeadlineState))  # set by the sweep (jobs.sweep_deadlines)
    notified_level: Mapped[str | None] = mapped_column(sa.String(20))  # the last reminder/escalation sent
    is_complex: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_remote: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_second_time: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # khiếu nại lần hai
    # Information by post, fax or e-mail that is simple and at hand (Luật Tiếp cận thông tin, Điều 31(1)).
    is_simple: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A denunciation to be verified at several places (Luật Tố cáo, Điều 24(1)).
    several_places: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A denunciation's complexity: it decides how often it may be extended (Luật Tố cáo, Điều 30).
    complexity = mapped_column(enum_column(Complexity), nullable=False, default=Complexity.NONE,
                               server_default=Complexity.NONE.value)
    # The policy version the case is counted under (models/settings.py); later changes do not touch it.
    sla_policy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sla_policies.id"))
    # Tách đơn: a part of a mixed petition split off into its own case, with its own clock.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    # The intake form's one-time token: a second POST of the same form finds this case.
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # When its personal data was removed at the end of its retention period (services/retention.py).
    anonymised_at = mapped_column(UTCDateTime())

    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    unit = relationship("Unit", lazy="joined")
    assignee = relationship("User", foreign_keys=[assignee_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    petitioner = relationship("Petitioner")
    attachments = relationship(
        "Attachment", back_populates="case", order_by="Attachment.id", cascade="all"
    )
    events = relationship("CaseEvent", back_populates="case", order_by="CaseEvent.id")
    children = relationship("Case", order_by="Case.id")
    coordinations = relationship("CaseCoordination", order_by="CaseCoordination.id")
    sla_policy = relationship("SlaPolicy")
    holds = relationship("CaseHold", order_by="CaseHold.id")
    extensions = relationship("CaseExtension", order_by="CaseExtension.id")

    def __repr__(self):
        return f"<Case {self.tracking_code} {self.kind.value} {self.status.value}>"


@sa.event.listens_for(Case, "before_update")
def _refresh_search_text(_mapper, _connection, case: Case) -> None:
    state = sa.inspect(case)
    if any(state.attrs[f].history.has_changes() for f in SEARCHED_FIELDS):
        case.search_text = case_search_text(*(getattr(case, f) for f in SEARCHED_FIELDS))


class CaseEvent(db.Model):
    """One entry of the append-only audit trail (nhật ký xử lý).

    Each event carries the hash of the previous event of the same case, so a
    changed or deleted row breaks the chain.
    """

    __tablename__ = "case_events"
    __table_args__ = (sa.Index("ix_case_events_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    at = mapped_column(UTCDateTime(), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    from_status = mapped_column(enum_column(CaseStatus))
    to_status = mapped_column(enum_column(CaseStatus))
    note: Mapped[str | None] = mapped_column(sa.Text)
    data = mapped_column(sa.JSON, nullable=False, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    case = relationship("Case", back_populates="events")
    actor = relationship("User")


class Attachment(db.Model):
    """A file a citizen or staff attached; stored outside static/ under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    storage_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case = relationship("Case", back_populates="attachments")


@sa.event.listens_for(CaseEvent, "before_update")
@sa.event.listens_for(CaseEvent, "before_delete")
def _refuse_changing_history(mapper, connection, target):
    raise RuntimeError("the audit trail is append-only")


class CaseLink(db.Model):
    """Two cases that belong together: a duplicate of an earlier one, or related matters."""

    __tablename__ = "case_links"
    __table_args__ = (sa.UniqueConstraint("case_id", "other_case_id", name="uq_case_links_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    other_case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    relation: Mapped[str] = mapped_column(sa.String(20))  # duplicate | related
    score: Mapped[float | None] = mapped_column()
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    other_case = relationship("Case", foreign_keys=[other_case_id])


class CaseCoordination(db.Model):
    """A unit that coordinates on a case (đơn vị phối hợp): it sees the case and adds its input."""

    __tablename__ = "case_coordinations"
    __table_args__ = (sa.UniqueConstraint("case_id", "unit_id", name="uq_case_coordinations_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    unit = relationship("Unit")


class CaseHold(db.Model):
    """A time the case waited for the citizen (chờ bổ sung): its days do not count."""

    __tablename__ = "case_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    started_on = mapped_column(sa.Date, nullable=False)
    ended_on = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(sa.Text)


class CaseExtension(db.Model):
    """An extension (gia hạn) of the resolution period, with its reason."""

    __tablename__ = "case_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    days: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
