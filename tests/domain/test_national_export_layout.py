"""The national export's layout (domain/national_export.py) agrees with docs/national-export.md, and
its records apply the denouncer rule from plain rows."""
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from petition_app.domain import cases, deadlines, reception, workflow
from petition_app.domain.national_export import COLUMNS, FIELDS, case_record, csv_row, visit_record

DOC = (Path(__file__).resolve().parents[2] / "docs/national-export.md").read_text()
ENUMS = {e.__name__: e for e in (cases.CaseKind, cases.Channel, cases.CaseStatus, cases.Signers,
                                 deadlines.Complexity, workflow.Outcome, cases.PetitionerType,
                                 reception.ReceptionPlace, reception.ReceptionKind, reception.VisitOutcome,
                                 reception.RefusalGround)}


def documented_fields() -> dict[str, tuple[str, str]]:
    rows = re.findall(r"^\| `(\w+)` \| ([\w ]+) \| (case|visit|both) \|", DOC, flags=re.M)
    return {name: (kind.strip(), applies) for name, kind, applies in rows}


def test_the_page_documents_every_field_with_its_type_in_order():
    documented = documented_fields()
    assert list(documented) == list(COLUMNS)
    for field in FIELDS:
        kind = field.type.replace("enum:", "enum ")
        assert documented[field.name] == (kind, field.applies_to), field.name


@pytest.mark.parametrize("name", sorted({f.type[5:] for f in FIELDS if f.type.startswith("enum:")}))
def test_the_page_lists_every_code_of_every_enum(name):
    row = re.search(rf"^\| {name} \| (.+) \|$", DOC, flags=re.M)
    assert row, name
    assert re.findall(r"`(\w+)`:", row.group(1)) == [m.value for m in ENUMS[name]]


CASE_ROW = dict(tracking_code="ABCD-EFGH-2345-6789", kind=cases.CaseKind.COMPLAINT, channel=cases.Channel.ONLINE,
                status=cases.CaseStatus.RECEIVED, received_at=datetime(2026, 11, 25, 2, 30), unit_code=None,
                subject="S", is_eligible=None, within_competence=True, is_repeat=False, signers=None,
                is_second_time=False, is_complex=False, complexity=deadlines.Complexity.NONE, forwarded_to=None,
                accepted_at=None, triage_due=date(2026, 12, 9), acceptance_due=None, resolution_due=None,
                resolved_at=None, outcome=None, decision_number=None, decision_date=None, is_anonymous=False,
                petitioner_type=cases.PetitionerType.INDIVIDUAL, cosigner_count=0,
                changed_at=datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc), parent_tracking_code=None,
                petitioner_protected=False, petitioner_name="Nguyễn Văn An", petitioner_address="Huế")


@pytest.mark.parametrize("kind, protected, withheld", [
    (cases.CaseKind.COMPLAINT, False, False), (cases.CaseKind.DENUNCIATION, False, True),
    (cases.CaseKind.FEEDBACK, True, True),  # once a denouncer, reclassified: still protected
])
def test_a_case_record_withholds_a_denouncer(kind, protected, withheld):
    record = case_record({**CASE_ROW, "kind": kind, "petitioner_protected": protected})
    assert record["identity_withheld"] is withheld
    assert (record["petitioner_name"], record["petitioner_address"]) == ((None, None) if withheld
                                                                         else ("Nguyễn Văn An", "Huế"))
    assert record["received_at"] == "2026-11-25T02:30:00Z" and record["triage_due"] == "2026-12-09"
    assert record["changed_at"] == "2026-11-25T09:30:00Z" and record["kind"] == kind.value


VISIT_ROW = dict(id=7, kind=None, changed_at=datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc),
                 visited_at=datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc),
                 place=reception.ReceptionPlace.GRASSROOTS, reception_kind=reception.ReceptionKind.HEAD_PERIODIC,
                 is_online=False, is_group=True, people_count=12, is_repeat=True, content="C", prior_authority=None,
                 outcome=reception.VisitOutcome.REFUSED, refusal_ground=reception.RefusalGround.THREATENING,
                 outcome_note=None, is_protected=False, case_tracking_code="ABCD-EFGH-2345-6789",
                 case_protected=False, citizen_name="Lê Văn Hùng", citizen_address="Huế")


@pytest.mark.parametrize("own, via_case", [(True, False), (False, True)])
def test_a_visit_record_withholds_a_protected_visitor(own, via_case):
    record = visit_record({**VISIT_ROW, "is_protected": own, "case_protected": via_case})
    assert record["identity_withheld"] is True
    assert record["citizen_name"] is None and record["citizen_address"] is None


def test_a_visit_record_and_its_csv_line():
    record = visit_record(VISIT_ROW)
    assert record["record_id"] == "visit:7" and record["case_record_id"] == "case:ABCD-EFGH-2345-6789"
    assert record["visit_outcome"] == "refused" and record["refusal_ground"] == "threatening"
    assert record["visit_is_repeat"] is True and record["people_count"] == 12
    line = dict(zip(COLUMNS, csv_row(record), strict=True))
    assert line["is_group"] == "true" and line["is_online"] == "false" and line["people_count"] == "12"
    assert line["tracking_code"] == "" and line["prior_authority"] == "" and line["citizen_name"] == "Lê Văn Hùng"
