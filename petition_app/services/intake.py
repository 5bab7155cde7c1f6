"""Receiving a case (tiếp nhận đơn) from the public form or from staff."""
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..clock import local_date
from ..domain.cases import CaseKind, CaseStatus
from ..domain.tracking import new_tracking_code
from ..extensions import db
from ..models import Attachment, Case, Petitioner, Unit, User
from . import attachments as files
from . import intake_rules as rules
from . import notifications
from .audit import record_event
from .deadlines import refresh_deadlines
from .intake_rules import IntakeRefused, IntakeRequest, PetitionerData

log = logging.getLogger(__name__)

__all__ = ["FiledCase", "IntakeRefused", "IntakeRequest", "PetitionerData", "file_case", "submission_key"]


@dataclass
class FiledCase:
    case: Case
    created: bool  # False when the same form was submitted again
    # Read before the commit expires the case, so that callers need no reload.
    case_id: int
    tracking_code: str


MAX_CODE_ATTEMPTS = 5


def file_case(request: IntakeRequest, uploads: list[files.Upload], *, now: datetime,
              actor: User | None = None, source: dict | None = None) -> FiledCase:
    """Record a new case, its petitioner and files, the audit event and the acknowledgement.

    1. The rules (intake_rules): consent, who may be anonymous, the complaint filing windows (first and second
       time; staff may receive a late one with the reason Điều 9 accepts), a receipt date typed by
       staff further back than RECEIPT_BACKDATE_DAYS only when confirmed.
    2. The files are checked by content, then written under random names.
    3. Case, petitioner, attachments, the "received" event and the
       acknowledgement e-mail are committed together; on any failure nothing
       is kept, files included. ``source`` says which interface and partner a machine filed
       through (``{"via": "open311", "partner": …}``), kept in the "received" event.
    4. A form submitted twice (same submission token, same browser session)
       hits the unique constraint and returns the case the first submission
       made. The token replayed from another session files a new case: it never
       reveals another person's filing.
    """
    refusals: list[IntakeRefused] = []
    received_at = rules.received_at(request, now, actor, refusals)
    try:
        filed_late = rules.check_rules(request, local_date(received_at), actor)
    except IntakeRefused as refused:
        refusals.append(refused)
    if refusals:
        raise IntakeRefused(refusals[0].field, refusals[0].message, others=refusals[1:])
    backdated_days = (local_date(now) - local_date(received_at)).days
    checked = files.check_uploads(uploads)

    for attempt in range(MAX_CODE_ATTEMPTS):
        stored: list[str] = []
        try:
            case = _build_case(request, received_at, actor, now, filed_late)
            for item in checked:
                storage_name, sha256 = files.store(item)
                stored.append(storage_name)
                case.attachments.append(Attachment(
                    storage_name=storage_name, original_name=item.display_name,
                    content_type=item.file_type.value, size_bytes=item.size, sha256=sha256,
                    uploaded_at=now, uploaded_by_id=actor.id if actor else None,
                ))
            deadlines = refresh_deadlines(case)
            db.session.add(case)
            db.session.flush()
            record_event(case, "received", now=now, actor=actor, to_status=CaseStatus.RECEIVED, first=True,
                         data=_received_event_data(case, len(checked), backdated_days) | (source or {}))
            notifications.acknowledge_filing(case, deadlines)
            filed = FiledCase(case, created=True, case_id=case.id, tracking_code=case.tracking_code)
            db.session.commit()
            return filed
        except OSError as exc:  # the upload folder is not writable, or the disk is full
            db.session.rollback()
            files.discard(stored)
            log.error("attachments could not be stored: %s", type(exc).__name__)
            raise files.AttachmentRefused([("storage", "")]) from exc
        except IntegrityError:
            db.session.rollback()
            files.discard(stored)
            existing = _find_submission(submission_key(request))
            if existing is not None:
                return FiledCase(existing, created=False, case_id=existing.id,
                                 tracking_code=existing.tracking_code)
            if attempt == MAX_CODE_ATTEMPTS - 1:
                raise
        except BaseException:
            db.session.rollback()
            files.discard(stored)
            raise
    raise AssertionError("unreachable")


def submission_key(request: IntakeRequest) -> str | None:
    """What is stored for the double-submit check: the token bound to the session that got it."""
    if not request.submission_token or not request.submitter:
        return None
    return hashlib.sha256(f"{request.submitter}\0{request.submission_token}".encode()).hexdigest()


def _find_submission(key: str | None) -> Case | None:
    if not key:
        return None
    return db.session.scalar(sa.select(Case).where(Case.submission_token == key))


def _received_event_data(case: Case, attachments: int, backdated_days: int) -> dict:
    """What the "received" event keeps: who received it is the event's actor; a back-dated
    receipt, a late complaint's reason and the consent's form are kept with it."""
    data = {"channel": case.channel.value, "attachments": attachments, "filed_late": case.filed_late,
            "sla_policy_version": case.sla_policy.version}
    if backdated_days > 0:
        data["backdated_days"] = backdated_days
    if case.late_reason is not None:
        data["late_reason"] = case.late_reason.value
        data["late_reason_note"] = case.late_reason_note
    if case.consent_means is not None:
        data["consent_means"] = case.consent_means.value
    return data


def _build_case(request: IntakeRequest, received_at: datetime, actor: User | None, now: datetime,
                filed_late: bool) -> Case:
    """The new case; its deadlines are set by ``refresh_deadlines``, the one place that does."""
    petitioner = None
    if request.petitioner is not None:
        petitioner = Petitioner(**vars(request.petitioner), consent_at=now, created_at=now,
                                is_protected=request.kind is CaseKind.DENUNCIATION)
    intake_unit_id = (
        sa.select(Unit.id)
        .where(Unit.code == current_app.config["INTAKE_UNIT_CODE"], Unit.is_active)
        .scalar_subquery()
    )
    return Case(
        tracking_code=new_tracking_code(),
        kind=request.kind,
        channel=request.channel,
        status=CaseStatus.RECEIVED,
        subject=request.subject,
        content=request.content,
        location=request.location,
        complained_decision=request.complained_decision,
        learned_on=request.learned_on,
        filed_late=filed_late,
        late_reason=request.late_reason if filed_late else None,
        late_reason_note=(request.late_reason_note or None) if filed_late else None,
        consent_means=request.consent_means if actor is not None else None,
        is_second_time=request.kind is CaseKind.COMPLAINT and request.is_second_time,
        is_remote=request.kind is CaseKind.COMPLAINT and request.is_remote,
        first_decision_number=request.first_decision_number if request.is_second_time else None,
        first_decision_on=request.first_decision_on if request.is_second_time else None,
        first_accepted_on=request.first_accepted_on if request.is_second_time else None,
        accused=request.accused,
        info_form=request.info_form,
        info_delivery=request.info_delivery,
        unit_id=intake_unit_id,  # resolved inside the INSERT: no extra round trip
        created_by_id=actor.id if actor else None,
        petitioner=petitioner,
        is_anonymous=petitioner is None,
        cosigner_count=request.cosigner_count,
        received_at=received_at,
        submission_token=submission_key(request),
        created_at=now,
        updated_at=now,
        holds=[], extensions=[],  # known empty: no lazy load after the flush
    )
