"""A user's second factor (xác thực hai bước): the TOTP secret and the recovery codes."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, utcnow


class SecondFactor(db.Model):
    """One per user who has started enrolling; in use once ``confirmed_at`` is set.

    The secret is shown only while enrolling (before the first code confirms it)
    and never again. ``last_step`` is the last time-step accepted: a code is good
    once. Failed codes are counted and lock the factor like passwords do.
    """

    __tablename__ = "second_factors"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(sa.String(64))
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    confirmed_at = mapped_column(UTCDateTime())
    last_step: Mapped[int | None] = mapped_column(sa.BigInteger())
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_at = mapped_column(UTCDateTime())
    locked_until = mapped_column(UTCDateTime())

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """A single-use recovery code (mã dự phòng); only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    used_at = mapped_column(UTCDateTime())
