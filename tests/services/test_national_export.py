"""The national database export (Nghị định 55/2022/NĐ-CP, Điều 6): known cases of every kind and
known visits come out with the documented fields, only those changed since the day asked, and a
denouncer's identity never in clear."""
import csv
import io
import json
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, PetitionerType
from petition_app.domain.national_export import COLUMNS, SCHEMA
from petition_app.domain.reception import ReceptionKind, ReceptionPlace, VisitOutcome
from petition_app.domain.workflow import Action, Outcome
from petition_app.extensions import db
from petition_app.models import AdminEvent
from petition_app.services import national_export
from petition_app.services.intake import PetitionerData, file_case
from petition_app.services.reception import CaseData, VisitData, VisitorData, record_visit
from tests.services.test_intake_service import request
from tests.services.test_workflow_service import act, cctdc, staff  # noqa: F401  (fixture)

DENOUNCER = "Lê Văn Cường"
VISITOR_DENOUNCER = "Phạm Văn Tố"


@pytest.fixture
def known(app, clock, staff):  # noqa: F811
    """One case of every kind (a complaint resolved), an organisation's petition, a visit and a
    protected visit registered as a denunciation."""
    cases = {
        "feedback": file_case(request(), [], now=clock.now).case,
        "complaint": file_case(request(kind=CaseKind.COMPLAINT, learned_on=date(2026, 11, 1),
                                       complained_decision="QĐ 15/QĐ-XPHC"), [], now=clock.now).case,
        "denunciation": file_case(request(kind=CaseKind.DENUNCIATION, accused="Cán bộ X", location=None,
                                          petitioner=PetitionerData(type=PetitionerType.INDIVIDUAL,
                                                                    full_name=DENOUNCER, citizen_id="001090012345",
                                                                    phone="0987654321", address="Số 9 phố Huế")),
                                  [], now=clock.now).case,
        "petition": file_case(request(kind=CaseKind.PETITION, petitioner=PetitionerData(
            type=PetitionerType.ORGANISATION, org_name="Công ty Hương Giang", tax_code="3301234567",
            address="KCN Phú Bài", rep_name="Hoàng Văn Em", phone="0234382212")), [], now=clock.now).case,
        "info_request": file_case(request(kind=CaseKind.INFO_REQUEST, location=None, info_form="electronic",
                                          info_delivery="email"), [], now=clock.now).case,
    }
    complaint = cases["complaint"]
    act(complaint, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    act(complaint, Action.START, staff["supervisor"], clock)
    act(complaint, Action.RESOLVE, staff["supervisor"], clock, outcome=Outcome.REJECTED,
        decision_number="25/QĐ-SKHCN", decision_date=date(2026, 11, 25), answer="Khiếu nại sai.",
        public_summary="Khiếu nại sai")
    officer = staff["reception"]
    visit = dict(visited_at=clock.now, place=ReceptionPlace.RECEPTION_ROOM, officer_id=officer.id,
                 reception_kind=ReceptionKind.ROUTINE, content="Phản ánh cân thiếu tại chợ.",
                 outcome=VisitOutcome.GUIDED, outcome_note="Đã hướng dẫn.")
    visits = {
        "plain": record_visit(officer, VisitData(**visit, visitors=[VisitorData("Nguyễn Thị Lan", "001088012345",
                                                                                "12 Lê Lợi", "0912345678")]),
                              now=clock.now),
        "protected": record_visit(officer, VisitData(**{**visit, "outcome": VisitOutcome.REGISTERED,
                                                        "content": "Tố cáo cán bộ nhận tiền."},
                                                     visitors=[VisitorData(VISITOR_DENOUNCER, "001088099999",
                                                                           "Thôn Đông", "0912000111")],
                                                     is_protected=True),
                                  now=clock.now, case_data=CaseData(CaseKind.DENUNCIATION, "Tố cáo cán bộ", True)),
    }
    return cases, visits


def export(since=None, file_format="json", clock=None):
    chunks = national_export.export(since, file_format, actor=None, now=clock.now)
    return "".join(chunks)


def by_id(text):
    document = json.loads(text)
    return document, {r["record_id"]: r for r in document["records"]}


def test_every_kind_and_every_visit_with_the_documented_fields(known, clock):
    cases, visits = known
    document, records = by_id(export(clock=clock))
    assert document["schema"] == SCHEMA and document["since"] is None
    assert document["count"] == len(document["records"]) == 5 + 2 + 1  # the protected visit's own case too
    for record in document["records"]:
        assert set(record) == set(COLUMNS) - (_VISIT_ONLY if record["record_type"] == "case" else _CASE_ONLY)
    complaint = records[f"case:{cases['complaint'].tracking_code}"]
    assert complaint["kind"] == "complaint" and complaint["status"] == "resolved"
    assert complaint["outcome"] == "rejected" and complaint["decision_number"] == "25/QĐ-SKHCN"
    assert complaint["decision_date"] == "2026-11-25" and complaint["unit_code"] == "CCTDC"
    assert complaint["accepted_at"] == "2026-11-25T02:30:00Z" and complaint["resolved_at"].endswith("Z")
    assert complaint["petitioner_name"] == "Nguyễn Văn An" and complaint["petitioner_address"] == "Huế"
    assert complaint["identity_withheld"] is False
    petition = records[f"case:{cases['petition'].tracking_code}"]
    assert petition["petitioner_type"] == "organisation" and petition["petitioner_name"] == "Công ty Hương Giang"
    assert records[f"case:{cases['info_request'].tracking_code}"]["kind"] == "info_request"
    plain = records[f"visit:{visits['plain'].id}"]
    assert plain["citizen_name"] == "Nguyễn Thị Lan" and plain["citizen_address"] == "12 Lê Lợi"
    assert plain["visit_outcome"] == "guided" and plain["content"] == "Phản ánh cân thiếu tại chợ."
    assert plain["place"] == "reception_room" and plain["case_record_id"] is None
    # Only what Điều 6 lists: never an ID number, a phone or an e-mail.
    text = export(clock=clock)
    for secret in ("001088012345", "0912345678", "an@example.com", "+84912345678", "3301234567"):
        assert secret not in text


def test_a_denouncer_is_never_exported_in_clear(known, clock):
    cases, visits = known
    for file_format in ("json", "csv"):
        text = export(file_format=file_format, clock=clock)
        for secret in (DENOUNCER, "Số 9 phố Huế", VISITOR_DENOUNCER, "Thôn Đông", "001090012345", "001088099999"):
            assert secret not in text, (file_format, secret)
    _, records = by_id(export(clock=clock))
    denunciation = records[f"case:{cases['denunciation'].tracking_code}"]
    assert denunciation["identity_withheld"] is True and denunciation["kind"] == "denunciation"
    assert denunciation["petitioner_name"] is None and denunciation["petitioner_address"] is None
    protected = records[f"visit:{visits['protected'].id}"]
    assert protected["identity_withheld"] is True and protected["citizen_name"] is None
    assert protected["case_record_id"] == f"case:{visits['protected'].case.tracking_code}"
    assert protected["kind"] == "denunciation"  # the visit's case's kind, when the visit has none


def test_only_records_changed_since_the_day_asked(known, clock, staff):  # noqa: F811
    cases, _visits = known
    clock.set(datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc))  # 08:00 on 3 December in Vietnam
    act(cases["feedback"], Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    _, records = by_id(export(since=date(2026, 12, 3), clock=clock))
    assert list(records) == [f"case:{cases['feedback'].tracking_code}"]
    assert records[f"case:{cases['feedback'].tracking_code}"]["status"] == "accepted"
    assert records[f"case:{cases['feedback'].tracking_code}"]["changed_at"] == "2026-12-03T01:00:00Z"
    # The day is Vietnam's: 17:00 UTC on 2 December is already the 3rd there.
    clock.set(datetime(2026, 12, 2, 17, 0, tzinfo=timezone.utc))
    act(cases["petition"], Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    clock.set(datetime(2026, 12, 4, 1, 0, tzinfo=timezone.utc))
    _, records = by_id(export(since=date(2026, 12, 3), clock=clock))
    assert set(records) == {f"case:{cases['feedback'].tracking_code}", f"case:{cases['petition'].tracking_code}"}
    assert by_id(export(since=date(2026, 12, 4), clock=clock))[0]["count"] == 0
    assert by_id(export(since=date(2026, 11, 25), clock=clock))[0]["count"] == 8


def test_csv_has_the_documented_header_and_one_line_per_record(known, clock):
    cases, visits = known
    rows = list(csv.DictReader(io.StringIO(export(file_format="csv", clock=clock))))
    assert len(rows) == 8 and list(rows[0]) == list(COLUMNS)
    complaint = next(r for r in rows if r["tracking_code"] == cases["complaint"].tracking_code)
    assert complaint["record_type"] == "case" and complaint["outcome"] == "rejected"
    assert complaint["identity_withheld"] == "false" and complaint["visited_at"] == ""
    visit = next(r for r in rows if r["record_id"] == f"visit:{visits['protected'].id}")
    assert visit["identity_withheld"] == "true" and visit["citizen_name"] == "" and visit["tracking_code"] == ""


def test_every_export_is_audited_with_its_range(known, clock):
    export(since=date(2026, 11, 1), file_format="csv", clock=clock)
    event = db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == "national_export.created")).one()
    assert event.data == {"since": "2026-11-01", "until": "2026-11-25T02:30:00Z", "format": "csv", "via": "web"}


