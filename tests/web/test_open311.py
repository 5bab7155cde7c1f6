"""Open311 GeoReport v2: services, filing through the intake rules, status, errors — and never a
petitioner's personal data in a response, in JSON or XML."""
import re
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.domain.workflow import Outcome
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from tests.browser.conftest import live_server  # noqa: F401  (the app served on loopback)

BASE = "/open311/v2"
PERSON = {  # what must never come back
    "first_name": "Văn Cường", "last_name": "Lê", "email": "cuong.le@example.com", "phone": "0987 654 321",
    "attribute[citizen_id]": "001090012345", "attribute[petitioner_address]": "27 Nguyễn Trãi, Hà Nội",
}
SECRETS = ("Cường", "cuong.le", "0987", "654 321", "001090012345", "Nguyễn Trãi")
FEEDBACK = {"service_code": "feedback", "description": "Cân tại quầy số 5 chợ Đông Ba cân thiếu 100 g mỗi kg.",
            "address_string": "Chợ Đông Ba, TP Huế", "attribute[consent]": "true", **PERSON}
DENUNCIATION = {"service_code": "denunciation", "description": "Cán bộ X nhận tiền để bỏ qua vi phạm đo lường.",
                "attribute[accused]": "Cán bộ X", "attribute[consent]": "true", **PERSON}


def xml_of(data: bytes):
    return ElementTree.fromstring(data)  # noqa: S314 — our own server's answer, in a test


def post(client, data, fmt="json"):
    return client.post(f"{BASE}/requests.{fmt}", data=data)


def assert_no_personal_data(text: str):
    for secret in SECRETS:
        assert secret not in text, secret


def test_services_list_every_kind_in_json_and_xml(client):
    services = client.get(f"{BASE}/services.json").get_json()
    assert [s["service_code"] for s in services] == [k.value for k in CaseKind]
    assert all(s["metadata"] is True and s["type"] == "batch" for s in services)
    assert services[0]["service_name"] == "Khiếu nại"
    root = xml_of(client.get(f"{BASE}/services.xml").data)
    assert root.tag == "services" and len(root.findall("service")) == 5
    assert root.find("service/metadata").text == "true"


def test_a_service_definition_lists_the_kinds_own_attributes(client):
    definition = client.get(f"{BASE}/services/complaint.json").get_json()
    codes = {a["code"]: a for a in definition["attributes"]}
    assert codes["learned_on"]["required"] is True and codes["learned_on"]["datatype"] == "datetime"
    assert codes["complained_decision"]["required"] is True and "accused" not in codes
    assert codes["citizen_id"]["required"] is True
    info = client.get(f"{BASE}/services/info_request.json").get_json()
    delivery = next(a for a in info["attributes"] if a["code"] == "info_delivery")
    assert {v["key"] for v in delivery["values"]} >= {"email", "post"}
    root = xml_of(client.get(f"{BASE}/services/denunciation.xml").data)
    assert root.tag == "service_definition"
    assert "accused" in [a.text for a in root.findall("attributes/attribute/code")]
    missing = client.get(f"{BASE}/services/parking.json")
    assert missing.status_code == 404 and missing.get_json()[0]["code"] == 404


def test_filing_feedback_creates_one_case_through_the_intake_rules(client, app):
    response = post(client, FEEDBACK)
    assert response.status_code == 200
    body = response.get_json()
    code = body[0]["service_request_id"]
    assert "chậm nhất ngày" in body[0]["service_notice"]
    case = db.session.scalar(sa.select(Case).where(Case.tracking_code == code))
    assert case.kind is CaseKind.FEEDBACK and case.location == "Chợ Đông Ba, TP Huế"
    assert case.subject.startswith("Cân tại quầy số 5")
    assert case.petitioner.full_name == "Lê Văn Cường" and case.petitioner.citizen_id == "001090012345"
    assert case.petitioner.address == "27 Nguyễn Trãi, Hà Nội" and case.petitioner.consent_at is not None
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.action == "received" and event.data["via"] == "open311"
    assert_no_personal_data(response.get_data(as_text=True))


def test_filing_in_xml_answers_in_xml(client):
    response = post(client, FEEDBACK, fmt="xml")
    root = xml_of(response.data)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "petition", "feedback", "info_request"])
