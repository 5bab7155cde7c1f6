"""The scheduler process: its jobs, the leader election, the morning digest."""
import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.jobs import LeaderLock, build_scheduler
from petition_app.models import OutboxMessage
from petition_app.services.digest import send_digests
from petition_app.services.sweep import sweep_deadlines
from tests.services.test_sweep import accepted, at, team  # noqa: F401  (same case and staff)


def test_the_scheduler_has_its_six_jobs_at_their_times(app):
    scheduler = build_scheduler(app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"sweep_deadlines", "send_outbox", "daily_digest", "build_prepared_files", "heartbeat",
                         "apply_retention"}
    assert str(jobs["apply_retention"].trigger) == "cron[hour='2', minute='15']"
    assert jobs["heartbeat"].trigger.interval.total_seconds() == 30
    assert jobs["build_prepared_files"].trigger.interval.total_seconds() == 5
    assert str(jobs["daily_digest"].trigger) == "cron[day_of_week='mon-sat', hour='7', minute='30']"
    assert jobs["sweep_deadlines"].trigger.interval.total_seconds() == 300
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())


def test_a_job_that_fails_is_logged_and_rolled_back_not_fatal(app, caplog):
    from petition_app.jobs import _in_app

    def broken(now):
        db.session.execute(sa.text("SELECT 1"))
        raise RuntimeError("SMTP exploded")

    _in_app(app, broken)()
    assert "job broken failed" in caplog.text


@pytest.mark.postgres_only
def test_only_one_scheduler_leads(app):
    first, second = LeaderLock(db.engine), LeaderLock(db.engine)
    try:
        assert first.try_acquire() is True
        assert second.try_acquire() is False
        first.release()
        assert second.try_acquire() is True
    finally:
        first.release()
        second.release()


def test_the_morning_digest_lists_overdue_and_due_soon_cases_once_a_day(accepted, clock, team):  # noqa: F811
    clock.set(at(2026, 11, 25, 7, 30))
    sweep_deadlines(clock.now)  # the case went overdue on 23/11
    assert send_digests(clock.now) == 2  # the unit head and leadership
    assert send_digests(clock.now) == 0  # a rerun (restart, catch-up) sends nothing more
    digest = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == team["head"].email,
                                                             OutboxMessage.dedupe_key.like("digest:%")))
    assert "QUÁ HẠN (1)" in digest.body_text and accepted.tracking_code in digest.body_text
    assert "hạn 23/11/2026" in digest.body_text
    assert "25/11/2026" in digest.subject


def test_no_digest_on_a_holiday(accepted, clock):  # noqa: F811
    clock.set(at(2026, 11, 24, 7, 30))  # Culture Day
    sweep_deadlines(clock.now)
    assert send_digests(clock.now) == 0


def _kill_session_of(lock: LeaderLock) -> None:
    """What a PostgreSQL restart does to the leader: its lock's session ends."""
    pid = lock.connection.scalar(sa.text("SELECT pg_backend_pid()"))
    lock.connection.commit()
    killer = sa.create_engine(db.engine.url)
    with killer.begin() as conn:
        assert conn.scalar(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    killer.dispose()


@pytest.mark.postgres_only
def test_a_leader_whose_session_ended_takes_the_free_lock_again(app):
    lock = LeaderLock(db.engine)
    try:
        assert lock.try_acquire() and lock.still_held()
        _kill_session_of(lock)
        assert lock.still_held() is True  # nobody else had it: taken again on a new session
        other = LeaderLock(db.engine)
        assert other.try_acquire() is False
        other.release()
    finally:
        lock.release()


@pytest.mark.postgres_only
def test_a_leader_whose_lock_was_taken_meanwhile_stops_its_jobs(app):
    import threading

    from petition_app.jobs import _lead

    app.config["HEARTBEAT_SECONDS"] = 1
    lock, standby = LeaderLock(db.engine), LeaderLock(db.engine)
    try:
        assert lock.try_acquire()
        result = []
        leader = threading.Thread(target=lambda: result.append(_lead(app, lock)), daemon=True)
        leader.start()
        _kill_session_of(lock)
        assert standby.try_acquire() is True  # the standby took over meanwhile
        leader.join(timeout=15)
        assert not leader.is_alive() and result == [True]  # stopped within a heartbeat or two: not a second leader
    finally:
        standby.release()
        lock.release()
