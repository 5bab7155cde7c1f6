"""The rules of issue 9 on the forms: a late second complaint is refused next to its date with the
input kept; an information request's receipt shows the access-to-information deadlines."""
import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import Case
from tests.web.intake_helpers import VALID, counts, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


SECOND = {key: value for key, value in VALID["complaint"].items() if key != "learned_on"} | {
    "is_second_time": "y", "first_decision_number": "7/QĐ-SKHCN"}


def test_a_late_second_complaint_is_refused_next_to_its_date_and_the_input_is_kept(client):
    # Received the first decision on 20/10/2026: 30 days ended on Thursday 19/11; today is 25/11.
    response = submit(client, SECOND | {"first_decision_on": "20/10/2026"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and counts()["cases"] == 0
    error = body[body.index('id="first_decision_on-error"'):][:600]
    assert "Đã quá thời hạn khiếu nại lần hai" in error and "Luật Khiếu nại 2011, Điều 33" in error
    assert "19/11/2026" in error
    assert 'value="7/QĐ-SKHCN"' in body


def test_a_second_complaint_in_time_is_filed_with_its_first_round(client):
    response = submit(client, SECOND | {"first_decision_on": "30/10/2026"})
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert case.is_second_time and case.first_decision_number == "7/QĐ-SKHCN" and not case.filed_late


def test_an_information_request_receipt_shows_the_first_notice_and_the_answer_dates(client):
    response = submit(client, VALID["info_request"])
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    # Received Wednesday 25/11/2026: first notice 30/11, answer 16/12; no triage date.
    assert 'id="answer-by">30/11/2026<' in receipt and "16/12/2026" in receipt
    assert "Luật Tiếp cận thông tin 2016, Điều 31(2)" in receipt
    assert "Hạn thông báo kết quả xử lý đơn" not in receipt