def test_each_required_attribute_is_required(client, kind):
    """The definition's "required" flags agree with the intake rules: leaving out any one is an
    error naming that parameter, and nothing is created."""
    definition = client.get(f"{BASE}/services/{kind}.json").get_json()
    required = [a["code"] for a in definition["attributes"] if a["required"]]
    assert "consent" in required
    full = {"service_code": kind, "description": "Nội dung đơn đủ dài để xử lý.", "address_string": "Chợ Đông Ba",
            "first_name": "An", "last_name": "Nguyễn", "phone": "0912345678", "email": "an@example.com",
            "attribute[consent]": "true", "attribute[petitioner_address]": "12 Lê Lợi, Huế",
            "attribute[citizen_id]": "046190012345", "attribute[complained_decision]": "Quyết định 15/QĐ-XPHC",
            "attribute[learned_on]": "2026-11-01", "attribute[accused]": "Cán bộ X",
            "attribute[info_form]": "electronic", "attribute[info_delivery]": "email"}
    for code in required:
        data = {k: v for k, v in full.items() if k != f"attribute[{code}]"}
        response = post(client, data)
        assert response.status_code == 400, code
        assert any(e["description"].startswith(f"attribute[{code}]:") for e in response.get_json()), code
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
    assert post(client, full).status_code == 200


def test_bad_requests_get_error_arrays_and_create_nothing(client):
    cases = [
        ({**FEEDBACK, "service_code": "parking"}, "service_code"),
        ({**FEEDBACK, "attribute[consent]": "false"}, "attribute[consent]"),
        ({**FEEDBACK, "email": "not-an-email", "phone": ""}, "email"),
        ({**FEEDBACK, "description": ""}, "description"),
        ({**FEEDBACK, "media_url": "file:///etc/passwd"}, "media_url"),
        ({**DENUNCIATION, "first_name": "", "last_name": "", "attribute[anonymous]": "true"}, "first_name"),
    ]
    for data, param in cases:
        response = post(client, data)
        assert response.status_code == 400, param
        errors = response.get_json()
        assert all(e["code"] == 400 for e in errors)
        assert any(e["description"].startswith(f"{param}:") for e in errors), (param, errors)
    xml = post(client, {**FEEDBACK, "attribute[consent]": ""}, fmt="xml")
    root = xml_of(xml.data)
    assert xml.status_code == 400 and root.tag == "errors" and root.find("error/code").text == "400"
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_a_late_complaint_is_refused_as_on_the_web_form(client):
    data = {"service_code": "complaint", "description": "Khiếu nại quyết định xử phạt.", "first_name": "Bình",
            "last_name": "Trần", "phone": "0905123456", "attribute[consent]": "true",
            "attribute[petitioner_address]": "Huế", "attribute[citizen_id]": "046190012345",
            "attribute[complained_decision]": "Quyết định 15/QĐ-XPHC", "attribute[learned_on]": "2026-01-05"}
    response = post(client, data)
    assert response.status_code == 400
    assert any(e["description"].startswith("attribute[learned_on]:") and "90 ngày" in e["description"]
               for e in response.get_json())


def test_status_by_code_shows_deadline_and_unit_but_no_personal_data(client, clock, make_user):
    code = post(client, DENUNCIATION).get_json()[0]["service_request_id"]
    request = client.get(f"{BASE}/requests/{code}.json")
    row = request.get_json()[0]
    assert row["status"] == "open" and row["service_code"] == "denunciation"
    assert row["requested_datetime"].endswith("+07:00") and row["expected_datetime"].endswith("T23:59:59+07:00")
    assert row["address"] is None and "description" not in row
    for fmt in ("json", "xml"):
        for path in (f"/requests/{code}.{fmt}", f"/requests.{fmt}?service_request_id={code}"):
            assert_no_personal_data(client.get(BASE + path).get_data(as_text=True))
    # the code as a citizen types it: lower case, no dashes
    assert client.get(f"{BASE}/requests/{code.replace('-', '').lower()}.json").status_code == 200
    missing = client.get(f"{BASE}/requests/ABCD-EFGH-JKLM.json")
    assert missing.status_code == 404 and missing.get_json()[0]["code"] == 404


