"""A citizen's request for the personal data held about them in a case (Nghị định 13/2023/NĐ-CP)."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.personal_data import DataRequestStatus
from ..extensions import db
from .types import UTCDateTime, enum_column


class PersonalDataRequest(db.Model):
    """From the code sent (unverified) to the data sent (fulfilled). The code is kept only as a
    keyed hash, and cleared once used or spent."""

    __tablename__ = "personal_data_requests"
    __table_args__ = (sa.Index("ix_personal_data_requests_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    status = mapped_column(enum_column(DataRequestStatus), nullable=False, default=DataRequestStatus.UNVERIFIED)
    email: Mapped[str] = mapped_column(sa.String(320))  # the case's address the code went to
    code_hash: Mapped[str | None] = mapped_column(sa.String(64))
    code_expires_at = mapped_column(UTCDateTime(), nullable=False)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at = mapped_column(UTCDateTime(), nullable=False)
    verified_at = mapped_column(UTCDateTime())
    due_at = mapped_column(UTCDateTime())
    fulfilled_at = mapped_column(UTCDateTime())
    fulfilled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case = relationship("Case")
    fulfilled_by = relationship("User")
