"""The mail outbox: messages are queued with the change that causes them and
delivered later, so a failing mail server never loses or blocks a case."""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_mail import Message

from ..extensions import db, mail
from ..models import OutboxMessage, OutboxStatus
from .audit import record_admin_event
from .refusals import Refused

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


def enqueue(recipient: str, subject: str, body_text: str, *, now: datetime, case_id: int | None = None,
            dedupe_key: str | None = None, body_html: str | None = None) -> OutboxMessage:
    """Queue a message in the current transaction (the caller commits)."""
    message = OutboxMessage(**_message(recipient, subject, body_text, now=now, case_id=case_id,
                                       dedupe_key=dedupe_key, body_html=body_html))
    db.session.add(message)
    return message


def enqueue_at_once(recipient: str, subject: str, body_text: str, *, now: datetime, case_id: int) -> int:
    """``enqueue`` written at once by one INSERT, without an ORM object (the intake's path; the caller
    commits). Returns the message's id."""
    values = _message(recipient, subject, body_text, now=now, case_id=case_id)
    return db.session.connection().execute(_INSERT, values).scalar_one()


_INSERT = sa.insert(OutboxMessage.__table__).returning(OutboxMessage.__table__.c.id)


def _message(recipient: str, subject: str, body_text: str, *, now: datetime, case_id: int | None,
             dedupe_key: str | None = None, body_html: str | None = None) -> dict:
    return dict(recipient=recipient, subject=subject[:300], body_text=body_text, body_html=body_html,
                case_id=case_id, dedupe_key=dedupe_key, next_attempt_at=now, created_at=now)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failure, never more than six hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:  # a pass that touched nothing is not worth a log line
        return bool(self.sent or self.failed or self.gave_up)


def send_due(now: datetime, limit: int | None = None) -> SendReport:
    """Deliver the messages that are due, one transaction per message.

    On PostgreSQL rows are claimed with ``FOR UPDATE SKIP LOCKED`` so that two
    senders never take the same message. A failure records the error and
    schedules the next attempt; after ``OUTBOX_MAX_ATTEMPTS`` the message is
    marked failed and stays in the table for staff to see.
    """
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    report = SendReport()
    for _attempt in range(limit):
        message = _claim_next(now)
        if message is None:
            break
        try:
            mail.send(
                Message(
                    subject=message.subject,
                    recipients=[message.recipient],
                    body=message.body_text,
                    html=message.body_html,
                    extra_headers={"X-Petition-Outbox-Id": str(message.id)},
                )
            )
        except Exception as exc:  # any delivery failure: SMTP, socket, DNS, TLS
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
                report.gave_up += 1
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
            report.failed += 1
            report.errors.append(message.last_error)
            log.warning("outbox message %s not delivered (attempt %s): %s",
                        message.id, message.attempts, type(exc).__name__)
        else:
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.last_error = None
            report.sent += 1
        db.session.commit()
    return report


def _claim_next(now: datetime) -> OutboxMessage | None:
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalars(query).first()


# --- what admins see and do (admin/outbox.py) ----------------------------------------------------

PAGE_SIZE = 50


class OutboxRefused(Refused):
    """A retry or cancel that does not apply to the message as it is now."""


def counts() -> dict[OutboxStatus, int]:
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status))
    found = dict(rows.all())
    return {status: found.get(status, 0) for status in OutboxStatus}


def messages(status: OutboxStatus, before_id: int | None = None) -> list[OutboxMessage]:
    """One page of a status, newest first (keyset on id)."""
    query = sa.select(OutboxMessage).where(OutboxMessage.status == status)
    if before_id is not None:
        query = query.where(OutboxMessage.id < before_id)
    return list(db.session.scalars(query.order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE)))


def retry(message_id: int, *, actor, now: datetime) -> OutboxMessage:
    """Send a failed (or waiting) message at the next pass; it gets one more attempt."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status not in (OutboxStatus.FAILED, OutboxStatus.PENDING):
        raise OutboxRefused(None, _("Chỉ gửi lại được thư chưa gửi hoặc gửi không được."))
    before = message.status
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now
    record_admin_event("outbox.retried", actor=actor, now=now, data={"message": message.id,
                                                                     "case": message.case_id, "was": before.value})
    db.session.commit()
    return message


def cancel(message_id: int, *, actor, now: datetime) -> OutboxMessage:
    """Never send this message (it stays in the table, marked cancelled)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status not in (OutboxStatus.FAILED, OutboxStatus.PENDING):
        raise OutboxRefused(None, _("Chỉ huỷ được thư chưa gửi hoặc gửi không được."))
    before = message.status
    message.status = OutboxStatus.CANCELLED
    record_admin_event("outbox.cancelled", actor=actor, now=now, data={"message": message.id,
                                                                       "case": message.case_id, "was": before.value})
    db.session.commit()
    return message


def masked(address: str) -> str:
    """An address as admins see it: enough to diagnose a domain, not to read who wrote (a
    denouncer's address is part of the identity the law protects)."""
    local, _at, domain = (address or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
