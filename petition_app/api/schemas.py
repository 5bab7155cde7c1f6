"""The staff API's request and response shapes (pydantic). They validate what comes in and are
the OpenAPI document's components (openapi.py): the document cannot drift from the checks.

Requests are then put through the very forms the web pages use (ActionForm, StaffIntakeForm), so
every rule and message of the UI holds here too; these models only fix types and sizes."""
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..domain.cases import (
    CaseKind,
    CaseStatus,
    Category,
    Channel,
    ConsentMeans,
    DeliveryMethod,
    InfoForm,
    LateFilingReason,
    PetitionerType,
    Signers,
)
from ..domain.deadlines import Complexity, DeadlineState, Phase
from ..domain.workflow import Action, ArchiveReason, DeclineReason, Outcome
from ..services.queues import Sort, View

Text = Annotated[str, Field(max_length=300)]
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # PostgreSQL text cannot hold NUL; no search needs a control character
# The queue page's bounds: older or later dates are typing slips (and overflow when made moments).
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Requests


class CaseQuery(Strict):
    """The queue's view, filters, search and keyset cursor (``next_cursor`` of the previous page)."""

    view: View | None = Field(None, description="Default: the role's own (leadership: all; reception: new).")
    kind: CaseKind | None = None
    category: Category | None = None
    unit_id: RecordId | None = None
    status: CaseStatus | None = None
    channel: Channel | None = None
    received_from: Day | None = None
    received_to: Day | None = None
    q: Annotated[str, Field(max_length=200, pattern=NO_CONTROL)] | None = Field(
        None, description="Subject, content or tracking code.")
    sort: Sort = Sort.DEADLINE
    cursor: Annotated[str, Field(max_length=200, pattern=r"^[A-Za-z0-9_-]*$")] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 50


class ActionBody(Strict):
    """One workflow action; ``version`` is the case's ``version`` as read (409 if it changed). Each
    action reads only the fields it needs, exactly as the case page's form."""

    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    note: Annotated[str, Field(max_length=5000)] | None = None
    kind: CaseKind | None = None
    category: Category | None = None
    signers: Signers | None = None
    is_eligible: bool | None = None
    within_competence: bool | None = None
    is_repeat: bool | None = None
    is_complex: bool | None = None
    is_remote: bool | None = None
    is_second_time: bool | None = None
    is_simple: bool | None = None
    several_places: bool | None = None
    complexity: Complexity | None = None
    unit_id: RecordId | None = None
    assignee_id: RecordId | None = None
    decline_reason: DeclineReason | None = None
    agency: Text | None = None
    cover_letter: Annotated[str, Field(max_length=5000)] | None = None
    archive_reason: ArchiveReason | None = None
    days: Annotated[int, Field(ge=1, le=60)] | None = None
    outcome: Outcome | None = None
    decision_number: Annotated[str, Field(max_length=100)] | None = None
    decision_date: date | None = None
    answer: Annotated[str, Field(max_length=20000)] | None = None
    public_summary: Annotated[str, Field(max_length=5000)] | None = None
    publish: bool = False
    mask_personal_data: bool = False


class NewCase(Strict):
    """A case received through another channel (desk, post, e-mail, phone, another agency), with the
    moment it was received; the staff registration form's rules apply."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "kind": "feedback", "channel": "post", "received_at": "2026-11-24T09:00:00+07:00",
        "consent_means": "in_letter", "full_name": "Nguyễn Văn An", "address": "12 Lê Lợi, TP Huế",
        "subject": "Cân sai ở chợ", "content": "Cân tại quầy số 5 cân thiếu.", "location": "Chợ Đông Ba"}]})

    kind: CaseKind
    channel: Channel = Field(description="Any but online.")
    received_at: datetime | None = Field(None, description="When received (default: now); with a time zone.")
    confirm_backdate: bool = False
    consent_means: ConsentMeans | None = None
    anonymous: bool = False
    petitioner_type: PetitionerType = PetitionerType.INDIVIDUAL
    full_name: Annotated[str, Field(max_length=200)] | None = None
    citizen_id: Annotated[str, Field(max_length=20)] | None = None
    phone: Annotated[str, Field(max_length=20)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None
    address: Annotated[str, Field(max_length=500)] | None = None
    org_name: Text | None = None
    tax_code: Annotated[str, Field(max_length=20)] | None = None
    rep_name: Annotated[str, Field(max_length=200)] | None = None
    rep_position: Annotated[str, Field(max_length=200)] | None = None
    rep_contact: Annotated[str, Field(max_length=200)] | None = None
    cosigner_count: Annotated[int, Field(ge=0, le=100000)] | None = None
    subject: Text
    content: Annotated[str, Field(max_length=20000)]
    location: Text | None = None
    complained_decision: Annotated[str, Field(max_length=500)] | None = None
    learned_on: date | None = None
    accused: Text | None = None
    info_form: InfoForm | None = None
    info_delivery: DeliveryMethod | None = None
    is_second_time: bool = False
    first_decision_number: Annotated[str, Field(max_length=100)] | None = None
    first_decision_on: date | None = None
    first_accepted_on: date | None = None
    is_remote: bool = False
    late_reason: LateFilingReason | None = None
    late_reason_note: Annotated[str, Field(max_length=1000)] | None = None


# Responses


class Ref(BaseModel):
    id: int
    name: str


class CaseSummary(BaseModel):
    id: int
    tracking_code: str
    kind: CaseKind
    kind_label: str
    status: CaseStatus
    status_label: str
    channel: Channel
    subject: str
    category: str | None
    unit: Ref | None
    assignee: Ref | None
    received_at: datetime
    next_due: date | None
    deadline_state: DeadlineState | None
    version: int


class CasePage(BaseModel):
    cases: list[CaseSummary]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null on the last one.")
    counts: dict[str, int] = Field(description="Cases in each of the user's views, counted up to 1000.")


class Petitioner(BaseModel):
    """A protected denouncer's identity is never given: only ``alias`` (Luật Tố cáo 2018, Điều 47)."""

    protected: bool
    alias: str | None
    type: PetitionerType | None
    full_name: str | None
    citizen_id: str | None
    phone: str | None
    email: str | None
    address: str | None
    org_name: str | None


class SkippedDay(BaseModel):
    day: date
    reason: str


class DeadlineOut(BaseModel):
    phase: Phase
    phase_label: str
    due: date | None
    counted_from: date
    days: int
    day_unit: str
    citation: str
    extended_by: int
    state: DeadlineState | None
    done_on: date | None
    stopped_on: date | None
    days_late: int
    skipped: list[SkippedDay]


class EventOut(BaseModel):
    id: int
    at: datetime
    action: str
    label: str
    actor: str | None
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    note: str | None


class LinkOut(BaseModel):
    relation: str
    case_id: int
    tracking_code: str


class AttachmentOut(BaseModel):
    id: int
    name: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime


class CaseDetail(CaseSummary):
    content: str
    petitioner: Petitioner | None
    is_anonymous: bool
    outcome: Outcome | None
    decision_number: str | None
    decision_date: date | None
    deadlines: list[DeadlineOut]
    events: list[EventOut]
    links: list[LinkOut]
    hidden_links: int = Field(description="Links to cases this user may not see.")
    attachments: list[AttachmentOut]
    allowed_actions: list[Action]


class Filed(BaseModel):
    id: int
    tracking_code: str


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, in Vietnamese or English by Accept-Language."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] = []
