"""Scheduled jobs, run by one process: ``flask scheduler run``.

The web workers never start a scheduler. With several hosts, every host may
run ``flask scheduler run``: a PostgreSQL advisory lock elects one leader and
the others wait as standbys (on SQLite there is one process by design). The
jobs are idempotent — the sweep and the digest write their notices under
unique dedupe keys — so a restart or a catch-up run sends nothing twice.
"""
import contextlib
import logging
import time as time_module
from collections.abc import Callable

import sqlalchemy as sa
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy.exc import DBAPIError

from .clock import LOCAL_TZ, utcnow
from .extensions import db

log = logging.getLogger(__name__)
LEADER_LOCK_KEY = 0x70657469  # "peti": one number for the whole deployment


class LeaderLock:
    """Held on its own connection for the life of the scheduler process."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.connection = None

    def try_acquire(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return True  # SQLite: a single process by design
        if self.connection is None:
            self.connection = self.engine.connect()
        acquired = self.connection.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY})
        self.connection.commit()
        return bool(acquired)

    def still_held(self) -> bool:
        """Whether this process still leads. A database restart, a failover or a killed backend ends
        the lock's session and the lock with it, and a standby may have taken it since: a leader
        that kept running its jobs then would be a second leader. Lost, it takes the lock again if
        it is free; False if another scheduler has it."""
        if self.engine.dialect.name != "postgresql":
            return True
        if self.connection is not None:
            try:
                held = self.connection.scalar(sa.text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                    "AND classid = 0 AND objid = :k AND granted"), {"k": LEADER_LOCK_KEY})
                self.connection.commit()
                if held:
                    return True
            except DBAPIError:
                log.warning("the leader lock's database session is gone")
            self._drop()
        try:
            return self.try_acquire()
        except DBAPIError:
            self._drop()
            return False  # the database is still down: stop leading until it is back

    def _drop(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(DBAPIError):
                self.connection.invalidate()
                self.connection.close()
            self.connection = None

    def release(self) -> None:
        """Unlock explicitly: closing returns the connection to the pool, where the session (and a
        session-level advisory lock) would live on. A crashed process loses it with its connection."""
        if self.connection is not None:
            try:
                self.connection.execute(sa.text("SELECT pg_advisory_unlock_all()"))
                self.connection.commit()
                self.connection.close()
            except DBAPIError:  # the session is gone, and its lock with it
                self._drop()
            self.connection = None


def _in_app(app: Flask, job: Callable) -> Callable[[], None]:
    def run():
        with app.app_context():
            try:
                result = job(utcnow())
                # A job that found nothing to do (0, None, an empty report) is not worth an INFO line
                # every few seconds.
                (log.info if result else log.debug)("job %s: %s", job.__name__, result)
            except Exception:
                db.session.rollback()
                log.exception("job %s failed; it will run again at its next time", job.__name__)
            finally:
                db.session.remove()

    run.__name__ = job.__name__
    return run


def build_prepared_files(now) -> int:
    """Build the queued large files of every kind: the log book's exports and long reports."""
    from .i18n import label
    from .services import log_exports, prepared_files, report_files

    builders = {log_exports.KIND: log_exports.builder(label), report_files.KIND: report_files.builder()}
    return prepared_files.build_pending(now, builders)


def build_scheduler(app: Flask) -> BlockingScheduler:
    """The jobs and their times (Vietnam time): sweep every 5 minutes, outbox every minute, large
    files (log book exports, long reports) every few seconds, the leader's heartbeat (for the
    health endpoint), the digest at 07:30 on weekdays (the job itself skips holidays), the
    retention of personal data at 02:15."""
    from .services.digest import send_digests
    from .services.health import beat
    from .services.outbox import send_due
    from .services.retention import apply_retention
    from .services.sweep import sweep_deadlines

    scheduler = BlockingScheduler(timezone=LOCAL_TZ)
    options = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    scheduler.add_job(_in_app(app, sweep_deadlines), "interval", minutes=app.config["SWEEP_INTERVAL_MINUTES"],
                      id="sweep_deadlines", next_run_time=utcnow(), **options)
    scheduler.add_job(_in_app(app, send_due), "interval", minutes=1, id="send_outbox", next_run_time=utcnow(),
                      **options)
    scheduler.add_job(_in_app(app, build_prepared_files), "interval",
                      seconds=app.config["LOG_EXPORT_INTERVAL_SECONDS"], id="build_prepared_files",
                      next_run_time=utcnow(), **options)
    scheduler.add_job(_in_app(app, beat), "interval", seconds=app.config["HEARTBEAT_SECONDS"], id="heartbeat",
                      next_run_time=utcnow(), **options)
    scheduler.add_job(_in_app(app, send_digests), "cron", day_of_week="mon-sat", hour=7, minute=30,
                      id="daily_digest", **options)
    scheduler.add_job(_in_app(app, apply_retention), "cron", hour=2, minute=15, id="apply_retention", **options)
    return scheduler


def run_scheduler(app: Flask, *, standby_poll_seconds: int = 30) -> None:
    """Become the leader (or wait to), then run the jobs until stopped. A leader that finds it has
    lost the lock (checked at each heartbeat) stops its jobs and stands by again."""
    from .services.health import beat

    while True:
        with app.app_context():
            lock = LeaderLock(db.engine)
            while not _try(lock):
                log.info("another scheduler is the leader; standing by")
                time_module.sleep(standby_poll_seconds)
        log.info("scheduler is the leader; starting jobs")
        with app.app_context():
            beat(utcnow(), new_leader=True)
        if not _lead(app, lock):
            return


def _lead(app: Flask, lock: LeaderLock) -> bool:
    """Run the jobs while this process leads; True when it stopped because it lost the lock."""
    scheduler = build_scheduler(app)
    lost = []

    def keep_leadership():
        if not lock.still_held():
            log.error("scheduler lost the leader lock (database restarted?); stopping its jobs")
            lost.append(True)
            scheduler.shutdown(wait=False)

    scheduler.add_job(keep_leadership, "interval", seconds=app.config["HEARTBEAT_SECONDS"], id="keep_leadership",
                      coalesce=True, max_instances=1)
    try:
        scheduler.start()
    finally:
        lock.release()
    return bool(lost)


def _try(lock: LeaderLock) -> bool:
    """Take the lock; a database that is down is "not now", not a crash of the scheduler."""
    try:
        return lock.try_acquire()
    except DBAPIError:
        lock._drop()
        log.warning("database unreachable; the scheduler will try again")
        return False
