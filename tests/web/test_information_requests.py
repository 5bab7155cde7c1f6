"""Answering an information request (Luật Tiếp cận thông tin 2016) from its case page: each
kind of answer and what it needs, the refusal's ground with its article, fees, the citizen's
notice and status page; and the register of information provided on request."""
import csv
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from petition_app.domain.cases import CaseStatus, Role
from petition_app.domain.workflow import Outcome
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent, InformationProvision, OutboxMessage
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit

ARTICLE_28_1_B = "Luật Tiếp cận thông tin 2016, Điều 17; Điều 28(1)(b)"


@pytest.fixture
def case(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    submit(app.test_client(), VALID["info_request"])
    case = db.session.scalar(sa.select(Case))
    case.unit_id = db.session.scalar(sa.text("select id from units where code = 'VP'"))
    db.session.commit()
    return case


def answer(client, case, **fields):
    page = client.get(f"/staff/cases/{case.id}")
    data = {"csrf_token": csrf_token(page), "info-requested_info": "Danh sách đề tài năm 2025",
            "info-info_form": "electronic", "info-delivery": "email", "info-copy_fee": "0",
            "info-delivery_fee": "0"}
    data.update({f"info-{k}": v for k, v in fields.items()})
    return client.post(f"/staff/cases/{case.id}/information", data=data)


def error_of(body, name):
    match = re.search(rf'id="info-{name}-error">\s*<span>([^<]+)</span>', body)
    return match.group(1) if match else None


def saved():
    return db.session.scalars(sa.select(InformationProvision)).all()


def test_the_case_page_shows_the_form_with_the_articles(client, login, case):
    login(Role.SUPERVISOR, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert 'id="information-title"' in body and "Ghi trả lời" in body
    assert "Điều 28(1)(b)" in body and "Điều 28(1)(e)" in body and "Điều 6; Điều 28(1)(a)" in body
    assert "Gửi qua fax" in body and "Thông tư 46/2018/TT-BTC" in body
    assert 'for="info-provision-0"' in body and 'for="info-copy_fee"' in body


def test_a_refusal_because_already_public_needs_the_link(client, login, case):
    login(Role.SUPERVISOR, "VP")
    response = answer(client, case, provision="refused", ground="already_public",
                      explanation="Danh sách đã đăng trên cổng thông tin")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_of(body, "published_link").startswith("Ghi địa chỉ nơi thông tin đã được công khai")
    assert "Danh sách đã đăng trên cổng thông tin</textarea>" in body
    assert '<details open id="information-form">' in body
    assert saved() == [] and db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 1


def test_a_refusal_is_recorded_noticed_and_shown_with_its_article(client, login, case):
    login(Role.SUPERVISOR, "VP")
    response = answer(client, case, provision="refused", ground="already_public",
                      published_link="https://sokhcn.example.gov.vn/de-tai-2025", copy_fee="0", delivery_fee="0")
    assert response.status_code == 303
    [row] = saved()
    assert row.ground.value == "already_public" and row.provided_on is None
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.action == "record_information"))
    assert event.data["provision"] == "refused" and event.data["ground"] == "already_public"
    notice = db.session.get(OutboxMessage, event.data["notice"])
    assert notice.recipient == "dung@example.com"
    assert ARTICLE_28_1_B in notice.body_text and "https://sokhcn.example.gov.vn/de-tai-2025" in notice.body_text
    status = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    assert ARTICLE_28_1_B in status and 'href="https://sokhcn.example.gov.vn/de-tai-2025"' in status
    assert "Phạm Thu Dung" not in status and "dung@example.com" not in status
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert "Ghi trả lời yêu cầu cung cấp thông tin" in page and "record_information" not in page


def test_later_needs_the_notice_and_a_promise_not_before_it(client, login, case):
    login(Role.SUPERVISOR, "VP")
    body = answer(client, case, provision="later").get_data(as_text=True)
    assert error_of(body, "notice_on") and error_of(body, "promised_by")
    body = answer(client, case, provision="later", notice_on="25/11/2026", promised_by="20/11/2026").get_data(
        as_text=True)
    assert error_of(body, "promised_by") == "Thời hạn cung cấp phải từ ngày thông báo trở đi."
    assert 'value="20/11/2026"' in body
    body = answer(client, case, provision="later", notice_on="25/11/2026", promised_by="17/12/2026").get_data(
        as_text=True)
    assert error_of(body, "promised_by").startswith("Thời hạn cung cấp không được sau hạn giải quyết của hồ sơ "
                                                    "(16/12/2026, Luật Tiếp cận thông tin 2016, Điều 31)")
    assert answer(client, case, provision="later", notice_on="25/11/2026",
                  promised_by="16/12/2026").status_code == 303
    status = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    assert "ngày 25/11/2026, cung cấp chậm nhất ngày 16/12/2026" in status


