"""The reception desk: visits (lượt tiếp công dân), their visitors and audit trail, and the
leaders' reception schedule (lịch tiếp công dân định kỳ)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import CaseKind
from ..domain.reception import OnlineMeans, ReceptionKind, ReceptionPlace, RefusalGround, VisitOutcome
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class ReceptionSession(db.Model):
    """One published day on which the department head receives citizens in person."""

    __tablename__ = "reception_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at = mapped_column(UTCDateTime(), nullable=False, index=True)
    ends_at = mapped_column(UTCDateTime(), nullable=False)
    place: Mapped[str] = mapped_column(sa.String(300))
    host: Mapped[str] = mapped_column(sa.String(200))  # who receives: name and title
    note: Mapped[str | None] = mapped_column(sa.String(500))
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class Visit(db.Model):
    """A visit (lượt tiếp công dân): one citizen or one delegation received once."""

    __tablename__ = "visits"
    __table_args__ = (
        sa.Index("ix_visits_visited_at_id", "visited_at", "id"),
        sa.CheckConstraint("people_count >= 1", name="people_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visited_at = mapped_column(UTCDateTime(), nullable=False)
    place = mapped_column(enum_column(ReceptionPlace), nullable=False)
    place_detail: Mapped[str | None] = mapped_column(sa.String(300))  # the grassroots venue
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    reception_kind = mapped_column(enum_column(ReceptionKind), nullable=False)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_sessions.id"), index=True)
    is_repeat: Mapped[bool] = mapped_column(default=False)
    is_online: Mapped[bool] = mapped_column(default=False)
    online_means = mapped_column(enum_column(OnlineMeans))
    is_group: Mapped[bool] = mapped_column(default=False)  # đoàn đông người
    people_count: Mapped[int] = mapped_column(default=1)
    content: Mapped[str] = mapped_column(sa.Text)
    # Sổ tiếp công dân (Thông tư 04/2021/TT-TTCP, Mẫu số 01): the matter's class (phân loại đơn,
    # vụ việc) and the authority that already dealt with it (cơ quan đã giải quyết), if any.
    kind = mapped_column(enum_column(CaseKind))
    prior_authority: Mapped[str | None] = mapped_column(sa.String(300))
    documents = mapped_column(sa.JSON, nullable=False, default=list)  # what the citizen handed over
    outcome = mapped_column(enum_column(VisitOutcome), nullable=False)
    refusal_ground = mapped_column(enum_column(RefusalGround))
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    # A denouncer's identity (Luật Tố cáo 2018, Điều 47): hidden from those not entitled.
    is_protected: Mapped[bool] = mapped_column(default=False)
    # The desk form's one-time token: a second POST of the same form finds this visit.
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    officer = relationship("User", foreign_keys=[officer_id], lazy="joined")
    session = relationship("ReceptionSession")
    case = relationship("Case")
    visitors = relationship("Visitor", order_by="Visitor.position", cascade="all, delete-orphan",
                            back_populates="visit")
    events = relationship("VisitEvent", order_by="VisitEvent.id", back_populates="visit")

    @property
    def first_visitor(self):
        return self.visitors[0] if self.visitors else None


class Visitor(db.Model):
    """A person received: the citizen, or one of up to five representatives of a delegation."""

    __tablename__ = "visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    full_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    citizen_id: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    address: Mapped[str | None] = mapped_column(sa.String(500))
    phone: Mapped[str | None] = mapped_column(sa.String(16), index=True)

    visit = relationship("Visit", back_populates="visitors")


class VisitEvent(db.Model):
    """The append-only, hash-chained audit trail of a visit: recorded, edited (previous and new
    values), corrected, registered or attached to a case."""

    __tablename__ = "visit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    at = mapped_column(UTCDateTime(), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    note: Mapped[str | None] = mapped_column(sa.Text)
    data = mapped_column(sa.JSON, nullable=False, default=dict)
    # Each event carries the hash of the visit's previous event: `flask audit verify` finds a
    # changed, removed or reordered one (as for a case's events).
    prev_hash: Mapped[str | None] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    visit = relationship("Visit", back_populates="events")
    actor = relationship("User")


@sa.event.listens_for(VisitEvent, "before_update")
@sa.event.listens_for(VisitEvent, "before_delete")
def _refuse_changing_history(mapper, connection, target):
    raise RuntimeError("the visit audit trail is append-only")
