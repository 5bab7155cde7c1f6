"""The export for the national database (Nghị định 55/2022/NĐ-CP, Điều 6): cases and visits
changed since a day, as JSON or CSV, streamed (docs/national-export.md describes the layout).

Two set-based queries, read in batches from a server-side cursor: memory stays flat whatever the
size. A record is in an export when its ``updated_at`` falls on or after the first moment of
``since`` in Vietnam; exports overlap rather than miss, and the receiver keys on ``record_id``.
Who exported which range is written to the admins' audit trail before the first byte goes out.
"""
import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from ..clock import local_date, local_midnight
from ..domain.cases import CaseKind, PetitionerType
from ..domain.national_export import COLUMNS, SCHEMA, case_record, csv_row, plain, visit_record
from ..extensions import db
from ..models import AdminEvent, Case, Petitioner, Unit, User, Visit, Visitor
from .audit import record_admin_event
from .refusals import Refused

FORMATS = ("json", "csv")
BATCH = 1000


class ExportRefused(Refused):
    pass


def _case_query(since: date | None) -> sa.Select:
    parent = sa.orm.aliased(Case)
    name = sa.case((Petitioner.type == PetitionerType.ORGANISATION, Petitioner.org_name), else_=Petitioner.full_name)
    query = (
        sa.select(Case.tracking_code, Case.kind, Case.channel, Case.status, Case.received_at,
                  Unit.code.label("unit_code"), Case.subject, Case.is_eligible, Case.within_competence,
                  Case.is_repeat, Case.signers, Case.is_second_time, Case.is_complex, Case.complexity,
                  Case.forwarded_to, Case.accepted_at, Case.triage_due, Case.acceptance_due, Case.resolution_due,
                  Case.resolved_at, Case.outcome, Case.decision_number, Case.decision_date, Case.is_anonymous,
                  Petitioner.type.label("petitioner_type"), Case.cosigner_count,
                  Case.updated_at.label("changed_at"), parent.tracking_code.label("parent_tracking_code"),
                  Petitioner.is_protected.label("petitioner_protected"), name.label("petitioner_name"),
                  Petitioner.address.label("petitioner_address"))
        .outerjoin(Unit, Unit.id == Case.unit_id)
        .outerjoin(Petitioner, Petitioner.id == Case.petitioner_id)
        .outerjoin(parent, parent.id == Case.parent_id)
        .order_by(Case.id)
    )
    return query.where(Case.updated_at >= local_midnight(since)) if since else query


def _visit_query(since: date | None) -> sa.Select:
    first = sa.orm.aliased(Visitor)
    case_protected = sa.or_(Case.kind == CaseKind.DENUNCIATION, Petitioner.is_protected.is_(True))
    query = (
        sa.select(Visit.id, sa.func.coalesce(Visit.kind, Case.kind).label("kind"),
                  sa.case((Case.updated_at > Visit.updated_at, Case.updated_at), else_=Visit.updated_at)
                  .label("changed_at"), Visit.visited_at, Visit.place, Visit.reception_kind,
                  Visit.is_online, Visit.is_group, Visit.people_count, Visit.is_repeat, Visit.content,
                  Visit.prior_authority, Visit.outcome, Visit.refusal_ground, Visit.outcome_note,
                  Visit.is_protected, Case.tracking_code.label("case_tracking_code"),
                  sa.func.coalesce(case_protected, False).label("case_protected"),
                  first.full_name.label("citizen_name"), first.address.label("citizen_address"))
        .outerjoin(first, sa.and_(first.visit_id == Visit.id, first.position == 0))
        .outerjoin(Case, Case.id == Visit.case_id)
        .outerjoin(Petitioner, Petitioner.id == Case.petitioner_id)
        .order_by(Visit.id)
    )
    if since is None:
        return query
    # A visit is sent again when its case changes: the case's kind decides the denouncer rule.
    start = local_midnight(since)
    return query.where(sa.or_(Visit.updated_at >= start, Case.updated_at >= start))


def records(since: date | None) -> Iterator[dict]:
    """Every case, then every visit, changed on or after ``since`` (all when None), as records."""
    for query, build in ((_case_query(since), case_record), (_visit_query(since), visit_record)):
        result = db.session.execute(query.execution_options(yield_per=BATCH))
        for row in result:
            yield build(row._mapping)


def json_chunks(rows: Iterator[dict], *, since: date | None, now: datetime) -> Iterator[str]:
    """One JSON document, written record by record: a header, then ``records``, then the count."""
    header = json.dumps({"schema": SCHEMA, "generated_at": plain(now), "since": plain(since)},
                        ensure_ascii=False)
    yield header[:-1] + ', "records": ['
    count = 0
    for record in rows:
        yield ("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False)
        count += 1
    yield f'\n], "count": {count}}}\n'


def csv_chunks(rows: Iterator[dict]) -> Iterator[str]:
    """CSV (UTF-8, the header first), one line per record, in COLUMNS order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for record in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(record))
        yield buffer.getvalue()


def export(since: date | None, file_format: str, *, actor: User | None, now: datetime,
           via: str = "web") -> Iterator[str]:
    """Audit the export (who, which range, which format, web or command line), then return its
    text as an iterator of chunks. Only admins reach it from the web (the admin blueprint)."""
    if file_format not in FORMATS:
        raise ExportRefused("file_format", _("Chỉ xuất được JSON hoặc CSV."))
    if since is not None and since > local_date(now):
        raise ExportRefused("since", _("Ngày bắt đầu không được sau hôm nay."))
    record_admin_event("national_export.created", actor=actor, now=now,
                       data={"since": plain(since), "until": plain(now), "format": file_format, "via": via})
    db.session.commit()
    rows = records(since)
    return json_chunks(rows, since=since, now=now) if file_format == "json" else csv_chunks(rows)


def recent_exports(limit: int = 20) -> list[AdminEvent]:
    """The latest exports from the admins' trail: who, when, from which day, which format."""
    return list(db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == "national_export.created")
                                   .order_by(AdminEvent.id.desc()).limit(limit)))
