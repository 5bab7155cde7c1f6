"""The reception desk (tiếp công dân): recording a visit, editing it the same day, correcting
it later, registering it as a case or attaching it to one (Luật Tiếp công dân 2013)."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Forbidden, NotFound

from ..clock import local_date
from ..domain.cases import CaseKind, Channel, ConsentMeans, PetitionerType
from ..domain.reception import (
    GROUP_MIN_PEOPLE,
    MAX_REPRESENTATIVES,
    OnlineMeans,
    ReceptionKind,
    ReceptionPlace,
    RefusalGround,
    VisitAct,
    VisitOutcome,
    may_edit_on,
    representatives_allowed,
)
from ..domain.tracking import normalize_tracking_code
from ..extensions import db
from ..models import Case, ReceptionSession, User, Visit, Visitor
from . import access
from .audit import last_visit_hash, record_event, record_visit_event
from .intake import FiledCase, IntakeRequest, PetitionerData, file_case
from .refusals import Refused

CLOCK_SKEW = timedelta(minutes=5)  # a desk PC's clock may run a little ahead


class VisitRefused(Refused):
    """A rule refuses the visit."""


@dataclass
class VisitorData:
    full_name: str
    citizen_id: str | None = None
    address: str | None = None
    phone: str | None = None


@dataclass
class VisitData:
    visited_at: datetime
    place: ReceptionPlace
    officer_id: int
    reception_kind: ReceptionKind
    visitors: list[VisitorData]
    content: str
    outcome: VisitOutcome
    place_detail: str | None = None
    session_id: int | None = None
    is_repeat: bool = False
    is_online: bool = False
    online_means: OnlineMeans | None = None
    is_group: bool = False
    people_count: int = 1
    documents: list[str] = field(default_factory=list)
    refusal_ground: RefusalGround | None = None
    outcome_note: str | None = None
    is_protected: bool = False
    kind: CaseKind | None = None  # phân loại đơn, vụ việc (Mẫu số 01, Thông tư 04/2021/TT-TTCP)
    prior_authority: str | None = None  # cơ quan đã giải quyết, if any


@dataclass
class CaseData:
    """What registering a visit as a case needs beyond the visit: the kind, a subject, consent."""

    kind: CaseKind
    subject: str
    consent: bool


# The fields an edit may change, compared for the audit trail (previous and new values).
EDITABLE = ("visited_at", "place", "place_detail", "officer_id", "reception_kind", "session_id", "is_repeat",
            "is_online", "online_means", "is_group", "people_count", "content", "documents", "outcome",
            "refusal_ground", "outcome_note", "is_protected", "kind", "prior_authority")


def record_visit(actor: User, data: VisitData, *, now: datetime, case_data: CaseData | None = None,
                 case_code: str | None = None, submission_token: str | None = None) -> Visit:
    """Record a visit (ghi sổ tiếp công dân), registering or attaching its case in the same step.

    1. Only the desk records visits; the facts must hold together (_check).
    2. "Attached": the open case the tracking code names; the visit and the case both count as repeat.
    3. The visit, its visitors and its "recorded" event are written; "registered" files the case
       through intake (channel in person, received at the visit time, the visitor as petitioner,
       the documents listed) and links both ways — one commit for all of it.
    4. The same form posted twice (same token) returns the visit the first post made.
    """
    if not access.may_use_desk(actor):
        raise Forbidden()
    _check(data, now)
    attach_to = _open_case(case_code) if data.outcome is VisitOutcome.ATTACHED else None
    if data.outcome is VisitOutcome.REGISTERED and case_data is None:
        raise VisitRefused("kind", _("Vui lòng chọn loại đơn để đăng ký hồ sơ."))
    try:
        visit = Visit(officer_id=data.officer_id, created_by_id=actor.id, created_at=now, updated_at=now,
                      submission_token=submission_token)
        _apply(visit, data)
        db.session.add(visit)
        db.session.flush()
        _record(visit, "recorded", actor, now, data={"outcome": visit.outcome.value}, first=True)
        if attach_to is not None:
            _attach(visit, attach_to, actor, now)
        if data.outcome is VisitOutcome.REGISTERED:
            _register(visit, case_data, actor, now)  # intake commits the visit with the case
        else:
            db.session.commit()
        return visit
    except IntegrityError:
        db.session.rollback()
        existing = submission_token and db.session.scalar(
            sa.select(Visit).where(Visit.submission_token == submission_token))
        if existing:
            return existing
        raise
    except BaseException:
        db.session.rollback()
        raise


def edit_visit(actor: User, visit_id: int, data: VisitData, *, version: int, now: datetime) -> Visit:
    """Edit a visit on the working day it was recorded; the audit keeps each previous and new value.

    1. The visit must be the desk's to edit, recorded today (local date), and not changed meanwhile.
    2. A visit already linked to a case keeps its outcome (the case has its own trail).
    3. The changed fields are written with their previous and new values; one commit.
    """
    visit = get_visit(actor, visit_id)
    if not may_edit(actor, visit):
        raise Forbidden()
    if not may_edit_on(local_date(visit.created_at), local_date(now)):
        raise VisitRefused("version", _("Chỉ được sửa lượt tiếp trong ngày ghi sổ. Sau ngày đó, hãy ghi đính chính."))
    if version != visit.version:
        raise VisitRefused("version", _("Lượt tiếp vừa được người khác sửa. Vui lòng tải lại trang rồi sửa lại."))
    if visit.case_id is not None:
        data.outcome = visit.outcome
    elif data.outcome in (VisitOutcome.REGISTERED, VisitOutcome.ATTACHED):
        raise VisitRefused("outcome", _("Để đăng ký hoặc gắn hồ sơ, hãy dùng nút ở trang lượt tiếp."))
    _check(data, now)
    before = {name: _plain(getattr(visit, name)) for name in EDITABLE}
    before["visitors"] = [vars(_visitor_data(v)) for v in visit.visitors]
    _apply(visit, data)
    visit.updated_at = now
    after = {name: _plain(getattr(visit, name)) for name in EDITABLE}
    after["visitors"] = [vars(v) for v in data.visitors]
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changes:
        _record(visit, "edited", actor, now, data=changes)
    db.session.commit()
    return visit


def correct_visit(actor: User, visit_id: int, note: str, *, now: datetime) -> Visit:
    """A correction after the day (đính chính): a new audited entry; the record itself stays."""
    visit = get_visit(actor, visit_id)
    if not access.may_visit(actor, visit, VisitAct.CORRECT):
        raise Forbidden()
    if not note.strip():
        raise VisitRefused("note", _("Vui lòng ghi nội dung đính chính."))
    _record(visit, "corrected", actor, now, note=note.strip())
    db.session.commit()
    return visit


def register_case(actor: User, visit_id: int, case_data: CaseData, *, now: datetime) -> Visit:
    """Register an earlier visit as a case, in one step (see ``record_visit``, step 3)."""
    visit = _linkable(actor, visit_id)
    try:
        visit.outcome, visit.refusal_ground = VisitOutcome.REGISTERED, None
        _register(visit, case_data, actor, now)
    except BaseException:
        db.session.rollback()
        raise
    return visit


def attach_case(actor: User, visit_id: int, case_code: str, *, now: datetime) -> Visit:
    """Attach a visit to the open case it is about: both count as repeat (đơn, lượt tiếp nhiều lần)."""
    visit = _linkable(actor, visit_id)
    case = _open_case(case_code)
    visit.outcome, visit.refusal_ground = VisitOutcome.ATTACHED, None
    _attach(visit, case, actor, now)
    db.session.commit()
    return visit


def may_edit(user: User, visit: Visit) -> bool:
    """The desk edits a visit whose visitor it may see (a form would show a protected identity)."""
    return access.may_visit(user, visit, VisitAct.EDIT) and access.may_see_visitor(user, visit)


def get_visit(user: User, visit_id: int) -> Visit:
    """The visit if ``user`` may read it; 404 otherwise."""
    visit = db.session.get(Visit, visit_id)
    if visit is None or not access.may_visit(user, visit, VisitAct.READ):
        raise NotFound()
    return visit


def _linkable(actor: User, visit_id: int) -> Visit:
    visit = get_visit(actor, visit_id)
    if not access.may_visit(actor, visit, VisitAct.LINK_CASE):
        raise Forbidden()
    if visit.case_id is not None:
        raise VisitRefused("case_code", _("Lượt tiếp này đã gắn với một hồ sơ."))
    if visit.outcome is VisitOutcome.REFUSED:
        raise VisitRefused("case_code", _("Lượt tiếp đã bị từ chối tiếp, không đăng ký hồ sơ được."))
    return visit


def _check(data: VisitData, now: datetime) -> None:
    if data.visited_at > now + CLOCK_SKEW:
        raise VisitRefused("visited_at", _("Thời điểm tiếp không được ở tương lai."))
    if data.place is ReceptionPlace.GRASSROOTS and not data.place_detail:
        raise VisitRefused("place_detail", _("Vui lòng ghi địa điểm tiếp tại cơ sở."))
    if data.is_online and data.online_means is None:
        raise VisitRefused("online_means", _("Vui lòng chọn hình thức tiếp trực tuyến."))
    if data.reception_kind is ReceptionKind.HEAD_PERIODIC and (
            data.session_id is None or db.session.get(ReceptionSession, data.session_id) is None):
        raise VisitRefused("session_id", _("Vui lòng chọn buổi tiếp định kỳ theo lịch đã công bố."))
    if not data.visitors:
        raise VisitRefused("name_0", _("Vui lòng ghi họ tên người được tiếp."))
    if len(data.visitors) > MAX_REPRESENTATIVES:
        raise VisitRefused("name_0", _("Đoàn đông người cử tối đa 5 người đại diện."))
    if data.people_count < len(data.visitors):
        raise VisitRefused("people_count", _("Số người không được ít hơn số người đã ghi tên."))
    if data.is_group and data.people_count < GROUP_MIN_PEOPLE:
        raise VisitRefused("people_count", _("Đoàn đông người là từ 5 người trở lên."))
    if data.is_group and len(data.visitors) > representatives_allowed(data.people_count):
        raise VisitRefused("name_0", _("Đoàn từ 5 đến 10 người cử 1 hoặc 2 người đại diện; trên 10 người cử tối đa "
                                       "5 người (Luật Tiếp công dân 2013, Điều 30)."))
    if data.outcome is VisitOutcome.REFUSED and data.refusal_ground is None:
        raise VisitRefused("refusal_ground", _("Vui lòng chọn lý do từ chối tiếp (Luật Tiếp công dân 2013, Điều 9)."))
    if data.outcome is VisitOutcome.ATTACHED:
        data.is_repeat = True


def _apply(visit: Visit, data: VisitData) -> None:
    for name in EDITABLE:
        setattr(visit, name, getattr(data, name))
    if visit.outcome is not VisitOutcome.REFUSED:
        visit.refusal_ground = None
    if not visit.is_online:
        visit.online_means = None
    if visit.place is not ReceptionPlace.GRASSROOTS:
        visit.place_detail = None
    if visit.reception_kind is not ReceptionKind.HEAD_PERIODIC:
        visit.session_id = None
    visit.visitors = [Visitor(position=i, **vars(v)) for i, v in enumerate(data.visitors)]


def _open_case(code: str | None) -> Case:
    normalized = normalize_tracking_code(code or "")
    case = normalized and db.session.scalar(sa.select(Case).where(Case.tracking_code == normalized))
    if not case:
        raise VisitRefused("case_code", _("Không tìm thấy hồ sơ có mã tra cứu này."))
    if not case.status.is_open:
        raise VisitRefused("case_code", _("Hồ sơ này đã kết thúc; hãy đăng ký hồ sơ mới."))
    return case


def _attach(visit: Visit, case: Case, actor: User, now: datetime) -> None:
    visit.case, visit.is_repeat = case, True
    case.is_repeat = True
    if access.identity_is_protected(case):
        visit.is_protected = True
    _record(visit, "attached", actor, now, data={"case": case.tracking_code})
    record_event(case, "visit_attached", now=now, actor=actor, data={"visit": visit.id})


def _register(visit: Visit, case_data: CaseData, actor: User, now: datetime) -> None:
    """File the case through intake, which commits; the link is made inside that commit."""
    first = visit.visitors[0]
    documents = "\n".join(f"- {d}" for d in visit.documents)
    content = visit.content + (f"\n\n{_('Tài liệu công dân cung cấp:')}\n{documents}" if documents else "")
    request = IntakeRequest(
        kind=case_data.kind, subject=case_data.subject, content=content, consent=case_data.consent,
        petitioner=PetitionerData(type=PetitionerType.INDIVIDUAL, full_name=first.full_name,
                                  citizen_id=first.citizen_id, phone=first.phone, address=first.address,
                                  cosigner_names=[v.full_name for v in visit.visitors[1:]]),
        channel=Channel.IN_PERSON, cosigner_count=visit.people_count - 1, received_at=min(visit.visited_at, now),
        submission_token=f"visit-{visit.id}", submitter="reception-desk",
        confirm_backdate=True,  # the visit's own time, audited on the visit
        # The officer ticked the citizen's consent at the visit: given there, face to face (or on
        # the call, for a reception held online).
        consent_means=ConsentMeans.IN_PERSON_VERBAL if case_data.consent else None)
    visit.kind = case_data.kind
    if case_data.kind is CaseKind.DENUNCIATION:
        visit.is_protected = True
    prev_hash = last_visit_hash(visit.id)

    def link(filed: FiledCase) -> None:  # in the case's own transaction
        visit.case_id = filed.case_id
        record_visit_event(visit, "registered", now=now, actor=actor, data={"case": filed.tracking_code},
                           prev_hash=prev_hash, first=prev_hash is None)

    file_case(request, [], now=now, actor=actor, before_commit=link)


def _record(visit: Visit, action: str, actor: User, now: datetime, *, note: str | None = None,
            data: dict | None = None, first: bool = False) -> None:
    """One event on the visit's hash chain (``first``: the visit is new in this transaction)."""
    record_visit_event(visit, action, now=now, actor=actor, note=note, data=data, first=first)


def _visitor_data(v: Visitor) -> VisitorData:
    return VisitorData(full_name=v.full_name, citizen_id=v.citizen_id, address=v.address, phone=v.phone)


def _plain(value):
    """A value as the audit trail stores it (JSON)."""
    if isinstance(value, datetime):
        return value.isoformat()
    return getattr(value, "value", value)
