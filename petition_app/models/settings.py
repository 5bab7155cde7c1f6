"""What admins configure: the SLA policy of each kind (versioned), the calendar's overrides, the
retention of personal data per kind, and the admin audit trail that records each change."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import CaseKind
from ..domain.deadlines import DEFAULT_WARNING_DAYS, DayUnit, Period, Policy
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class SlaPolicy(db.Model):
    """One version of a kind's policy. A change is a new row: a case keeps the version it
    was filed under, so a change applies to new cases only."""

    __tablename__ = "sla_policies"
    __table_args__ = (sa.UniqueConstraint("kind", "version", name="uq_sla_policies_kind_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind = mapped_column(enum_column(CaseKind), nullable=False)
    version: Mapped[int] = mapped_column(nullable=False)
    triage_days: Mapped[int | None] = mapped_column()  # None: no petition-handling period (info requests)
    triage_unit = mapped_column(enum_column(DayUnit))
    triage_citation: Mapped[str | None] = mapped_column(sa.String(300))  # received in person
    triage_written_citation: Mapped[str | None] = mapped_column(sa.String(300))  # a written petition
    acceptance_days: Mapped[int | None] = mapped_column()
    acceptance_unit = mapped_column(enum_column(DayUnit))
    acceptance_citation: Mapped[str | None] = mapped_column(sa.String(300))
    acceptance_several_places_days: Mapped[int | None] = mapped_column()
    forwarding_days: Mapped[int | None] = mapped_column()  # outside competence: forward within
    forwarding_unit = mapped_column(enum_column(DayUnit))
    forwarding_citation: Mapped[str | None] = mapped_column(sa.String(300))
    resolution_days: Mapped[int]
    resolution_unit = mapped_column(enum_column(DayUnit), nullable=False)
    resolution_citation: Mapped[str] = mapped_column(sa.String(300))
    complex_days: Mapped[int | None] = mapped_column()
    remote_days: Mapped[int | None] = mapped_column()
    remote_complex_days: Mapped[int | None] = mapped_column()
    second_days: Mapped[int | None] = mapped_column()  # a second-time complaint's resolution period
    second_unit = mapped_column(enum_column(DayUnit))
    second_citation: Mapped[str | None] = mapped_column(sa.String(300))
    second_complex_days: Mapped[int | None] = mapped_column()
    second_remote_days: Mapped[int | None] = mapped_column()
    second_remote_complex_days: Mapped[int | None] = mapped_column()
    simple_days: Mapped[int | None] = mapped_column()  # a simple request, same unit as resolution
    simple_citation: Mapped[str | None] = mapped_column(sa.String(300))
    resolution_from_receipt: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    extensions_by_complexity: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    max_extensions: Mapped[int] = mapped_column(default=0)
    extension_days: Mapped[int] = mapped_column(default=0)
    warning_days: Mapped[int] = mapped_column(default=DEFAULT_WARNING_DAYS)
    note: Mapped[str | None] = mapped_column(sa.Text)  # why it changed (the decision behind it)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by = relationship("User")

    def to_policy(self) -> Policy:
        def period(days, unit, citation):
            return Period(days, unit, citation or "") if days is not None else None

        return Policy(
            self.kind, period(self.triage_days, self.triage_unit, self.triage_citation),
            triage_written_citation=self.triage_written_citation,
            acceptance_several_places_days=self.acceptance_several_places_days,
            forwarding=period(self.forwarding_days, self.forwarding_unit, self.forwarding_citation),
            simple=period(self.simple_days, self.resolution_unit, self.simple_citation),
            resolution_from_receipt=self.resolution_from_receipt,
            extensions_by_complexity=self.extensions_by_complexity,
            acceptance=period(self.acceptance_days, self.acceptance_unit, self.acceptance_citation),
            second=period(self.second_days, self.second_unit, self.second_citation),
            resolution=Period(self.resolution_days, self.resolution_unit, self.resolution_citation),
            complex_days=self.complex_days, remote_days=self.remote_days,
            remote_complex_days=self.remote_complex_days, max_extensions=self.max_extensions,
            extension_days=self.extension_days, warning_days=self.warning_days,
            second_complex_days=self.second_complex_days, second_remote_days=self.second_remote_days,
            second_remote_complex_days=self.second_remote_complex_days,
        )

    @classmethod
    def from_policy(cls, policy: Policy, **extra) -> "SlaPolicy":
        triage, acceptance, second, forwarding = policy.triage, policy.acceptance, policy.second, policy.forwarding
        return cls(
            kind=policy.kind, triage_days=triage.days if triage else None, triage_unit=triage.unit if triage else None,
            triage_citation=triage.citation if triage else None,
            triage_written_citation=policy.triage_written_citation,
            acceptance_several_places_days=policy.acceptance_several_places_days,
            forwarding_days=forwarding.days if forwarding else None,
            forwarding_unit=forwarding.unit if forwarding else None,
            forwarding_citation=forwarding.citation if forwarding else None,
            simple_days=policy.simple.days if policy.simple else None,
            simple_citation=policy.simple.citation if policy.simple else None,
            resolution_from_receipt=policy.resolution_from_receipt,
            extensions_by_complexity=policy.extensions_by_complexity,
            acceptance_days=acceptance.days if acceptance else None,
            acceptance_unit=acceptance.unit if acceptance else None,
            acceptance_citation=acceptance.citation if acceptance else None,
            resolution_days=policy.resolution.days, resolution_unit=policy.resolution.unit,
            resolution_citation=policy.resolution.citation, complex_days=policy.complex_days,
            remote_days=policy.remote_days, remote_complex_days=policy.remote_complex_days,
            max_extensions=policy.max_extensions, extension_days=policy.extension_days,
            warning_days=policy.warning_days, second_days=second.days if second else None,
            second_unit=second.unit if second else None, second_citation=second.citation if second else None,
            second_complex_days=policy.second_complex_days, second_remote_days=policy.second_remote_days,
            second_remote_complex_days=policy.second_remote_complex_days, **extra,
        )


class CalendarOverride(db.Model):
    """A day the government moved (nghỉ bù, làm bù): it wins over weekends and holidays.
    Removing one keeps the row (removed_at), so the history stays readable."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (
        sa.Index("uq_calendar_overrides_active_day", "day", unique=True,
                 postgresql_where=sa.text("removed_at IS NULL"), sqlite_where=sa.text("removed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day = mapped_column(sa.Date, nullable=False)
    is_working: Mapped[bool] = mapped_column(nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(500))  # the decision behind it, e.g. a Prime Minister's notice
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    removed_at = mapped_column(UTCDateTime())
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by = relationship("User", foreign_keys=[created_by_id])


class RetentionPolicy(db.Model):
    """An admin's choice of how many years after closing a kind's cases keep personal data
    (Nghị định 13/2023/NĐ-CP); a kind without a row uses domain/retention.py's default."""

    __tablename__ = "retention_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind = mapped_column(enum_column(CaseKind), nullable=False, unique=True)
    years: Mapped[int] = mapped_column(nullable=False)
    basis: Mapped[str] = mapped_column(sa.String(500))  # the legal basis or the department's decision
    updated_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class AdminEvent(db.Model):
    """The admins' audit trail (append-only): policy, calendar and routing changes."""

    __tablename__ = "admin_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime(), nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    note: Mapped[str | None] = mapped_column(sa.Text)
    data = mapped_column(sa.JSON, nullable=False, default=dict)

    actor = relationship("User")


@sa.event.listens_for(AdminEvent, "before_update")
@sa.event.listens_for(AdminEvent, "before_delete")
def _refuse_changing_history(mapper, connection, target):
    raise RuntimeError("the admin audit trail is append-only")
