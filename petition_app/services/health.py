"""Health for the load balancer: is the database reachable, is its schema the code's, is the
scheduler's leader alive. Nothing else is said (no versions, hosts, counts or errors)."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..clock import as_aware
from ..extensions import db
from ..models import SchedulerHeartbeat

HEARTBEAT_ID = 1


@dataclass(frozen=True)
class Health:
    database: str  # ok | down
    migrations: str  # current | not_current (the schema is not the code's) | unknown (the database is down)
    scheduler: str  # ok | stale | none (no leader has ever beaten)

    @property
    def serving(self) -> bool:
        """Whether this node should get traffic: the scheduler's state does not decide it."""
        return self.database == "ok" and self.migrations == "current"


def check(now: datetime) -> Health:
    try:
        stored = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
        beat = db.session.scalar(sa.select(SchedulerHeartbeat.beat_at).where(SchedulerHeartbeat.id == HEARTBEAT_ID))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("health check: the database is not reachable")
        return Health("down", "unknown", "none")
    finally:
        db.session.remove()
    migrations = "current" if stored == {code_head()} else "not_current"
    if beat is None:
        scheduler = "none"
    else:
        late = timedelta(seconds=current_app.config["HEARTBEAT_STALE_SECONDS"])
        scheduler = "ok" if now - as_aware(beat) <= late else "stale"
    return Health("ok", migrations, scheduler)


def code_head() -> str:
    """The newest migration this code ships (read once per process)."""
    head = current_app.extensions.get("migrations_head")
    if head is None:
        from alembic.script import ScriptDirectory

        directory = current_app.extensions["migrate"].directory
        head = current_app.extensions["migrations_head"] = ScriptDirectory(directory).get_current_head()
    return head


def beat(now: datetime, *, new_leader: bool = False) -> None:
    """The scheduler's heartbeat job: one row, updated by the leader (``new_leader`` when it has
    just taken the lock)."""
    row = db.session.get(SchedulerHeartbeat, HEARTBEAT_ID)
    if row is None:
        db.session.add(SchedulerHeartbeat(id=HEARTBEAT_ID, beat_at=now, leader_since=now))
    else:
        row.beat_at = now
        if new_leader:
            row.leader_since = now
    db.session.commit()
