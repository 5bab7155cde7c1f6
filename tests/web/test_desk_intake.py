"""The staff intake made for the desk, and every form error shown at once (issue 10)."""
import html
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Channel, ConsentMeans, LateFilingReason, Role
from petition_app.extensions import db
from petition_app.models import Case
from tests import files
from tests.conftest import csrf_token, hidden_value
from tests.web.intake_helpers import NOTHING, VALID, counts, open_form, submit

NEW = "/staff/cases/new"
LATE_COMPLAINT = {**VALID["complaint"], "learned_on": "2026-06-01", "channel": "in_person"}


def summary(response) -> list[tuple[str, str]]:
    """The error summary's entries: (link target, short label)."""
    body = response.get_data(as_text=True)
    block = re.search(r'<div class="error-summary" role="alert".*?</div>', body, re.S)
    assert block, "no error summary"
    return [(href, html.unescape(text)) for href, text in re.findall(r'<a href="#([^"]+)">([^<]*)</a>', block.group(0))]


def error_next_to(response, field_id: str) -> str:
    """The error text shown next to a field (the paragraph tied to it by id)."""
    body = response.get_data(as_text=True)
    found = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', body, re.S)
    assert found, f"no error next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def desk_form(client, query="") -> dict:
    page = client.get(NEW + query)
    assert page.status_code == 200
    return {"csrf_token": csrf_token(page), "submission_token": hidden_value(page, "submission_token")}


def file_at_desk(client, data, **extra):
    return client.post(NEW, data={**desk_form(client), "consent_means": "in_person_verbal", **data, **extra},
                       content_type="multipart/form-data")


# --- every error at once, on the public form ---------------------------------------------------

def test_an_empty_public_submit_lists_every_common_error_in_one_response(client):
    response = submit(client, {})
    assert response.status_code == 422
    targets = dict(summary(response))
    # In the order the page shows the fields.
    assert list(targets) == ["kind-0", "full_name", "address", "phone", "subject", "content", "consent"]
    assert "Vui lòng kiểm tra lại 7 mục" in response.get_data(as_text=True)
    # The consent sentence is named by its short label, not quoted whole ending in ".:".
    assert targets["consent"] == "Đồng ý xử lý dữ liệu cá nhân"
    assert ".:" not in response.get_data(as_text=True)
    for field_id in ("kind", "subject", "content", "consent"):
        assert error_next_to(response, field_id)
    assert counts() == NOTHING


def test_a_chosen_kind_adds_its_own_fields_to_the_same_response(client):
    response = submit(client, {"kind": "complaint"})
    targets = {href for href, _ in summary(response)}
    assert {"complained_decision", "learned_on", "citizen_id", "subject", "consent"} <= targets
    assert "kind-0" not in targets and "accused" not in targets and "location" not in targets


def test_two_bad_uploads_are_both_named(client):
    uploads = [files.upload(files.EXE, "virus.pdf"), files.upload(b"", "rong.pdf"),
               files.upload(files.PDF, "tot.pdf")]
    response = submit(client, VALID["feedback"], files=uploads)
    assert response.status_code == 422
    message = error_next_to(response, "attachments")
    assert "virus.pdf" in message and "rong.pdf" in message and "tot.pdf" not in message
    assert counts() == NOTHING


def test_bad_uploads_are_named_with_the_other_errors_of_an_empty_submit(client):
    response = submit(client, {}, files=[files.upload(files.HTML, "a.pdf"), files.upload(files.EXE, "b.docx")])
    targets = {href for href, _ in summary(response)}
    assert {"attachments", "kind-0", "subject", "consent"} <= targets
    message = error_next_to(response, "attachments")
    assert "a.pdf" in message and "b.docx" in message


def test_a_late_complaint_online_is_still_refused_and_sent_to_the_desk(client):
    response = submit(client, {**VALID["complaint"], "learned_on": "2026-06-01"})
    assert response.status_code == 422
    message = error_next_to(response, "learned_on")
    assert "quá thời hiệu" in message and "bộ phận tiếp công dân" in message
    assert counts() == NOTHING


# --- the desk ----------------------------------------------------------------------------------

@pytest.fixture
def desk(client, login):
    return login(Role.RECEPTION, "VP")


