"""Receiving a case (tiếp nhận đơn) from the public form or from staff."""
import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..clock import local_date
from ..domain.cases import CaseKind, CaseStatus
from ..domain.tracking import new_tracking_code
from ..extensions import db
from ..models import Attachment, Case, CaseEvent, Petitioner, Unit, User
from . import attachments as files
from . import intake_rules as rules
from . import notifications, policies
from .audit import event_row
from .deadlines import deadline_fields, refresh_deadlines
from .intake_rules import IntakeRefused, IntakeRequest, PetitionerData

log = logging.getLogger(__name__)

__all__ = ["FiledCase", "IntakeRefused", "IntakeRequest", "PetitionerData", "file_case", "submission_key"]


@dataclass
class FiledCase:
    case_id: int
    tracking_code: str
    created: bool  # False when the same form was submitted again

    @property
    def case(self) -> Case:
        """The case as stored (read when asked: the intake itself writes without ORM objects)."""
        return db.session.get(Case, self.case_id)


MAX_CODE_ATTEMPTS = 5


def file_case(request: IntakeRequest, uploads: list[files.Upload], *, now: datetime,
              actor: User | None = None, source: dict | None = None,
              before_commit: Callable[[FiledCase], None] | None = None) -> FiledCase:
    """Record a new case, its petitioner and files, the audit event and the acknowledgement.

    1. The rules (intake_rules): consent, who may be anonymous, the complaint filing windows (first and second
       time; staff may receive a late one with the reason Điều 9 accepts), a receipt date typed by
       staff further back than RECEIPT_BACKDATE_DAYS only when confirmed.
    2. The files are checked by content, then written under random names.
    3. Case, petitioner, attachments, the "received" event and the
       acknowledgement e-mail are committed together; on any failure nothing
       is kept, files included. ``source`` says which interface and partner a machine filed
       through (``{"via": "open311", "partner": …}``), kept in the "received" event;
       ``before_commit`` adds the caller's own changes to the same transaction (the reception desk
       links its visit). The rows are written by Core INSERTs, one statement each: the ORM's unit
       of work cost about a third of a submission (issue 15). The case is counted under its kind's
       current policy version as this process knows it, checked in the case's own INSERT.
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
            known = policies.known_current(case.kind)
            deadlines = refresh_deadlines(case, known.policy)
            _write_case(case)
            if case.sla_policy_id != known.id:  # an admin changed the policy in another process meanwhile
                policies.forget_current(case.kind)
                known = policies.known_current(case.kind)
                deadlines = refresh_deadlines(case, known.policy)
                _rewrite_deadlines(case, known.id, deadlines)
            attachments = []
            for item in checked:
                storage_name, sha256 = files.store(item)
                stored.append(storage_name)
                attachments.append(dict(
                    case_id=case.id, storage_name=storage_name, original_name=item.display_name,
                    content_type=item.file_type.value, size_bytes=item.size, sha256=sha256,
                    uploaded_at=now, uploaded_by_id=actor.id if actor else None,
                ))
            if attachments:
                db.session.connection().execute(_INSERT_ATTACHMENTS, attachments)
            event = event_row(case.id, "received", now=now, actor=actor, to_status=CaseStatus.RECEIVED,
                              data=_received_event_data(case, known.version, len(checked), backdated_days)
                              | (source or {}))
            db.session.connection().execute(_INSERT_EVENT, event)
            notifications.acknowledge_filing(case, deadlines)
            filed = FiledCase(case_id=case.id, tracking_code=case.tracking_code, created=True)
            if before_commit is not None:
                before_commit(filed)
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
                return FiledCase(case_id=existing.id, tracking_code=existing.tracking_code, created=False)
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


def _write_case(case: Case) -> None:
    """INSERT the petitioner and the case (its unit and policy resolved in the statement); sets their ids.
    The statements are built once and take the values as parameters: a statement built per call
    costs more to build and to look up in SQLAlchemy's cache than to run."""
    connection = db.session.connection()
    petitioner = case.petitioner
    values = _columns(case)
    if petitioner is not None:
        petitioner.id = connection.execute(_INSERT_PETITIONER, _columns(petitioner)).scalar_one()
        values["petitioner_id"] = petitioner.id
    values.pop("unit_id")
    statement = _insert_case(case.kind, current_app.config["INTAKE_UNIT_CODE"])
    case.id, case.sla_policy_id = connection.execute(statement, values).one()


_INSERT_PETITIONER = sa.insert(Petitioner.__table__).returning(Petitioner.__table__.c.id)
_INSERT_EVENT = sa.insert(CaseEvent.__table__)
_INSERT_ATTACHMENTS = sa.insert(Attachment.__table__)


@functools.cache
def _insert_case(kind: CaseKind, intake_unit_code: str) -> sa.Insert:
    """The case's INSERT: the intake unit and the kind's current policy are read inside it."""
    table, units = Case.__table__, Unit.__table__
    intake_unit = (sa.select(units.c.id).where(units.c.code == intake_unit_code, units.c.is_active)
                   .scalar_subquery())
    return (sa.insert(table).values(unit_id=intake_unit, sla_policy_id=policies.current_id(kind))
            .returning(table.c.id, table.c.sla_policy_id))


def _rewrite_deadlines(case: Case, policy_id: int, deadlines: dict) -> None:
    """The case counted again under the version its INSERT found (rare: a policy changed meanwhile)."""
    table = Case.__table__
    db.session.execute(sa.update(table).where(table.c.id == case.id).values(
        {name: getattr(case, name) for name in deadline_fields(case, deadlines)} | {"sla_policy_id": policy_id}))


def _columns(row) -> dict:
    """The column values set on a new (transient) ORM object, for its Core INSERT; the columns left
    unset get their defaults there."""
    state = sa.inspect(row)
    attrs = state.mapper.column_attrs
    return {attrs[key].columns[0].name: value for key, value in state.dict.items() if key in attrs}


def _received_event_data(case: Case, policy_version: int, attachments: int, backdated_days: int) -> dict:
    """What the "received" event keeps: who received it is the event's actor; a back-dated
    receipt, a late complaint's reason and the consent's form are kept with it."""
    data = {"channel": case.channel.value, "attachments": attachments, "filed_late": case.filed_late,
            "sla_policy_version": policy_version}
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
        unit_id=None,  # the intake unit, resolved inside the INSERT (_insert_case): no extra round trip
        created_by_id=actor.id if actor else None,
        petitioner=petitioner,
        is_anonymous=petitioner is None,
        cosigner_count=request.cosigner_count,
        received_at=received_at,
        submission_token=submission_key(request),
        created_at=now,
        updated_at=now,
        holds=[], extensions=[],  # known empty: no lazy load
    )
