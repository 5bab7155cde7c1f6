"""English mode: the site header, plurals, and e-mails in the language the citizen filed in."""
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case, OutboxMessage, Petitioner
from tests.services.test_workflow_service import act, staff  # noqa: F401 (fixture)
from tests.web.intake_helpers import VALID, submit

CATALOGUE = Path(__file__).resolve().parents[2] / "petition_app/translations/en/LC_MESSAGES/messages.po"
PLURALS = [m.id for m in read_po(CATALOGUE.open("rb")) if isinstance(m.id, tuple)]


def english(client):
    client.get("/ngon-ngu/en")


def test_the_site_header_speaks_english_in_english_mode(client):
    english(client)
    page = client.get("/").get_data(as_text=True)
    assert "Department of Science and Technology" in page
    assert "Sở Khoa học và Công nghệ" not in page


def test_the_site_header_stays_vietnamese_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in page


@pytest.mark.parametrize("message", PLURALS, ids=lambda m: m[0][:30])
def test_english_plurals_agree_with_the_count(app, message):
    singular, plural = message
    with app.test_request_context(), force_locale("en"):
        one = ngettext(singular, plural, 1, day="01/12/2026", law="Điều 1")
        many = ngettext(singular, plural, 2, day="01/12/2026", law="Điều 1")
    assert "1" in one and "2" in many and one != many
    assert not any(word in one.split() for word in ("times", "days", "visits", "requests", "fields:", "cases"))


def test_one_wrong_field_is_counted_in_the_singular(client):
    english(client)
    data = dict(VALID["feedback"], email="not-an-address")
    page = submit(client, data).get_data(as_text=True)
    assert "Please check 1 field:" in page


def test_a_citizen_who_filed_in_english_gets_english_mail(client):
    english(client)
    submit(client, VALID["feedback"])
    assert db.session.scalar(sa.select(Petitioner.language)) == "en"
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "Department of Science and Technology has received your submission." in message.body_text
    assert "Please keep this tracking code" in message.body_text
    assert "đơn" not in message.body_text.lower().split()


def test_a_citizen_who_filed_in_vietnamese_gets_vietnamese_mail(client):
    submit(client, VALID["feedback"])
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "Sở Khoa học và Công nghệ xin thông báo đã tiếp nhận đơn của ông/bà." in message.body_text


def test_notices_after_an_action_follow_the_citizens_language(client, staff, clock):  # noqa: F811
    english(client)
    submit(client, VALID["feedback"])
    case = db.session.scalar(sa.select(Case))
    act(case, Action.FORWARD, staff["reception"], clock, agency="Sở Tài nguyên và Môi trường",
        cover_letter="Kính chuyển đơn…")
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "It has been forwarded to: Sở Tài nguyên và Môi trường." in notice.body_text