def test_the_desk_page_speaks_to_the_officer(client, desk):
    body = client.get(NEW).get_data(as_text=True)
    for citizen_words in ("đề nghị của bạn", "Tôi đồng ý", "tôi đã khiếu nại", "Tôi ở vùng sâu", "trả lời bạn"):
        assert citizen_words not in body
    assert "Công dân đồng ý cho Sở xử lý dữ liệu cá nhân" in body
    assert "Người khiếu nại ở vùng sâu" in body
    public = client.get("/gui-don").get_data(as_text=True)
    assert "Tôi đồng ý" in public and "đề nghị của bạn" in public


@pytest.mark.parametrize("query,channel,heading", [
    ("", "in_person", "Nhận đơn tại quầy"),
    ("?nguon=tai-quay", "in_person", "Nhận đơn tại quầy"),
    ("?nguon=buu-chinh", "post", "Nhận đơn qua bưu chính"),
])
def test_the_channel_follows_where_the_officer_came_from(client, desk, query, channel, heading):
    body = client.get(NEW + query).get_data(as_text=True)
    assert re.search(rf'<input checked id="channel-\d" name="channel" required type="radio" value="{channel}">', body)
    assert f"<h1>{heading}</h1>" in body
    nav = client.get("/staff/").get_data(as_text=True)
    assert "?nguon=tai-quay" in nav and "?nguon=buu-chinh" in nav


def test_an_empty_desk_submit_lists_every_error_in_one_response(client, desk):
    response = client.post(NEW, data=desk_form(client), content_type="multipart/form-data")
    assert response.status_code == 422
    targets = dict(summary(response))
    assert {"kind-0", "full_name", "address", "phone", "subject", "content",
            "consent_means-0"} <= set(targets)
    assert targets["consent_means-0"] == "Sự đồng ý của công dân"
    assert counts() == NOTHING


def test_how_the_citizen_consented_is_stored_and_shown(client, desk):
    response = file_at_desk(client, VALID["feedback"], consent_means="signed_paper")
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert case.consent_means is ConsentMeans.SIGNED_PAPER
    assert case.events[0].data["consent_means"] == "signed_paper"
    assert "Ký phiếu đồng ý trên giấy" in client.get(f"/staff/cases/{case.id}").get_data(as_text=True)


def test_consent_given_in_an_unknown_way_is_refused_next_to_the_field(client, desk):
    response = file_at_desk(client, VALID["feedback"], consent_means="nodded")
    assert response.status_code == 422
    assert error_next_to(response, "consent_means")
    assert counts() == NOTHING


def test_a_letter_with_only_a_postal_address_is_accepted_by_post(client, desk):
    letter = {k: v for k, v in VALID["feedback"].items() if k not in ("phone", "email")}
    in_person = file_at_desk(client, {**letter, "channel": "in_person"})
    assert in_person.status_code == 422
    assert "số điện thoại hoặc thư điện tử" in error_next_to(in_person, "phone")
    by_post = file_at_desk(client, {**letter, "channel": "post"}, consent_means="in_letter")
    assert by_post.status_code == 303, by_post.get_data(as_text=True)[:2000]
    case = db.session.scalar(sa.select(Case))
    assert case.channel is Channel.POST and case.petitioner.phone is None and case.petitioner.email is None
    assert case.petitioner.address == VALID["feedback"]["address"]


