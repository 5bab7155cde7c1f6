"""Opening balances of the statistical forms (số liệu kỳ trước chuyển sang nhập tay)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class ReportOpeningBalance(db.Model):
    """Cases carried over from before the system was used, per form, carried-over column and
    unit (None: the department as a whole), counted in every period starting on or after
    ``as_of``. Entered by admins; each change is in the admins' audit trail."""

    __tablename__ = "report_opening_balances"
    __table_args__ = (
        sa.UniqueConstraint("form", "measure", "unit_id", name="uq_report_opening_balances_cell"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[str] = mapped_column(sa.String(20))
    measure: Mapped[str] = mapped_column(sa.String(60))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    amount: Mapped[int] = mapped_column(default=0)
    as_of = mapped_column(sa.Date, nullable=False)
    updated_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    unit = relationship("Unit")
