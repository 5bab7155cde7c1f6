"""A published outcome (kết quả giải quyết được công khai): the public register's row.

A snapshot taken when the outcome is published: only what the public may see
(kind, field, unit, outcome, dates, the redacted summary), never a petitioner's
data, so the register reads this table alone and cannot leak what it does not hold.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.cases import CaseKind
from ..domain.workflow import Outcome
from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class Publication(db.Model):
    __tablename__ = "publications"
    __table_args__ = (
        sa.Index("ix_publications_kind_id", "kind", "id"),
        sa.Index("ix_publications_unit_id_id", "unit_id", "id"),
        sa.Index("ix_publications_resolved_on", "resolved_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # grows with publication: the register's keyset order
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), unique=True)
    tracking_code: Mapped[str] = mapped_column(sa.String(19), unique=True)
    kind = mapped_column(enum_column(CaseKind), nullable=False)
    category: Mapped[str | None] = mapped_column(sa.String(50), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    outcome = mapped_column(enum_column(Outcome), nullable=False)
    resolved_on = mapped_column(sa.Date, nullable=False)  # local date of the resolution
    is_late: Mapped[bool] = mapped_column(default=False, index=True)  # resolved after its resolution deadline
    summary_html: Mapped[str] = mapped_column(sa.Text)  # redacted, rendered, cleaned
    search_text: Mapped[str] = mapped_column(sa.Text)  # domain.redaction.fold of the summary: trigram-indexed on PG
    published_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False, index=True)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # A complaint's or denunciation's outcome is published only on leadership's approval: who and when.
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at = mapped_column(UTCDateTime())

    unit = relationship("Unit", lazy="joined")
