"""Resolving with formatted text and choosing publication: the redaction check, masking, approval."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import CaseEvent, OutboxMessage, Publication
from tests.conftest import csrf_token
from tests.web.publishing_helpers import case_in_hand, resolve, resolve_form

ANSWER = ("Kính gửi ông,\nSở trả lời như sau:\n\n1. Đã kiểm tra **30 cân** tại chợ.\n2. Đã xử phạt cơ sở vi phạm.\n\n"
          "- Xem [văn bản](https://skhcn.example.gov.vn/vb/123)\n- Hỏi thêm tại bộ phận một cửa.")
SUMMARY = "Đã kiểm tra **cân điện tử** tại chợ Đông Ba, xử phạt 1.500.000 đồng theo Quyết định số 123/QĐ-SKHCN."


@pytest.fixture
def units(make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")


@pytest.fixture
def feedback(app, units, make_user):
    return case_in_hand(app, make_user, "feedback")


@pytest.fixture
def complaint(app, units, make_user):
    return case_in_hand(app, make_user, "complaint")


def events(case):
    return db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case.id))


def publications():
    return db.session.scalars(sa.select(Publication)).all()


def test_the_resolve_form_offers_publication_by_kind(client, login, feedback, complaint):
    login(Role.HANDLER, "CCTDC")
    feedback_form = resolve_form(client, feedback)[0].get_data(as_text=True)
    complaint_form = resolve_form(client, complaint)[0].get_data(as_text=True)
    assert re.search(r'<input [^>]*checked id="resolve-publish"', feedback_form)
    assert re.search(r'<input [^>]*id="resolve-publish"', complaint_form)
    assert not re.search(r'<input [^>]*checked id="resolve-publish"', complaint_form)
    assert "**chữ đậm**" in feedback_form  # the syntax is documented beside the field


def test_formatted_text_keeps_paragraphs_lists_bold_and_links(smtp, client, login, feedback, clock):
    login(Role.HANDLER, "CCTDC")
    response = resolve(client, feedback, outcome="answered", answer=ANSWER, public_summary=SUMMARY, publish=True)
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    db.session.refresh(feedback)
    assert feedback.answer_source == ANSWER  # the source is kept as typed
    assert "<ol>\n<li>Đã kiểm tra <strong>30 cân</strong> tại chợ.</li>" in feedback.answer_html
    assert '<a href="https://skhcn.example.gov.vn/vb/123" rel="nofollow noopener noreferrer">' in feedback.answer_html
    assert "Kính gửi ông,<br>" in feedback.answer_html
    staff_page = client.get(f"/staff/cases/{feedback.id}").get_data(as_text=True)
    assert "<strong>30 cân</strong>" in staff_page and "**" not in staff_page.split('id="answer"')[1][:500]
    public = client.get(f"/tra-cuu/{feedback.tracking_code}").get_data(as_text=True)
    assert "<strong>cân điện tử</strong>" in public
    notice = db.session.scalars(sa.select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc())).first()
    assert "1. Đã kiểm tra 30 cân tại chợ." in notice and "**" not in notice
    assert "văn bản (https://skhcn.example.gov.vn/vb/123)" in notice
    from petition_app.services.outbox import send_due

    assert send_due(clock.now).sent >= 1
    mail = smtp.messages[-1]
    assert mail.get_body(("plain",)).get_content().count("**") == 0
    html = mail.get_body(("html",)).get_content()
    assert "<strong>30 cân</strong>" in html and "<ol>" in html


def test_typed_html_is_shown_as_text_never_run(client, login, feedback):
    login(Role.HANDLER, "CCTDC")
    resolve(client, feedback, outcome="answered", answer='<script>alert(1)</script> [x](javascript:alert(1))',
            public_summary="Đã trả lời <img src=x onerror=alert(1)>", publish=True)
    db.session.refresh(feedback)
    assert "<script" not in feedback.answer_html and 'href="javascript' not in feedback.answer_html
    assert "<img" not in feedback.public_summary_html


@pytest.mark.parametrize("summary, shown", [
    ("Đã liên hệ ông qua số 0912 345 678 để trả lời.", "0912 345 678"),
    ("Đã trả lời qua thư điện tử hop.thu@gmail.com.", "hop.thu@gmail.com"),
    ("Kiểm tra cơ sở tại số 12 đường Lê Lợi, không vi phạm.", "số 12 đường Lê Lợi"),
    ("Ông Nguyễn Văn An đã được trả lời.", "Nguyễn Văn An"),  # the petitioner's own name
    ("Đã đối chiếu CCCD 046190012345.", "046190012345"),
])
def test_publication_is_refused_while_the_summary_holds_personal_data(client, login, feedback, summary, shown):
    login(Role.HANDLER, "CCTDC")
    before = events(feedback)
    response = resolve(client, feedback, outcome="answered", answer=ANSWER, public_summary=summary, publish=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    error = body.split('id="resolve-public_summary-error"')[1].split("</p>")[0]
    assert "còn thông tin cá nhân" in error and "[đã ẩn]" in error and shown not in error
    assert f"{summary}</textarea>" in body  # the input is kept
    db.session.refresh(feedback)
    assert feedback.status is CaseStatus.ACCEPTED and events(feedback) == before and publications() == []


def test_masking_on_request_publishes_the_masked_summary(client, login, feedback):
    login(Role.HANDLER, "CCTDC")
    response = resolve(client, feedback, outcome="answered", answer=ANSWER, publish=True, mask_personal_data=True,
                       public_summary="Đã gọi 0912.345.678 và trả lời ông Nguyễn Văn An; phạt 1.500.000 đồng.")
    assert response.status_code == 303
    [published] = publications()
    assert published.summary_html == "<p>Đã gọi [đã ẩn] và trả lời ông [đã ẩn]; phạt 1.500.000 đồng.</p>"
    db.session.refresh(feedback)
    assert feedback.public_summary_source == "Đã gọi [đã ẩn] và trả lời ông [đã ẩn]; phạt 1.500.000 đồng."


def test_not_publishing_needs_no_redaction_and_publishes_nothing(client, login, feedback):
    login(Role.HANDLER, "CCTDC")
    response = resolve(client, feedback, outcome="answered", answer=ANSWER, publish=False,
                       public_summary="Đã gọi 0912 345 678.")
    assert response.status_code == 303 and publications() == []
    assert client.get(f"/ket-qua/{feedback.tracking_code}").status_code == 404


def test_a_complaint_is_published_only_on_leadership_approval(client, login, complaint):
    handler = login(Role.HANDLER, "CCTDC")
    response = resolve(client, complaint, outcome="rejected", decision_number="25/QĐ-SKHCN",
                       decision_date="10/12/2026", answer=ANSWER, public_summary=SUMMARY, publish=True)
    assert response.status_code == 422
    assert "Chỉ lãnh đạo Sở được phê duyệt công khai" in response.get_data(as_text=True)
    assert publications() == [] and handler.role is Role.HANDLER


def test_leadership_approval_is_recorded(client, login, complaint, clock):
    supervisor = login(Role.SUPERVISOR, "VP")
    response = resolve(client, complaint, outcome="rejected", decision_number="25/QĐ-SKHCN",
                       decision_date="10/12/2026", answer=ANSWER, public_summary=SUMMARY, publish=True)
    assert response.status_code == 303
    [published] = publications()
    assert published.approved_by_id == supervisor.id and published.approved_at == clock.now
    assert published.published_by_id == supervisor.id
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "resolve")).one()
    assert event.data["publish"] is True
    page = client.get(f"/staff/cases/{complaint.id}").get_data(as_text=True)
    state = page.split('id="publication-state">')[1].split("</p>")[0]
    assert "Đã công khai ngày 25/11/2026" in state and "lãnh đạo Sở phê duyệt" in state


def test_a_complaint_resolved_without_publication_stays_off_the_register(client, login, complaint):
    login(Role.HANDLER, "CCTDC")
    response = resolve(client, complaint, outcome="rejected", decision_number="25/QĐ-SKHCN",
                       decision_date="10/12/2026", answer=ANSWER, public_summary=SUMMARY)
    assert response.status_code == 303 and publications() == []
    assert client.get(f"/ket-qua/{complaint.tracking_code}").status_code == 404
    page = client.get(f"/staff/cases/{complaint.id}").get_data(as_text=True)
    assert 'id="publication-state">Không công khai' in page


def test_only_leadership_may_approve_in_the_table():
    from petition_app.domain.access import Act, Relation, permits

    assert permits(Role.SUPERVISOR, Relation.LEADERSHIP, Act.APPROVE_PUBLICATION)
    for role in Role:
        for relation in Relation:
            if (role, relation) != (Role.SUPERVISOR, Relation.LEADERSHIP):
                assert not permits(role, relation, Act.APPROVE_PUBLICATION)


def publish_later(client, case, mask=False):
    token = csrf_token(client.get(f"/staff/cases/{case.id}"))
    data = {"csrf_token": token, **({"mask": "y"} if mask else {})}
    return client.post(f"/staff/cases/{case.id}/cong-khai", data=data)


def test_leadership_publishes_later_what_a_handler_resolved(client, login, complaint, make_user):
    login(Role.HANDLER, "CCTDC")
    resolve(client, complaint, outcome="rejected", decision_number="25/QĐ-SKHCN", decision_date="10/12/2026",
            answer=ANSWER, public_summary="Khiếu nại sai; đã gọi ông qua số 0905 123 456.")
    assert publish_later(client, complaint).status_code == 422  # a handler may not approve
    assert publications() == []
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    supervisor = login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{complaint.id}").get_data(as_text=True)
    assert 'id="publish-later"' in page
    refused = publish_later(client, complaint)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "còn thông tin cá nhân" in body
    assert "Sau khi ẩn: Khiếu nại sai; đã gọi ông qua số [đã ẩn]." in body and publications() == []
    assert publish_later(client, complaint, mask=True).status_code == 303
    [published] = publications()
    assert published.approved_by_id == supervisor.id and "0905" not in published.summary_html
    db.session.refresh(complaint)
    assert complaint.public_summary_source == "Khiếu nại sai; đã gọi ông qua số [đã ẩn]."
    assert [e.action for e in complaint.events][-1] == "publish"
    assert publish_later(client, complaint).status_code == 422  # once only
    assert len(publications()) == 1


def test_an_open_case_cannot_be_published(client, login, feedback):
    login(Role.SUPERVISOR, "VP")
    assert publish_later(client, feedback).status_code == 422 and publications() == []


def test_control_characters_in_an_answer_never_reach_the_database(client, login, feedback):
    """A NUL pasted into the answer was a 500 on PostgreSQL (found by the staff API's Schemathesis run);
    the answer and summary are checked like every other text: refused next to the field, input kept,
    nothing changed."""
    login(Role.HANDLER, "CCTDC")
    status_before = feedback.status
    response = resolve(client, feedback, outcome="answered", answer="Đã trả lời\x00 công dân.",
                       public_summary="Đã xử lý.", publish=False)
    assert response.status_code == 422
    assert "Nội dung chứa ký tự không hợp lệ (ký tự điều khiển" in response.get_data(as_text=True)
    db.session.refresh(feedback)
    assert feedback.status is status_before and feedback.answer_source is None
