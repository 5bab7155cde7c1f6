"""Cases as Open311 clients may read them: the public status fields only.

Built, like the status page (services/public_status.py), from an explicit list of safe
columns, so that nothing a petitioner wrote about themselves can be returned. A request is
found by its tracking code whatever its kind (as on the status page); a search without codes
lists only the kinds whose outcomes are public by default (petitions, feedback, information
requests) — complaints and denunciations are never listed to strangers.
"""
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from ..clock import LOCAL_TZ, as_aware
from ..domain.cases import OPEN_STATUSES, CaseKind, CaseStatus
from ..extensions import db
from ..i18n import label
from ..models import Case, Publication, Unit
from ..richtext import html_to_text
from .public_status import PUBLISHED

LISTED = (CaseKind.PETITION, CaseKind.FEEDBACK, CaseKind.INFO_REQUEST)
LIMIT = 200  # a search returns the newest this many


@dataclass(frozen=True)
class PublicRequest:
    tracking_code: str
    kind: CaseKind
    status: CaseStatus
    unit_name: str | None
    received_at: datetime
    updated_at: datetime
    next_due: date | None
    location: str | None
    public_summary_html: str | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def service_notice(self) -> str:
        """The deadline the case is working towards, in Vietnamese (what the status page says)."""
        with force_locale("vi"):
            if self.status is CaseStatus.ON_HOLD:
                return _("Tạm dừng tính thời hạn trong khi chờ người gửi bổ sung.")
            if self.next_due is None or not self.is_open:
                return ""
            day = self.next_due.strftime("%d/%m/%Y")
            if self.status is CaseStatus.RECEIVED:
                return _("Sở trả lời về việc tiếp nhận, xử lý đơn chậm nhất ngày %(day)s.", day=day)
            return _("Hạn giải quyết: ngày %(day)s.", day=day)

    def as_open311(self) -> dict:
        with force_locale("vi"):
            notes = label(self.status)
            summary = html_to_text(self.public_summary_html) if self.status in PUBLISHED else ""
            name = label(self.kind)
        return {
            "service_request_id": self.tracking_code,
            "status": "open" if self.is_open else "closed",
            "status_notes": f"{notes}. {summary}" if summary else notes,
            "service_name": name,
            "service_code": self.kind.value,
            "agency_responsible": self.unit_name,
            "service_notice": self.service_notice,
            "requested_datetime": _w3(self.received_at),
            "updated_datetime": _w3(self.updated_at),
            "expected_datetime": _w3(datetime.combine(self.next_due, time(23, 59, 59), tzinfo=LOCAL_TZ))
            if self.next_due and self.is_open else None,
            # Where the matter is, for petitions and feedback (never the petitioner's own address).
            "address": self.location if self.kind in (CaseKind.PETITION, CaseKind.FEEDBACK) else None,
        }


def _w3(moment: datetime) -> str:
    return as_aware(moment).astimezone(LOCAL_TZ).isoformat(timespec="seconds")


def _select():
    # The summary is the published one, checked for personal data (services/publishing.py), as on
    # the status page; an unpublished outcome has none.
    return (sa.select(Case.tracking_code, Case.kind, Case.status, Unit.name, Case.received_at, Case.updated_at,
                      Case.next_due, Case.location, Publication.summary_html)
            .outerjoin(Unit, Unit.id == Case.unit_id)
            .outerjoin(Publication, Publication.case_id == Case.id))


def by_codes(codes: list[str]) -> list[PublicRequest]:
    if not codes:
        return []
    rows = db.session.execute(_select().where(Case.tracking_code.in_(codes))).all()
    found = {row.tracking_code: PublicRequest(*row) for row in rows}
    return [found[code] for code in dict.fromkeys(codes) if code in found]


def search(kinds: list[CaseKind], start: datetime, end: datetime, statuses: set[str]) -> list[PublicRequest]:
    """Requests received in [start, end], newest first, of the listed kinds only."""
    listed = [kind for kind in (kinds or LISTED) if kind in LISTED]
    if not listed:
        return []
    query = _select().where(Case.kind.in_(listed), Case.received_at >= start, Case.received_at <= end)
    if statuses == {"open"}:
        query = query.where(Case.status.in_(OPEN_STATUSES))
    elif statuses == {"closed"}:
        query = query.where(Case.status.not_in(OPEN_STATUSES))
    rows = db.session.execute(query.order_by(Case.received_at.desc(), Case.id.desc()).limit(LIMIT)).all()
    return [PublicRequest(*row) for row in rows]
