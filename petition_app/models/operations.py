"""What operations read about the running system."""
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import UTCDateTime


class SchedulerHeartbeat(db.Model):
    """One row: the moment the scheduler's leader last ran its heartbeat job (the health endpoint
    reads its age). Written by whichever process holds the leader lock."""

    __tablename__ = "scheduler_heartbeats"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    beat_at = mapped_column(UTCDateTime(), nullable=False)
    leader_since = mapped_column(UTCDateTime(), nullable=False)