@pytest.mark.parametrize("since, file_format, field", [(date(2026, 11, 26), "json", "since"),
                                                        (None, "xml", "file_format")])
def test_a_bad_request_is_refused_and_not_audited(app, clock, since, file_format, field):
    with pytest.raises(national_export.ExportRefused) as refused:
        national_export.export(since, file_format, actor=None, now=clock.now)
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(AdminEvent.id))) == 0


def test_rows_are_read_in_batches_not_all_at_once(known, clock, monkeypatch):
    monkeypatch.setattr(national_export, "BATCH", 2)
    assert len(list(national_export.records(None))) == 8


_CASE_ONLY = {"tracking_code", "channel", "status", "received_at", "unit_code", "subject", "is_eligible",
              "within_competence", "is_repeat", "signers", "is_second_time", "is_complex", "complexity",
              "forwarded_to", "accepted_at", "triage_due", "acceptance_due", "resolution_due", "resolved_at",
              "outcome", "decision_number", "decision_date", "parent_record_id", "is_anonymous", "petitioner_type",
              "petitioner_name", "petitioner_address", "cosigner_count"}
_VISIT_ONLY = set(COLUMNS) - _CASE_ONLY - {"record_type", "record_id", "changed_at", "kind", "identity_withheld"}


def test_a_visit_is_sent_again_when_its_case_changes(known, clock, staff):  # noqa: F811
    _cases, visits = known
    case = visits["protected"].case
    clock.set(datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc))
    act(case, Action.ACCEPT, staff["supervisor"], clock, unit_id=cctdc())
    _, records = by_id(export(since=date(2026, 12, 3), clock=clock))
    assert set(records) == {f"case:{case.tracking_code}", f"visit:{visits['protected'].id}"}
    assert records[f"visit:{visits['protected'].id}"]["changed_at"] == "2026-12-03T01:00:00Z"
    assert records[f"visit:{visits['protected'].id}"]["citizen_name"] is None