def test_back_dating_within_the_limit_needs_no_confirmation(client, desk):
    # The clock reads 25/11/2026 09:30 in Vietnam: 20/11 is 5 days back, the default limit.
    response = file_at_desk(client, {**VALID["feedback"], "channel": "post", "received_at": "2026-11-20T08:00"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(Case)).events[0].data["backdated_days"] == 5


def test_back_dating_beyond_the_limit_is_confirmed_and_audited(client, desk):
    old = {**VALID["feedback"], "channel": "post", "received_at": "2026-11-15T08:00"}
    page = client.get(NEW).get_data(as_text=True)
    assert 'name="confirm_backdate"' not in page  # the checkbox comes with the error
    refused = file_at_desk(client, old)
    assert refused.status_code == 422
    assert "Ngày nhận cách hôm nay 10 ngày: xác nhận" in error_next_to(refused, "confirm_backdate")
    assert 'name="confirm_backdate"' in refused.get_data(as_text=True)
    assert summary(refused)[0] == ("confirm_backdate", "Xác nhận ngày nhận đơn")  # first, as on the page
    assert counts() == NOTHING
    accepted = file_at_desk(client, old, confirm_backdate="y")
    assert accepted.status_code == 303
    case = db.session.scalar(sa.select(Case))
    event = case.events[0]
    assert event.data["backdated_days"] == 10 and event.actor_id == desk.id
    assert case.received_at.isoformat() == "2026-11-15T01:00:00+00:00"
    timeline = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert "ghi lùi ngày nhận đơn 10 ngày" in timeline and desk.full_name in timeline


def test_the_back_dating_limit_is_a_setting(client, app, desk):
    app.config["RECEIPT_BACKDATE_DAYS"] = 15
    response = file_at_desk(client, {**VALID["feedback"], "channel": "post", "received_at": "2026-11-15T08:00"})
    assert response.status_code == 303


def test_a_late_complaint_without_a_reason_is_refused_next_to_the_reason(client, desk):
    response = file_at_desk(client, LATE_COMPLAINT)
    assert response.status_code == 422
    message = error_next_to(response, "late_reason")
    assert "quá thời hiệu" in message and "Luật Khiếu nại 2011, Điều 9" in message
    assert "đến trực tiếp" not in response.get_data(as_text=True)  # the officer is the desk
    assert ("late_reason-0", "Lý do khiếu nại quá thời hiệu") in summary(response)
    assert counts() == NOTHING


def test_another_obstacle_needs_the_officers_words(client, desk):
    response = file_at_desk(client, LATE_COMPLAINT, late_reason="other_obstacle")
    assert response.status_code == 422
    assert "trở ngại khách quan" in error_next_to(response, "late_reason_note")
    assert counts() == NOTHING


def test_a_late_complaint_is_received_with_its_reason_shown_and_audited(client, desk):
    note = "Nằm viện từ 01/06 đến 15/10/2026, có giấy ra viện."
    response = file_at_desk(client, LATE_COMPLAINT, late_reason="illness", late_reason_note=note)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    case = db.session.scalar(sa.select(Case))
    assert case.filed_late and case.late_reason is LateFilingReason.ILLNESS and case.late_reason_note == note
    assert case.events[0].data["late_reason"] == "illness" and case.events[0].data["late_reason_note"] == note
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    shown = html.unescape(re.search(r'<dd id="late-reason">(.*?)</dd>', page, re.S).group(1))
    assert "Ốm đau" in shown and note in shown
    assert "nhận khiếu nại quá thời hiệu, lý do: Ốm đau" in html.unescape(page)


def test_a_reason_given_for_a_complaint_on_time_is_not_stored(client, desk):
    response = file_at_desk(client, {**VALID["complaint"], "channel": "in_person"}, late_reason="illness")
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert not case.filed_late and case.late_reason is None


# --- the reception visit form ------------------------------------------------------------------

def test_an_empty_visit_lists_every_error_at_once_by_short_label(client, desk):
    page = client.get("/staff/tiep-cong-dan/moi")
    response = client.post("/staff/tiep-cong-dan/moi", data={
        "csrf_token": csrf_token(page), "outcome": "registered", "people_count": "", "visited_at": ""})
    assert response.status_code == 422
    targets = dict(summary(response))
    assert list(targets)[:2] == ["name_0", "people_count"]  # in the order of the page
    assert {"name_0", "content", "kind", "subject", "consent", "visited_at", "people_count"} <= set(targets)
    assert targets["consent"] == "Đồng ý xử lý dữ liệu cá nhân"
    assert ".:" not in response.get_data(as_text=True)


def test_the_public_form_keeps_its_entries_when_refused(client):
    tokens = open_form(client)
    response = submit(client, {"subject": "Cân điện tử sai"}, tokens=tokens)
    assert 'value="Cân điện tử sai"' in response.get_data(as_text=True)


def test_a_back_dated_late_complaint_shows_both_refusals_in_one_response(client, desk):
    response = file_at_desk(client, LATE_COMPLAINT, received_at="2026-11-10T08:00")
    assert response.status_code == 422
    assert [href for href, _ in summary(response)] == ["confirm_backdate", "late_reason-0"]
    assert "15 ngày" in error_next_to(response, "confirm_backdate")
    assert "quá thời hiệu" in error_next_to(response, "late_reason")
    assert counts() == NOTHING
