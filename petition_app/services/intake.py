"""Receiving a case (tiếp nhận đơn) from the public form or from staff."""
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..clock import local_date
from ..domain.cases import CaseKind, CaseStatus, Channel, DeliveryMethod, InfoForm, PetitionerType
from ..domain.deadlines import FilingWindow, complaint_filing_window, second_complaint_filing_window
from ..domain.tracking import new_tracking_code
from ..extensions import db
from ..models import Attachment, Case, Petitioner, Unit, User
from . import attachments as files
from . import notifications
from .audit import record_event
from .deadlines import refresh_deadlines
from .policies import current_policy
from .refusals import Refused
from .working_calendar import working_calendar


@dataclass
class PetitionerData:
    type: PetitionerType
    full_name: str | None = None
    citizen_id: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    org_name: str | None = None
    tax_code: str | None = None
    rep_name: str | None = None
    rep_position: str | None = None
    rep_contact: str | None = None
    cosigner_names: list[str] = field(default_factory=list)


@dataclass
class IntakeRequest:
    kind: CaseKind
    subject: str
    content: str
    consent: bool
    petitioner: PetitionerData | None  # None: filed anonymously
    channel: Channel = Channel.ONLINE
    cosigner_count: int = 0
    location: str | None = None
    complained_decision: str | None = None
    learned_on: date | None = None
    accused: str | None = None
    info_form: InfoForm | None = None
    info_delivery: DeliveryMethod | None = None
    submission_token: str | None = None  # the form's own token (double-submit protection)…
    submitter: str | None = None  # …and the browser session it was given to
    received_at: datetime | None = None  # staff may back-date a postal receipt
    accept_late_filing: bool = False  # staff record a late complaint knowingly
    # A second-time complaint (Luật Khiếu nại 2011, Điều 33): the first decision, or the day the
    # first complaint was accepted if no decision came; a remote area has a longer window.
    is_second_time: bool = False
    first_decision_number: str | None = None
    first_decision_on: date | None = None
    first_accepted_on: date | None = None
    is_remote: bool = False


class IntakeRefused(Refused):
    """A rule of law or of the department refuses the filing."""


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

    1. The rules: consent, who may be anonymous, the complaint filing windows (first and second time).
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
    received_at = _received_at(request, now, actor)
    filed_late = _check_rules(request, local_date(received_at), actor)
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
            refresh_deadlines(case)
            db.session.add(case)
            db.session.flush()
            record_event(case, "received", now=now, actor=actor, to_status=CaseStatus.RECEIVED, first=True,
                         data={"channel": case.channel.value, "attachments": len(checked),
                               "filed_late": case.filed_late, "sla_policy_version": case.sla_policy.version}
                         | (source or {}))
            notifications.acknowledge_filing(case)
            filed = FiledCase(case, created=True, case_id=case.id, tracking_code=case.tracking_code)
            db.session.commit()
            return filed
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


def _received_at(request: IntakeRequest, now: datetime, actor: User | None) -> datetime:
    if request.received_at is None:
        return now
    if actor is None:
        raise IntakeRefused("received_at", _("Chỉ cán bộ tiếp nhận mới được ghi ngày nhận đơn."))
    if request.received_at > now:
        raise IntakeRefused("received_at", _("Ngày nhận đơn không được ở tương lai."))
    return request.received_at


def _check_rules(request: IntakeRequest, received_on: date, actor: User | None) -> bool:
    """Refuse what the law refuses; return whether a complaint is filed late (staff may record
    one knowingly, the public form refuses it)."""
    if not request.consent:
        raise IntakeRefused("consent", _("Bạn cần đồng ý cho phép xử lý dữ liệu cá nhân để gửi đơn."))
    if request.petitioner is None and not request.kind.allows_anonymous:
        raise IntakeRefused("anonymous", _("Loại đơn này cần ghi rõ họ tên, địa chỉ của người gửi."))
    if request.cosigner_count < len(request.petitioner.cosigner_names if request.petitioner else []):
        raise IntakeRefused("cosigner_count", _("Số người cùng ký không được ít hơn số tên đã ghi."))
    if request.kind is not CaseKind.COMPLAINT:
        return False
    field_name, window = _filing_window(request, received_on)
    if window is None or received_on <= window.closes_on:
        return False
    if actor is not None and request.accept_late_filing:
        return True
    if field_name == "learned_on":
        raise IntakeRefused(field_name, _(
            "Đã quá thời hiệu khiếu nại: khiếu nại phải được gửi trong %(days)s ngày kể từ ngày "
            "biết được quyết định, hành vi (%(law)s); hạn cuối là %(deadline)s. Nếu có lý do "
            "chính đáng (ốm đau, thiên tai, đi công tác xa…), vui lòng đến trực tiếp bộ phận "
            "tiếp công dân để được xem xét.",
            days=window.period.days, law=window.period.citation, deadline=window.closes_on.strftime("%d/%m/%Y")))
    raise IntakeRefused(field_name, _(
        "Đã quá thời hạn khiếu nại lần hai: phải gửi trong %(days)s ngày kể từ ngày %(start)s (%(law)s); "
        "hạn cuối là %(deadline)s. Nếu có lý do chính đáng, vui lòng đến trực tiếp bộ phận tiếp công dân "
        "để được xem xét.", days=window.period.days, start=window.counted_from.strftime("%d/%m/%Y"),
        law=window.period.citation, deadline=window.closes_on.strftime("%d/%m/%Y")))


def _filing_window(request: IntakeRequest, received_on: date) -> tuple[str, FilingWindow | None]:
    """The field the citizen gave the window's start in, and the window (None: nothing to count from)."""
    calendar = working_calendar()
    if not request.is_second_time:
        if request.learned_on is None:
            return "learned_on", None
        if request.learned_on > received_on:
            raise IntakeRefused("learned_on", _("Ngày biết được quyết định, hành vi không được sau ngày gửi đơn."))
        return "learned_on", complaint_filing_window(calendar, request.learned_on)
    field_name = "first_decision_on" if request.first_decision_on else "first_accepted_on"
    start = request.first_decision_on or request.first_accepted_on
    if start is None:
        raise IntakeRefused("first_decision_on", _(
            "Khiếu nại lần hai: ghi ngày nhận quyết định giải quyết lần đầu, hoặc ngày khiếu nại lần đầu "
            "được thụ lý nếu chưa có quyết định."))
    if start > received_on:
        raise IntakeRefused(field_name, _("Ngày này không được sau ngày gửi đơn."))
    window = second_complaint_filing_window(
        calendar, current_policy(CaseKind.COMPLAINT).to_policy(), remote=request.is_remote,
        decision_received_on=request.first_decision_on, first_accepted_on=request.first_accepted_on)
    return field_name, window


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
    )
