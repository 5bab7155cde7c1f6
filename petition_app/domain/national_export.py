"""The layout of the export for the national database on citizen reception, petition handling and
the resolution of complaints, denunciations, petitions and feedback (Cơ sở dữ liệu quốc gia về công
tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh — Nghị định
55/2022/NĐ-CP, Điều 3; built and managed by the Government Inspectorate).

What goes in follows Điều 6 of that decree: for a visit, the citizen's name and address and the
visit's content and result (khoản 1); for a petition, its kind, whether it is eligible and within
competence, where it was forwarded, returned and guided, withdrawn or filed away (khoản 2); then the
resolution's facts. Nothing else personal is exported: no ID number, phone or e-mail.

A denunciation's petitioner, and a visit by a protected denouncer, are never exported in clear
(Luật Tố cáo 2018, Điều 47): the name and address are empty and ``identity_withheld`` is true.

Pure: rows in (plain mappings of column values), JSON-ready dicts out. docs/national-export.md
describes every field; tests check that it and ``FIELDS`` agree.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from enum import Enum

SCHEMA = "petition_app/national-export/1"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | boolean | date | datetime | enum:<Name>
    applies_to: str  # case | visit | both


def _fields(applies_to: str, spec: str) -> tuple[Field, ...]:
    return tuple(Field(*item.split(":", 1), applies_to) for item in spec.split())


FIELDS: tuple[Field, ...] = (
    *_fields("both", "record_type:string record_id:string changed_at:datetime kind:enum:CaseKind "
                     "identity_withheld:boolean"),
    *_fields("case", "tracking_code:string channel:enum:Channel status:enum:CaseStatus received_at:datetime "
                     "unit_code:string subject:string is_eligible:boolean within_competence:boolean "
                     "is_repeat:boolean signers:enum:Signers is_second_time:boolean is_complex:boolean "
                     "complexity:enum:Complexity forwarded_to:string accepted_at:datetime triage_due:date "
                     "acceptance_due:date resolution_due:date resolved_at:datetime outcome:enum:Outcome "
                     "decision_number:string decision_date:date parent_record_id:string is_anonymous:boolean "
                     "petitioner_type:enum:PetitionerType petitioner_name:string petitioner_address:string "
                     "cosigner_count:integer"),
    *_fields("visit", "visited_at:datetime place:enum:ReceptionPlace reception_kind:enum:ReceptionKind "
                      "is_online:boolean is_group:boolean people_count:integer visit_is_repeat:boolean "
                      "content:string prior_authority:string visit_outcome:enum:VisitOutcome "
                      "refusal_ground:enum:RefusalGround outcome_note:string case_record_id:string "
                      "citizen_name:string citizen_address:string"),
)
COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)  # the CSV's header, in this order


def case_record_id(tracking_code: str) -> str:
    """A case's stable id: its tracking code never changes, and is never reused."""
    return f"case:{tracking_code}"


def visit_record_id(visit_id: int) -> str:
    return f"visit:{visit_id}"


def plain(value):
    """A column value as JSON has it: enums by value, moments in UTC (ISO 8601, Z), dates ISO."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


_CASE_COLUMNS = ("tracking_code", "channel", "status", "received_at", "unit_code", "subject", "is_eligible",
                 "within_competence", "is_repeat", "signers", "is_second_time", "is_complex", "complexity",
                 "forwarded_to", "accepted_at", "triage_due", "acceptance_due", "resolution_due", "resolved_at",
                 "outcome", "decision_number", "decision_date", "is_anonymous", "petitioner_type",
                 "cosigner_count")
_VISIT_COLUMNS = ("visited_at", "place", "reception_kind", "is_online", "is_group", "people_count", "content",
                  "prior_authority", "refusal_ground", "outcome_note")


def is_case_protected(kind, petitioner_protected: bool | None) -> bool:
    """A denunciation's petitioner is protected, and stays so if the case was reclassified."""
    return getattr(kind, "value", kind) == "denunciation" or bool(petitioner_protected)


def case_record(row: Mapping) -> dict:
    """One case as the national database receives it; ``row`` holds the columns named in
    ``_CASE_COLUMNS`` plus kind, changed_at, parent_tracking_code, petitioner_protected,
    petitioner_name and petitioner_address."""
    withheld = is_case_protected(row["kind"], row["petitioner_protected"])
    record = {"record_type": "case", "record_id": case_record_id(row["tracking_code"]),
              "changed_at": plain(row["changed_at"]), "kind": plain(row["kind"]), "identity_withheld": withheld}
    record.update({name: plain(row[name]) for name in _CASE_COLUMNS})
    record["parent_record_id"] = (case_record_id(row["parent_tracking_code"]) if row["parent_tracking_code"]
                                  else None)
    record["petitioner_name"] = None if withheld else row["petitioner_name"]
    record["petitioner_address"] = None if withheld else row["petitioner_address"]
    return record


def visit_record(row: Mapping) -> dict:
    """One visit (lượt tiếp công dân); ``row`` holds ``_VISIT_COLUMNS`` plus id, kind (the visit's,
    else its case's), changed_at, is_repeat, outcome, is_protected, case_tracking_code,
    case_protected, citizen_name and citizen_address."""
    withheld = bool(row["is_protected"]) or bool(row["case_protected"])
    record = {"record_type": "visit", "record_id": visit_record_id(row["id"]),
              "changed_at": plain(row["changed_at"]), "kind": plain(row["kind"]), "identity_withheld": withheld}
    record.update({name: plain(row[name]) for name in _VISIT_COLUMNS})
    record["visit_is_repeat"] = row["is_repeat"]
    record["visit_outcome"] = plain(row["outcome"])
    record["case_record_id"] = case_record_id(row["case_tracking_code"]) if row["case_tracking_code"] else None
    record["citizen_name"] = None if withheld else row["citizen_name"]
    record["citizen_address"] = None if withheld else row["citizen_address"]
    return record


def csv_row(record: dict) -> list[str]:
    """A record as one CSV line in ``COLUMNS`` order: empty for what does not apply, booleans as
    true/false."""
    values = []
    for name in COLUMNS:
        value = record.get(name)
        values.append("" if value is None else ("true" if value is True else "false" if value is False
                                                else str(value)))
    return values