@pytest.mark.parametrize("fields, name, message", [
    ({"provision": "at_once"}, "provided_on", "Trường này là bắt buộc với cách trả lời đã chọn."),
    ({"provision": "at_once", "provided_on": "26/11/2026"}, "provided_on", "Ngày này không thể sau hôm nay."),
    ({"provision": "at_once", "provided_on": "24/11/2026"}, "provided_on",
     "Ngày này không thể trước ngày tiếp nhận yêu cầu."),
    ({"provision": "at_once", "provided_on": "31/02/2026"}, "provided_on",
     "Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm."),
    ({"provision": "partly", "provided_on": "25/11/2026"}, "ground",
     "Trường này là bắt buộc với cách trả lời đã chọn."),
    ({"provision": "refused"}, "ground", "Trường này là bắt buộc với cách trả lời đã chọn."),
    ({"provision": "refused", "ground": "secret"}, "ground", "Lựa chọn không hợp lệ."),
    ({"provision": "maybe"}, "provision", "Lựa chọn không hợp lệ."),
    ({"provision": "at_once", "provided_on": "25/11/2026", "copy_fee": "-5"}, "copy_fee",
     "Chi phí là số đồng từ 0 đến 100.000.000."),
    ({"provision": "at_once", "provided_on": "25/11/2026", "delivery_fee": "năm nghìn"}, "delivery_fee",
     "Vui lòng nhập một số nguyên."),
    ({"provision": "at_once", "provided_on": "25/11/2026", "copy_fee": "1000000000"}, "copy_fee",
     "Chi phí là số đồng từ 0 đến 100.000.000."),
    ({"provision": "refused", "ground": "already_public", "published_link": "javascript:alert(1)"},
     "published_link", None),
    ({"provision": "at_once", "provided_on": "25/11/2026", "requested_info": ""}, "requested_info",
     "Ghi rõ thông tin được yêu cầu."),
    ({"provision": "at_once", "provided_on": "25/11/2026", "delivery": "pigeon"}, "delivery",
     "Lựa chọn không hợp lệ."),
])
def test_bad_input_is_refused_next_to_its_field(client, login, case, fields, name, message):
    login(Role.SUPERVISOR, "VP")
    response = answer(client, case, **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    shown = error_of(body, name)
    assert shown is not None, body[body.find('id="information"'):][:3000]
    if message:
        assert shown == message
    assert saved() == []


def test_fees_are_recorded_and_shown_to_the_citizen(client, login, case):
    login(Role.SUPERVISOR, "VP")
    assert answer(client, case, provision="at_once", provided_on="25/11/2026", copy_fee="12000",
                  delivery_fee="3000").status_code == 303
    [row] = saved()
    assert (row.copy_fee, row.delivery_fee, row.total_fee) == (12000, 3000, 15000)
    status = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    assert "15.000 đồng (sao, chụp 12.000 đồng; gửi 3.000 đồng)" in status
    assert "Thông tư 46/2018/TT-BTC" in status


def test_a_changed_answer_leaves_nothing_stale(client, login, case):
    login(Role.SUPERVISOR, "VP")
    answer(client, case, provision="refused", ground="already_public", published_link="https://example.gov.vn/a")
    assert answer(client, case, provision="at_once", provided_on="25/11/2026", ground="not_held",
                  published_link="https://example.gov.vn/b").status_code == 303
    [row] = saved()
    assert row.provision.value == "at_once" and row.ground is None and row.published_link is None
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.action == "record_information")).all()
    assert [e.data["corrected"] for e in events] == [False, True]


def test_the_answer_must_agree_with_the_recorded_outcome(client, login, case):
    case.outcome, case.status = Outcome.PROVIDED, CaseStatus.RESOLVED
    db.session.commit()
    login(Role.SUPERVISOR, "VP")
    body = answer(client, case, provision="refused", ground="not_held").get_data(as_text=True)
    assert error_of(body, "provision") == "Cách trả lời không khớp với kết quả giải quyết đã ghi trên hồ sơ."
    assert answer(client, case, provision="at_once", provided_on="25/11/2026").status_code == 303


def test_another_units_handler_and_reception_cannot_answer(client, login, case):
    login(Role.HANDLER, "CCTDC")
    assert answer_status(client, case) == 404
    assert saved() == []


