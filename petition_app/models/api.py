"""Partner systems that file through the public API with a key an admin issued."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow


class ApiPartner(db.Model):
    """A partner system (the province's portal, a hotline's software). Only the SHA-256 of its key
    is stored: the key is shown once, when issued. A revoked key stays, for the audit trail."""

    __tablename__ = "api_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(sa.String(8))  # to recognise a key without storing it
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    last_used_at = mapped_column(UTCDateTime())

    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
