"""A citizen's request for the personal data held about them in a case (Nghị định 13/2023/NĐ-CP,
Điều 9 khoản 7 and Điều 14), from the one-time code to the data sent.

1. ``send_code``: the citizen gives the tracking code; if the case has an e-mail, a code goes there
   through the outbox. The answer is the same whatever the case holds: the page tells nothing the
   status page does not.
2. ``verify``: the tracking code and the code; a match records the request (the case's trail
   keeps it) and starts the period (``PERSONAL_DATA_RESPONSE_HOURS``, 72 by default).
3. ``assemble`` and ``fulfil``: leadership (supervisors) read what is held and send it to the
   verified address; the case's trail keeps who sent it. Admins see the list and its deadlines but
   not the data: a denouncer's identity is for leadership (Luật Tố cáo 2018, Điều 47).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.exceptions import NotFound

from ..domain.cases import Role
from ..domain.personal_data import (
    CODE_LIFETIME,
    MAX_CODES_PER_DAY,
    DataRequestStatus,
    Verdict,
    code_digest,
    judge,
    new_code,
)
from ..domain.tracking import normalize_tracking_code
from ..extensions import db
from ..models import Attachment, Case, OutboxMessage, PersonalDataRequest, User
from . import access, notifications
from .audit import record_event
from .cases import checked_reveal_reason

LIST_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
FULFIL_ROLES = frozenset({Role.SUPERVISOR})


def _key() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def _case(tracking_code: str) -> Case | None:
    code = normalize_tracking_code(tracking_code)
    return db.session.scalar(sa.select(Case).where(Case.tracking_code == code)) if code else None


def send_code(tracking_code: str, *, now: datetime) -> None:
    """Send a one-time code to the case's e-mail, if it has one and the day's codes are not used up.
    Returns nothing on purpose: the page answers alike in every case."""
    case = _case(tracking_code)
    email = case.petitioner.email if case is not None and case.petitioner is not None else None
    if not email or case.is_anonymous:
        return
    sent_today = db.session.scalar(sa.select(sa.func.count(PersonalDataRequest.id)).where(
        PersonalDataRequest.case_id == case.id, PersonalDataRequest.created_at > now - timedelta(days=1)))
    if sent_today >= MAX_CODES_PER_DAY:
        return
    # A new code ends the earlier ones of the case that were never used.
    db.session.execute(sa.update(PersonalDataRequest).where(
        PersonalDataRequest.case_id == case.id, PersonalDataRequest.status == DataRequestStatus.UNVERIFIED)
        .values(code_hash=None))
    row = PersonalDataRequest(case_id=case.id, email=email, code_expires_at=now + CODE_LIFETIME, created_at=now,
                              status=DataRequestStatus.UNVERIFIED)
    db.session.add(row)
    db.session.flush()
    code = new_code()
    row.code_hash = code_digest(_key(), row.id, code)
    notifications.send_personal_data_code(case, email, code, now=now, minutes=int(CODE_LIFETIME.total_seconds() // 60))
    db.session.commit()


def verify(tracking_code: str, code: str, *, now: datetime) -> Verdict:
    """Check ``code`` against the latest code sent for the case; record the request on a match.
    An unknown tracking code, or one no code was sent for, is a wrong code."""
    case = _case(tracking_code)
    row = db.session.scalar(
        sa.select(PersonalDataRequest).where(PersonalDataRequest.case_id == case.id,
                                             PersonalDataRequest.status == DataRequestStatus.UNVERIFIED)
        .order_by(PersonalDataRequest.id.desc()).limit(1).with_for_update()) if case is not None else None
    if row is None:
        return Verdict.WRONG
    verdict = judge(key=_key(), request_id=row.id, code_hash=row.code_hash, expires_at=row.code_expires_at,
                    attempts=row.attempts, given=code, now=now)
    if verdict is Verdict.WRONG:
        row.attempts += 1
    elif verdict is Verdict.ACCEPTED:
        row.status, row.code_hash, row.verified_at = DataRequestStatus.OPEN, None, now
        row.due_at = now + timedelta(hours=current_app.config["PERSONAL_DATA_RESPONSE_HOURS"])
        record_event(case, "personal_data.requested", now=now, data={"request_id": row.id})
    db.session.commit()
    return verdict


@dataclass(frozen=True)
class RequestRow:
    id: int
    tracking_code: str
    status: DataRequestStatus
    verified_at: datetime
    due_at: datetime
    fulfilled_at: datetime | None
    is_overdue: bool


def requests(user: User, *, now: datetime) -> list[RequestRow]:
    """Verified requests, open first by deadline, then the latest fulfilled (leadership and admins)."""
    if user.role not in LIST_ROLES:
        raise NotFound()
    query = (sa.select(PersonalDataRequest.id, Case.tracking_code, PersonalDataRequest.status,
                       PersonalDataRequest.verified_at, PersonalDataRequest.due_at, PersonalDataRequest.fulfilled_at)
             .join(Case, Case.id == PersonalDataRequest.case_id))
    open_rows = db.session.execute(query.where(PersonalDataRequest.status == DataRequestStatus.OPEN)
                                   .order_by(PersonalDataRequest.due_at, PersonalDataRequest.id)).all()
    done = db.session.execute(query.where(PersonalDataRequest.status == DataRequestStatus.FULFILLED)
                              .order_by(PersonalDataRequest.fulfilled_at.desc()).limit(100)).all()
    return [RequestRow(*row, is_overdue=row.status is DataRequestStatus.OPEN and row.due_at <= now)
            for row in (*open_rows, *done)]


@dataclass(frozen=True)
class HeldData:
    """What the department holds about the petitioner in the case (for the page, the print and the
    mail): the petitioner's own fields, the files' names, the mails sent to them."""

    request: PersonalDataRequest
    case: Case
    fields: list[tuple[str, str]]  # (field code, value): labelled by the template
    attachments: list[str]
    mails: list[OutboxMessage]
    protected: bool  # a denouncer's: shown only on a deliberate, audited click (reveal)


_PERSON_FIELDS = ("full_name", "citizen_id", "phone", "email", "address", "org_name", "tax_code", "rep_name",
                  "rep_position", "rep_contact")


def assemble(user: User, request_id: int) -> HeldData:
    """The data for one verified request; leadership only (404 for anyone else)."""
    if user.role not in FULFIL_ROLES:
        raise NotFound()
    row = db.session.get(PersonalDataRequest, request_id)
    if row is None or row.status is DataRequestStatus.UNVERIFIED:
        raise NotFound()
    case, person = row.case, row.case.petitioner
    fields = [(name, getattr(person, name)) for name in _PERSON_FIELDS if person and getattr(person, name)]
    if person and person.cosigner_names:
        fields.append(("cosigner_names", "; ".join(person.cosigner_names)))
    if person:
        fields.append(("consent_at", person.consent_at))
    attachments = list(db.session.scalars(sa.select(Attachment.original_name).where(Attachment.case_id == case.id)
                                          .order_by(Attachment.id)))
    mails = list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                                                   OutboxMessage.recipient == row.email)
                                    .order_by(OutboxMessage.id)))
    return HeldData(row, case, fields, attachments, mails, access.identity_is_protected(case))


def reveal(user: User, request_id: int, reason: str, *, second_factor_at: datetime | None,
           now: datetime) -> HeldData:
    """Show a denouncer's data to leadership as the case page does: a typed reason and a recent
    second factor, written to the case's trail (Luật Tố cáo 2018, Điều 47)."""
    held = assemble(user, request_id)
    if held.protected:
        reason = checked_reveal_reason(reason, second_factor_at, now)
        record_event(held.case, "reveal_identity", now=now, actor=user,
                     data={"personal_data_request": request_id, "reason": reason})
        db.session.commit()
    return held


class AlreadyFulfilled(Exception):
    pass


def fulfil(user: User, request_id: int, *, now: datetime) -> PersonalDataRequest:
    """Send the assembled data to the verified address and close the request (audited on the case)."""
    held = assemble(user, request_id)
    row = held.request
    if row.status is not DataRequestStatus.OPEN:
        raise AlreadyFulfilled()
    notifications.send_personal_data(held, now=now)
    row.status, row.fulfilled_at, row.fulfilled_by_id = DataRequestStatus.FULFILLED, now, user.id
    record_event(held.case, "personal_data.provided", now=now, actor=user, data={"request_id": row.id})
    db.session.commit()
    return row