def answer_status(client, case):
    page = client.get("/staff/")
    return client.post(f"/staff/cases/{case.id}/information", data={
        "csrf_token": csrf_token(page), "info-provision": "at_once", "info-provided_on": "25/11/2026"}).status_code


def test_reception_sees_no_form(client, login, case):
    login(Role.RECEPTION, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert 'id="information-title"' in body and 'id="information-form"' not in body
    assert answer_status(client, case) == 404


def test_without_csrf_nothing_is_saved(client, login, case):
    login(Role.SUPERVISOR, "VP")
    response = client.post(f"/staff/cases/{case.id}/information", data={
        "info-requested_info": "x", "info-info_form": "copy", "info-delivery": "post", "info-provision": "at_once",
        "info-provided_on": "25/11/2026"})
    assert response.status_code in (400, 422)
    assert saved() == []


def test_other_kinds_have_no_information_answer(client, login, app):
    submit(app.test_client(), VALID["feedback"])
    other = db.session.scalar(sa.select(Case).where(Case.kind != "info_request"))
    login(Role.SUPERVISOR, "VP")
    assert 'id="information-title"' not in client.get(f"/staff/cases/{other.id}").get_data(as_text=True)
    assert answer_status(client, other) == 404


# --- the register ---------------------------------------------------------------------------

@pytest.fixture
def answered(client, login, case):
    login(Role.SUPERVISOR, "VP")
    assert answer(client, case, provision="partly", provided_on="25/11/2026", ground="conditions_not_met",
                  copy_fee="20000", delivery_fee="5000").status_code == 303
    return case


def test_the_register_lists_requests_with_their_answers(client, answered):
    body = client.get("/staff/information-register").get_data(as_text=True)
    assert answered.tracking_code in body and "Phạm Thu Dung" in body
    assert "Cung cấp một phần" in body and "Điều 7; Điều 28(1)(a)" in body and "25.000" in body
    assert re.search(r'id="register-count">1 yêu cầu', body)


@pytest.mark.parametrize("query, shown", [
    ({"provision": "partly"}, True), ({"provision": "refused"}, False), ({"provision": "none"}, False),
    ({"date_from": "25/11/2026", "date_to": "25/11/2026"}, True), ({"date_from": "26/11/2026"}, False),
])
def test_the_register_filters(client, answered, query, shown):
    body = client.get("/staff/information-register", query_string=query).get_data(as_text=True)
    assert (answered.tracking_code in body) is shown


@pytest.mark.parametrize("query, name", [
    ({"date_from": "32/11/2026"}, "date_from"), ({"date_from": "26/11/2026", "date_to": "25/11/2026"}, "date_to"),
    ({"provision": "x"}, "provision"), ({"unit": "abc"}, "unit"),
])
def test_bad_register_filters_are_shown_by_the_field(client, answered, query, name):
    for path in ("/staff/information-register", "/staff/information-register.xlsx",
                 "/staff/information-register.csv"):
        response = client.get(path, query_string=query)
        assert response.status_code == 422, path
        assert f'id="{name}-error"' in response.get_data(as_text=True)


def test_the_register_exports_read_back(client, answered):
    response = client.get("/staff/information-register.xlsx", query_string={"provision": "partly"})
    assert response.status_code == 200 and 'filename="so-cung-cap-thong-tin-20261125.xlsx"' in \
        response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    heads = [c.value for c in sheet[1]]
    assert heads[:4] == ["STT", "Mã hồ sơ", "Ngày nhận yêu cầu", "Người yêu cầu"]
    assert "Lý do từ chối" in heads and "Chi phí (đồng)" in heads
    assert sheet.freeze_panes == "A2"
    assert int(sheet.column_dimensions["F"].width) == 50  # XlsxWriter stores 50.71, as Excel does for 50
    row = [c.value for c in sheet[2]]
    assert row[1] == answered.tracking_code and row[3] == "Phạm Thu Dung"
    assert row[2].strftime("%d/%m/%Y %H:%M") == "25/11/2026 09:30"
    assert row[8] == "Cung cấp một phần" and row[9].date().isoformat() == "2026-11-25" and row[12] == 25000
    assert sheet.max_row == 2
    text = client.get("/staff/information-register.csv").get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == heads and rows[1][1] == answered.tracking_code and rows[1][9] == "25/11/2026"
    assert rows[1][12] == "25000"


def test_another_unit_sees_nothing_in_the_register(client, login, answered):
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    login(Role.HANDLER, "CCTDC")
    body = client.get("/staff/information-register").get_data(as_text=True)
    assert answered.tracking_code not in body
    rows = list(csv.reader(io.StringIO(client.get("/staff/information-register.csv").get_data(as_text=True))))
    assert len(rows) == 1
