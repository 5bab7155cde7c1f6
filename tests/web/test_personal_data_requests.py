"""A citizen asks for the personal data held about them in a case (Nghị định 13/2023/NĐ-CP, Điều
14): tracking code, one-time code by e-mail, the request recorded; leadership fulfils it within the
period. Bad, expired and repeated codes; every role."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.domain.personal_data import MAX_ATTEMPTS, DataRequestStatus
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import CaseEvent, OutboxMessage, PersonalDataRequest
from petition_app.services.intake import PetitionerData, file_case
from tests.conftest import csrf_token
from tests.services.test_intake_service import request

START, CONFIRM = "/du-lieu-ca-nhan", "/du-lieu-ca-nhan/xac-nhan"
SAME_ANSWER = "Nếu đơn"


@pytest.fixture
def case(app, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    return file_case(request(), [], now=clock.now).case


def ask(client, tracking_code):
    page = client.get(START)
    return client.post(START, data={"csrf_token": csrf_token(page), "tracking_code": tracking_code})


def mailed_code() -> str | None:
    bodies = db.session.scalars(sa.select(OutboxMessage.body_text).where(
        OutboxMessage.subject.like("Mã xác nhận%")).order_by(OutboxMessage.id.desc())).all()
    return re.search(r"Mã xác nhận: (\d{6})", bodies[0]).group(1) if bodies else None


def confirm(client, response, code, tracking_code=None):
    html = response.get_data(as_text=True)
    hidden = re.search(r'name="tracking_code" type="hidden" value="([^"]*)"', html)
    return client.post(CONFIRM, data={"csrf_token": csrf_token(response), "code": code,
                                      "tracking_code": tracking_code or hidden.group(1)})


def test_the_citizen_gets_a_code_and_the_request_is_recorded(client, case, clock):
    sent = ask(client, case.tracking_code.lower().replace("-", " "))  # typed loosely
    assert sent.status_code == 200 and SAME_ANSWER in sent.get_data(as_text=True)
    code = mailed_code()
    [row] = db.session.scalars(sa.select(PersonalDataRequest)).all()
    assert row.status is DataRequestStatus.UNVERIFIED and row.email == "an@example.com"
    assert code not in (row.code_hash or "") and len(row.code_hash) == 64  # hashed at rest
    done = confirm(client, sent, code)
    assert done.status_code == 200 and "trong vòng 72 giờ" in done.get_data(as_text=True)
    db.session.refresh(row)
    assert row.status is DataRequestStatus.OPEN and row.code_hash is None
    assert row.due_at == clock.now + timedelta(hours=72)
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "personal_data.requested")).one()
    assert event.case_id == case.id and event.data == {"request_id": row.id}
    # The code is spent: entering it again records nothing more.
    again = confirm(client, sent, code)
    assert again.status_code == 422 and db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.action == "personal_data.requested")) == 1


def test_the_page_reads_the_same_with_or_without_an_email(client, app, clock, case):
    without = file_case(request(petitioner=PetitionerData(type="individual", full_name="Trần Văn Bé",
                                                          phone="0912345678", address="Huế")), [], now=clock.now).case
    pages = [ask(client, c).get_data(as_text=True) for c in (case.tracking_code, without.tracking_code,
                                                             new_tracking_code())]  # no such case
    strip = [re.sub(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}|csrf_token\" type=\"hidden\" value=\"[^\"]+",
                    "", p) for p in pages]
    assert strip[0] == strip[1] == strip[2]
    assert "liên hệ trực tiếp Sở" in pages[1]
    assert db.session.scalar(sa.select(sa.func.count(PersonalDataRequest.id))) == 1  # only the case with e-mail


@pytest.mark.parametrize("tracking_code", ["", "ABC", "7KQM-4XHT-9WPR-C3NA"])  # empty, short, wrong check symbol
def test_a_malformed_tracking_code_is_answered_next_to_the_field(client, case, tracking_code):
    response = ask(client, tracking_code)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="tracking_code-error"' in html
    assert f'value="{tracking_code}"' in html or not tracking_code
    assert db.session.scalar(sa.select(sa.func.count(PersonalDataRequest.id))) == 0


@pytest.mark.parametrize("code, words", [("", "Vui lòng nhập mã xác nhận"), ("12345", "gồm 6 chữ số"),
                                         ("abcdef", "gồm 6 chữ số")])
def test_a_malformed_code_is_answered_next_to_the_field(client, case, code, words):
    response = confirm(client, ask(client, case.tracking_code), code)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and words in html and 'id="code-error"' in html
    assert case.tracking_code in html  # the tracking code is kept


def test_a_wrong_code_counts_and_too_many_spend_it(client, case):
    sent = ask(client, case.tracking_code)
    right = mailed_code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(MAX_ATTEMPTS):
        response = confirm(client, sent, wrong)
        assert response.status_code == 422 and "không đúng" in response.get_data(as_text=True)
    response = confirm(client, sent, right)  # even the right one, now
    assert response.status_code == 422 and "nhập sai quá nhiều lần" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(PersonalDataRequest.status)).one() is DataRequestStatus.UNVERIFIED


def test_an_expired_code_is_refused(client, case, clock):
    sent = ask(client, case.tracking_code)
    clock.advance(minutes=15)
    response = confirm(client, sent, mailed_code())
    assert response.status_code == 422 and "đã hết hạn" in response.get_data(as_text=True)


def test_a_new_code_ends_the_earlier_one_and_codes_per_day_are_limited(client, case, clock):
    first_page = ask(client, case.tracking_code)
    first = mailed_code()
    ask(client, case.tracking_code)
    second = mailed_code()
    if first != second:
        assert confirm(client, first_page, first).status_code == 422
    ask(client, case.tracking_code)
    ask(client, case.tracking_code)  # a fourth within a day: no mail
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.subject.like("Mã xác nhận%"))) == 3
    assert confirm(client, first_page, mailed_code()).status_code == 200


def test_a_code_sent_for_one_case_does_not_open_another(client, case, clock):
    other = file_case(request(), [], now=clock.now).case
    sent = ask(client, case.tracking_code)
    code_for_case = mailed_code()
    ask(client, other.tracking_code)
    if mailed_code() != code_for_case:  # two random codes: equal once in a million
        response = confirm(client, sent, code_for_case, tracking_code=other.tracking_code)
        assert response.status_code == 422 and "không đúng" in response.get_data(as_text=True)
    assert set(db.session.scalars(sa.select(PersonalDataRequest.status))) == {DataRequestStatus.UNVERIFIED}
    assert confirm(client, sent, code_for_case).status_code == 200  # its own case still opens


def test_posting_without_the_form_token_is_refused(client, case):
    assert client.post(START, data={"tracking_code": case.tracking_code}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.subject.like("Mã xác nhận%"))) == 0


def open_request(client, case):
    confirm(client, ask(client, case.tracking_code), mailed_code())
    return db.session.scalars(sa.select(PersonalDataRequest)).one()


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_list_and_who_fulfils(app, client, login, case, role):
    row = open_request(client, case)
    login(role)
    listing = client.get("/staff/du-lieu-ca-nhan")
    detail = client.get(f"/staff/du-lieu-ca-nhan/{row.id}")
    token = csrf_token(client.get("/staff/"))
    reveal = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/xem", data={"csrf_token": token})
    send = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/gui", data={"csrf_token": token})
    assert listing.status_code == (200 if role in (Role.SUPERVISOR, Role.ADMIN) else 404)
    if listing.status_code == 200:
        assert case.tracking_code in listing.get_data(as_text=True)
        assert "Nguyễn Văn An" not in listing.get_data(as_text=True)  # the list holds no personal data
    if role is Role.SUPERVISOR:
        assert detail.status_code == 200 and reveal.status_code == 200 and send.status_code == 303
    else:
        assert detail.status_code == reveal.status_code == send.status_code == 404
        db.session.refresh(row)
        assert row.status is DataRequestStatus.OPEN


def test_leadership_reads_and_sends_the_data_once(client, login, case, clock):
    row = open_request(client, case)
    leader = login(Role.SUPERVISOR)
    page = client.get(f"/staff/du-lieu-ca-nhan/{row.id}").get_data(as_text=True)
    for shown in ("Nguyễn Văn An", "+84912345678", "an@example.com", "Huế", "Sở KH&amp;CN đã tiếp nhận đơn"):
        assert shown in page, shown
    clock.advance(hours=1)
    response = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/gui", data={"csrf_token": csrf_token(client.get(
        f"/staff/du-lieu-ca-nhan/{row.id}"))})
    assert response.status_code == 303
    mail = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.like("Dữ liệu cá nhân%"))).one()
    assert mail.recipient == "an@example.com" and "Nguyễn Văn An" in mail.body_text
    assert "+84912345678" in mail.body_text and "Mã xác nhận" in mail.body_text  # the mails sent are listed
    db.session.refresh(row)
    assert row.status is DataRequestStatus.FULFILLED and row.fulfilled_by_id == leader.id
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "personal_data.provided")).one()
    assert event.actor_id == leader.id
    client.post(f"/staff/du-lieu-ca-nhan/{row.id}/gui", data={"csrf_token": csrf_token(client.get("/staff/"))})
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.subject.like("Dữ liệu cá nhân%"))) == 1


def test_an_overdue_request_shows_as_overdue(client, login, case, clock):
    open_request(client, case)
    login(Role.ADMIN)
    assert "Quá hạn" not in client.get("/staff/du-lieu-ca-nhan").get_data(as_text=True)
    clock.advance(hours=72)
    assert "Quá hạn" in client.get("/staff/du-lieu-ca-nhan").get_data(as_text=True)


def test_a_denouncer_gets_a_code_like_anyone(client, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    denunciation = file_case(request(kind=CaseKind.DENUNCIATION, accused="Cán bộ X", location=None),
                             [], now=clock.now).case
    sent = ask(client, denunciation.tracking_code)
    assert confirm(client, sent, mailed_code()).status_code == 200


def test_both_steps_are_rate_limited_like_the_intake_form(app, client, case):
    app.config.update(INTAKE_RATE_LIMIT="2 per minute")
    assert ask(client, case.tracking_code).status_code == 200
    sent = ask(client, case.tracking_code)
    assert ask(client, case.tracking_code).status_code == 429
    assert confirm(client, sent, "000000").status_code in (422, 200)
    confirm(client, sent, "000001")
    response = confirm(client, sent, "000002")
    assert response.status_code == 429 and "quá nhiều yêu cầu" in response.get_data(as_text=True)


def test_a_denouncers_data_shows_only_on_an_audited_click(client, login, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    denunciation = file_case(request(kind=CaseKind.DENUNCIATION, accused="Cán bộ X", location=None),
                             [], now=clock.now).case
    row = open_request(client, denunciation)
    leader = login(Role.SUPERVISOR)
    page = client.get(f"/staff/du-lieu-ca-nhan/{row.id}")
    assert page.status_code == 200 and "Nguyễn Văn An" not in page.get_data(as_text=True)
    assert "Luật Tố cáo 2018, Điều 47" in page.get_data(as_text=True)
    refused = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/xem", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 422 and "Nguyễn Văn An" not in refused.get_data(as_text=True)
    assert "Vui lòng ghi lý do cần xem danh tính người tố cáo." in refused.get_data(as_text=True)
    shown = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/xem", data={
        "csrf_token": csrf_token(page), "reason": "Gửi dữ liệu theo yêu cầu của chính người tố cáo"})
    assert shown.status_code == 200 and "Nguyễn Văn An" in shown.get_data(as_text=True)
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "reveal_identity")).one()
    assert event.actor_id == leader.id and event.case_id == denunciation.id
    assert event.data == {"personal_data_request": row.id,
                          "reason": "Gửi dữ liệu theo yêu cầu của chính người tố cáo"}


def test_a_denouncers_data_needs_a_recent_code_as_on_the_case_page(client, login, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    denunciation = file_case(request(kind=CaseKind.DENUNCIATION, accused="Cán bộ X", location=None),
                             [], now=clock.now).case
    row = open_request(client, denunciation)
    login(Role.SUPERVISOR)
    clock.advance(minutes=30)  # the code entered at sign-in is no longer recent
    page = client.get(f"/staff/du-lieu-ca-nhan/{row.id}")
    assert 'name="code"' in page.get_data(as_text=True)
    stale = client.post(f"/staff/du-lieu-ca-nhan/{row.id}/xem", data={"csrf_token": csrf_token(page),
                                                                      "reason": "Kiểm tra"})
    assert stale.status_code == 422 and "Nguyễn Văn An" not in stale.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).where(CaseEvent.action == "reveal_identity")) == 0