def test_closed_requests_carry_the_published_summary_only(client, clock, make_user):
    """As on the status page: a resolved case's summary shows once it is published (checked for
    personal data), never before."""
    from petition_app.domain.cases import CaseStatus
    from petition_app.services.publishing import publish

    supervisor = make_user(Role.SUPERVISOR, "VP")
    code = post(client, FEEDBACK).get_json()[0]["service_request_id"]
    case = db.session.scalar(sa.select(Case).where(Case.tracking_code == code))
    case.status = CaseStatus.RESOLVED
    case.outcome = Outcome.ANSWERED
    case.resolved_at = clock.now
    case.public_summary_html = "<p>Đã kiểm tra <strong>cân</strong> tại chợ.</p><ul><li>Xử phạt</li></ul>"
    db.session.commit()
    row = client.get(f"{BASE}/requests/{code}.json").get_json()[0]
    assert row["status"] == "closed" and row["expected_datetime"] is None
    assert row["status_notes"] == "Đã có kết quả giải quyết"  # not published: the status only
    publish(case, supervisor, clock.now)
    db.session.commit()
    row = client.get(f"{BASE}/requests/{code}.json").get_json()[0]
    assert row["status_notes"].endswith("Đã kiểm tra cân tại chợ.\n\n- Xử phạt")
    assert row["address"] == "Chợ Đông Ba, TP Huế"


