"""Mail goes through the outbox to a real SMTP server on loopback; nothing is lost when it is down."""
from datetime import timedelta

import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import OutboxMessage, OutboxStatus
from petition_app.services.outbox import enqueue, retry_delay, send_due


def queue(clock, n=1):
    for i in range(n):
        enqueue(f"congdan{i}@example.com", f"Thư số {i}", f"Nội dung tiếng Việt số {i}: đã tiếp nhận.",
                now=clock.now)
    db.session.commit()


def test_due_messages_are_delivered_and_marked_sent(smtp, app, clock):
    queue(clock, 3)
    report = send_due(clock.now)
    assert report.sent == 3 and report.failed == 0
    assert sorted(m["To"] for m in smtp.messages) == [f"congdan{i}@example.com" for i in range(3)]
    assert smtp.messages[0]["Subject"].startswith("Thư số")
    assert "đã tiếp nhận" in smtp.messages[0].get_content()
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    assert {r.status for r in rows} == {OutboxStatus.SENT}
    assert all(r.sent_at == clock.now for r in rows)


def test_sent_messages_are_not_sent_again(smtp, app, clock):
    queue(clock)
    send_due(clock.now)
    assert send_due(clock.now).sent == 0
    assert len(smtp.messages) == 1


def test_smtp_down_loses_nothing_and_retries_with_backoff(app, clock):
    # Nothing listens on the configured port: every attempt fails.
    queue(clock)
    report = send_due(clock.now)
    assert report.sent == 0 and report.failed == 1
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert message.next_attempt_at == clock.now + timedelta(minutes=1)
    assert send_due(clock.now).failed == 0  # not due yet
    clock.advance(minutes=1)
    send_due(clock.now)
    assert db.session.scalar(sa.select(OutboxMessage)).next_attempt_at == clock.now + timedelta(minutes=2)


def test_message_is_delivered_once_the_server_is_back(smtp, app, clock):
    smtp.refuse = True
    queue(clock)
    report = send_due(clock.now)
    assert report.failed == 1
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "451" in message.last_error
    smtp.refuse = False
    clock.advance(minutes=5)
    assert send_due(clock.now).sent == 1
    assert len(smtp.messages) == 1
    assert db.session.scalar(sa.select(OutboxMessage)).last_error is None


def test_gives_up_after_the_configured_attempts_and_keeps_the_row(app, clock):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    queue(clock)
    for _ in range(3):
        send_due(clock.now)
        clock.advance(hours=7)
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.status is OutboxStatus.FAILED and message.attempts == 3
    assert message.last_error


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(30) == timedelta(hours=6)


def test_flask_outbox_send_command(smtp, app, clock, runner):
    queue(clock, 2)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 2" in result.output
    assert len(smtp.messages) == 2


def test_intake_acknowledgement_reaches_the_citizen(smtp, app, client, make_unit, clock):
    from tests.web.intake_helpers import VALID, submit

    make_unit("VP", "Văn phòng Sở")
    submit(client, VALID["feedback"])
    assert send_due(clock.now).sent == 1
    (mail,) = smtp.messages
    assert mail["To"] == "an.nguyen@example.com"
    assert "mã tra cứu" in mail["Subject"]
    assert "/tra-cuu/" in mail.get_content()
