"""Every user-facing message has an English translation (Vietnamese is the source language)."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("petition_app/**.py", "python"), ("petition_app/templates/**.html", "jinja2"),
           ("petition_app/templates/**.txt", "jinja2")]


def test_every_message_has_an_english_translation():
    messages = {message for _, _, message, _, _ in extract_from_dir(
        str(ROOT), METHODS, keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                                  "ngettext": (1, 2)})}
    with open(ROOT / "petition_app/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    assert not catalog.fuzzy, "the catalogue header is marked fuzzy: pybabel compile would skip it"
    translated = {m.id for m in catalog if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
                  and "fuzzy" not in m.flags}
    missing = sorted(map(str, (m for m in messages if m not in translated)))
    assert missing == [], f"run pybabel extract/update and translate: {missing[:5]}"


def test_every_code_shown_to_people_has_its_own_label(app):
    from petition_app.domain import cases, information, reception, workflow
    from petition_app.i18n import label

    enums = [cases.CaseKind, cases.CaseStatus, cases.Channel, cases.PetitionerType, cases.InfoForm,
             cases.DeliveryMethod, cases.Role, cases.Category, cases.Signers, workflow.Action,
             workflow.DeclineReason, workflow.ArchiveReason, workflow.Outcome,
             reception.ReceptionPlace, reception.ReceptionKind, reception.OnlineMeans, reception.VisitOutcome,
             reception.RefusalGround, cases.ConsentMeans, cases.LateFilingReason, information.Provision,
             information.Ground]
    with app.test_request_context():
        for enum in enums:
            for member in enum:
                assert label(member) != member.value, f"{enum.__name__}.{member.name} has no label"
        # Same value, different meaning: each keeps its own words.
        assert label(cases.Channel.POST) != label(cases.DeliveryMethod.POST)
        assert label(cases.Category.OTHER) != label(workflow.DeclineReason.OTHER)