def test_a_search_lists_public_kinds_only_within_90_days(client, clock):
    feedback = post(client, FEEDBACK).get_json()[0]["service_request_id"]
    denunciation = post(client, DENUNCIATION).get_json()[0]["service_request_id"]
    listed = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").get_json()]
    assert feedback in listed and denunciation not in listed
    assert client.get(f"{BASE}/requests.json?service_code=denunciation").get_json() == []
    assert client.get(f"{BASE}/requests.json?status=closed").get_json() == []
    assert [r["service_request_id"] for r in client.get(f"{BASE}/requests.json?status=open").get_json()] == [feedback]
    before = client.get(f"{BASE}/requests.json?start_date=2026-11-20T00:00:00Z&end_date=2026-11-25T09:29:00+07:00")
    assert before.get_json() == []  # the cases came at 09:30 local time
    since = client.get(f"{BASE}/requests.json?start_date=2026-11-25T09:30:00+07:00&end_date=2026-11-26T00:00:00Z")
    assert [r["service_request_id"] for r in since.get_json()] == [feedback]
    assert client.get(f"{BASE}/requests.json?start_date=2026-12-01T00:00:00Z").status_code == 400  # after now
    too_long = client.get(f"{BASE}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z")
    assert too_long.status_code == 400 and too_long.get_json()[0]["description"].startswith("end_date:")
    bad = client.get(f"{BASE}/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and bad.get_json()[0]["description"].startswith("start_date:")
    assert client.get(f"{BASE}/requests.json?status=pending").status_code == 400
    xml = xml_of(client.get(f"{BASE}/requests.xml").data)
    assert [e.text for e in xml.findall("request/service_request_id")] == [feedback]


def test_unknown_format_and_method_are_error_arrays(client):
    assert client.get(f"{BASE}/services.csv").get_json()[0]["code"] == 404
    response = client.delete(f"{BASE}/requests.json")
    assert response.status_code == 405 and response.get_json()[0]["code"] == 405


def test_filing_is_rate_limited_like_the_web_form(app_config):
    from petition_app import create_app
    from tests.conftest import IsolatedClient

    app_config["INTAKE_RATE_LIMIT"] = "2 per minute"
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        client = app.test_client()
        statuses = [post(client, {"service_code": "feedback"}).status_code for _ in range(3)]
        assert statuses == [400, 400, 429]
        assert post(client, {"service_code": "feedback"}).get_json()[0]["code"] == 429


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_third_party_open311_client_reads_what_was_filed(live_server, fmt):  # noqa: F811 (the fixture)
    """georeport (PyPI) reads services and requests unchanged; it has no call for filing (no
    Python 3 Open311 client on PyPI has one), so the request is posted as the specification
    says, form-encoded, with requests."""
    import requests
    from georeport import GeoReport

    root = live_server + BASE
    client = GeoReport(root, output_format=fmt)
    services = client.get_service_list()
    assert [s["service_code"] for s in services] == [k.value for k in CaseKind]
    definition = client.get_service_definition("feedback")
    assert definition["service_code"] == "feedback"
    filed = requests.post(f"{root}/requests.{fmt}", data=FEEDBACK, timeout=10)
    assert filed.status_code == 200
    code = filed.json()[0]["service_request_id"] if fmt == "json" else \
        xml_of(filed.content).find("request/service_request_id").text
    one = client.get_service_request(code)
    assert one["service_request_id"] == code and one["status"] == "open"
    listed = client.get_service_requests(service_request_id=code)
    assert (listed[0] if isinstance(listed, list) else listed)["service_code"] == "feedback"
    for text in (str(one), str(listed)):
        assert_no_personal_data(text)


# --- partner systems' keys ----------------------------------------------------------------

def test_an_admin_issues_a_key_shown_once_and_stored_hashed(client, login):
    from petition_app.models import AdminEvent, ApiPartner
    from tests.conftest import csrf_token

    login(Role.ADMIN)
    page = client.get("/admin/doi-tac-api")
    empty = client.post("/admin/doi-tac-api", data={"csrf_token": csrf_token(page), "name": ""})
    assert empty.status_code == 422 and "Vui lòng ghi tên hệ thống đối tác." in empty.get_data(as_text=True)
    issued = client.post("/admin/doi-tac-api", data={"csrf_token": csrf_token(page), "name": "Cổng DVC tỉnh"})
    assert issued.status_code == 201 and issued.headers["Cache-Control"] == "no-store"
    partner = db.session.scalar(sa.select(ApiPartner))
    key = re.search(r'<code class="secret">([\w-]+)</code>', issued.get_data(as_text=True)).group(1)
    assert len(key) >= 40 and key not in (partner.key_hash, partner.key_prefix) and key.startswith(partner.key_prefix)
    again = client.get("/admin/doi-tac-api").get_data(as_text=True)
    assert key not in again and "Cổng DVC tỉnh" in again  # shown once
    twice = client.post("/admin/doi-tac-api", data={"csrf_token": csrf_token(page), "name": "Cổng DVC tỉnh"})
    assert twice.status_code == 422 and "Đã có đối tác tên này." in twice.get_data(as_text=True)
    assert [e.action for e in db.session.scalars(sa.select(AdminEvent))] == ["api_partner.issued"]


def test_other_roles_cannot_reach_the_keys(client, login):
    login(Role.SUPERVISOR)
    assert client.get("/admin/doi-tac-api").status_code == 404


def test_a_partner_key_lifts_the_limit_and_is_recorded_until_revoked(app_config, clock):
    from petition_app import create_app
    from petition_app.models import ApiPartner
    from petition_app.services import api_partners
    from tests.conftest import IsolatedClient

    app_config["INTAKE_RATE_LIMIT"] = "1 per minute"
    app = create_app(app_config)
    app.test_client_class = IsolatedClient  # each request its own context (and g), as in a server
    with app.app_context():
        partner, key = api_partners.issue("Đường dây nóng 1022", actor=None, now=clock.now)
        client = app.test_client()
        codes = [post(client, {**FEEDBACK, "api_key": key}) for _ in range(3)]
        assert [r.status_code for r in codes] == [200, 200, 200]
        code = codes[0].get_json()[0]["service_request_id"]
        case = db.session.scalar(sa.select(Case).where(Case.tracking_code == code))
        received = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id))
        assert received.data["via"] == "open311" and received.data["partner"] == "Đường dây nóng 1022"
        db.session.expire_all()
        assert db.session.get(ApiPartner, partner.id).last_used_at is not None
        wrong = post(client, {**FEEDBACK, "api_key": "not-a-key"})
        assert wrong.status_code == 403 and wrong.get_json()[0]["description"].startswith("api_key:")
        api_partners.revoke(partner.id, actor=None, now=clock.now)
        assert post(client, {**FEEDBACK, "api_key": key}).status_code == 403
        assert post(client, FEEDBACK).status_code == 200  # the public limit: one per minute
        assert post(client, FEEDBACK).status_code == 429


def test_partners_from_the_shell(runner, app):
    issued = runner.invoke(args=["partners", "issue", "Ứng dụng di động"])
    assert issued.exit_code == 0 and len(issued.output.strip()) >= 40
    assert "Ứng dụng di động" in runner.invoke(args=["partners", "list"]).output
    assert runner.invoke(args=["partners", "revoke", "Ứng dụng di động"]).exit_code == 0
    assert "thu hồi" in runner.invoke(args=["partners", "list"]).output
    assert runner.invoke(args=["partners", "revoke", "Ứng dụng di động"]).exit_code != 0
