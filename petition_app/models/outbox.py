"""Outgoing mail, written in the same transaction as the change that causes it."""
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime, enum_column, utcnow


class OutboxStatus(str, Enum):
    PENDING = "pending"  # waiting for its first or next attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after the configured number of attempts
    CANCELLED = "cancelled"  # an admin decided it must not go (kept, for the record)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    # Set for messages that must never go twice (e.g. one reminder per case and deadline).
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    recipient: Mapped[str] = mapped_column(sa.String(320))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)  # an HTML alternative (the formatted answer)
    status = mapped_column(enum_column(OutboxStatus), nullable=False, default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime())
