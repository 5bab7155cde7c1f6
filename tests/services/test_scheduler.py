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
