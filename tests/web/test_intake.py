"""The public intake form (/gui-don) through the real HTTP stack."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, CaseStatus, Channel
from petition_app.extensions import db
from petition_app.models import Case, OutboxMessage
from tests.web.intake_helpers import NOTHING, VALID, counts, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


@pytest.mark.parametrize("sample", sorted(VALID))
def test_every_kind_can_be_filed_and_gets_a_receipt(client, sample):
    response = submit(client, VALID[sample])
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    case = db.session.scalar(sa.select(Case))
    assert response.headers["Location"].endswith(f"/gui-don/bien-nhan/{case.tracking_code}")
    receipt = client.get(response.headers["Location"])
    body = receipt.get_data(as_text=True)
    assert case.tracking_code in body
    assert "Giấy biên nhận đơn" in body
    assert case.status is CaseStatus.RECEIVED and case.channel is Channel.ONLINE
    assert case.kind is CaseKind(VALID[sample]["kind"])
    assert case.unit.code == "VP"
    assert [e.action for e in case.events] == ["received"]


def test_answer_date_is_ten_working_days_later(client, clock):
    # Wednesday 25/11/2026 09:30 in Vietnam: ten working days later is Wednesday 09/12/2026.
    clock.set(clock.now.replace(hour=2, minute=30))
    response = submit(client, VALID["feedback"])
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="answer-by">09/12/2026<' in receipt
    assert db.session.scalar(sa.select(Case.triage_due)).isoformat() == "2026-12-09"


def test_petitioner_data_is_normalised(client):
    submit(client, VALID["complaint"])
    case = db.session.scalar(sa.select(Case))
    assert case.petitioner.phone == "+84905123456"
    assert case.petitioner.citizen_id == "046190012345"
    assert case.learned_on.isoformat() == "2026-10-05"
    assert case.complained_decision.startswith("Quyết định số 15")


def test_organisation_is_recorded_with_tax_code_and_representative(client):
    submit(client, VALID["petition_org"])
    petitioner = db.session.scalar(sa.select(Case)).petitioner
    assert petitioner.type.value == "organisation"
    assert petitioner.org_name == "Công ty TNHH Cơ khí Hương Giang"
    assert petitioner.tax_code == "3301234567"
    assert (petitioner.rep_name, petitioner.rep_position) == ("Hoàng Văn Em", "Giám đốc")
    assert petitioner.full_name is None and petitioner.citizen_id is None


def test_branch_tax_code_of_thirteen_digits_is_accepted(client):
    submit(client, {**VALID["petition_org"], "tax_code": "3301234567001"})
    assert db.session.scalar(sa.select(Case)).petitioner.tax_code == "3301234567-001"


def test_cosigners_are_recorded_with_their_count(client):
    submit(client, {**VALID["feedback"], "cosigner_names": "Nguyễn Văn B\n\nTrần Thị C\n", "cosigner_count": "25"})
    case = db.session.scalar(sa.select(Case))
    assert case.petitioner.cosigner_names == ["Nguyễn Văn B", "Trần Thị C"]
    assert case.cosigner_count == 25


def test_cosigner_count_defaults_to_the_names_given(client):
    submit(client, {**VALID["feedback"], "cosigner_names": "A\nB\nC"})
    assert db.session.scalar(sa.select(Case)).cosigner_count == 3


def test_anonymous_feedback_is_accepted_without_identity(client):
    data = {k: v for k, v in VALID["feedback"].items()
            if k not in {"full_name", "phone", "email", "address"}}
    response = submit(client, {**data, "anonymous": "y"})
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert case.is_anonymous and case.petitioner is None
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "info_request"])
def test_anonymous_filing_is_refused_for_kinds_that_need_identity(client, kind):
    response = submit(client, {**VALID[kind], "anonymous": "y"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Chỉ đơn kiến nghị, phản ánh được gửi không ghi danh" in body
    assert counts() == NOTHING


def test_acknowledgement_email_is_queued_with_the_case(client):
    submit(client, VALID["feedback"])
    case = db.session.scalar(sa.select(Case))
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.case_id == case.id
    assert message.recipient == "an.nguyen@example.com"
    assert case.tracking_code in message.subject and case.tracking_code in message.body_text
    assert "09/12/2026" in message.body_text


def test_receipt_is_only_shown_to_the_browser_that_filed(client, app):
    response = submit(client, VALID["feedback"])
    other = app.test_client()
    page = other.get(response.headers["Location"])
    assert page.status_code == 302
    assert "/tra-cuu/" in page.headers["Location"]


def test_link_from_the_home_page_preselects_the_kind(client):
    body = client.get("/gui-don?loai=denunciation").get_data(as_text=True)
    checked = re.findall(r'<input checked id="kind-\d" name="kind" type="radio" value="(\w+)">', body)
    assert checked == ["denunciation"]


def test_unknown_kind_in_the_link_preselects_nothing(client):
    body = client.get("/gui-don?loai=<script>").get_data(as_text=True)
    assert "<input checked id=\"kind-" not in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script>" not in main


def test_denunciation_form_warns_that_identity_is_protected(client):
    body = client.get("/gui-don").get_data(as_text=True)
    assert "Luật Tố cáo 2018 (Điều 47)" in body
    assert "Nghị định 13/2023/NĐ-CP" in body
