"""The staff JSON API (/api/v1/): tokens, the queue, one case, actions, intake, problem details."""
import json

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, ApiToken, Case, CaseCoordination, CaseEvent
from petition_app.services import api_tokens
from tests.web.intake_helpers import VALID, submit

SECRETS = ("Lê Văn Cường", "001090012345", "0987654321", "0987 654 321", "Hà Nội")


@pytest.fixture
def units(app, make_unit):
    return make_unit("VP", "Văn phòng Sở"), make_unit("CCTDC", "Chi cục TĐC")


@pytest.fixture
def case(app, units):
    submit(app.test_client(), VALID["complaint"])
    return db.session.scalar(sa.select(Case))


@pytest.fixture
def token_for(app, make_user, clock):
    def issue(role=Role.HANDLER, unit_code="VP", days=90):
        user = make_user(role, unit_code)
        return api_tokens.issue(user.username, days=days, actor=None, now=clock())[1]
    return issue


def call(client, method, path, token=None, body=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.open(f"/api/v1{path}", method=method, headers=headers,
                       **({"json": body} if body is not None else {}))


def test_no_bad_expired_or_revoked_token_is_401_problem(client, case, token_for, clock):
    token = token_for()
    for bad in (None, "pst_nope", token[:-1]):
        response = call(client, "GET", "/cases", bad)
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json["status"] == 401 and response.json["title"]
    assert call(client, "GET", "/cases", token).status_code == 200
    clock.advance(days=91)
    assert call(client, "GET", "/cases", token).status_code == 401
    clock.advance(days=-91)
    row = db.session.scalar(sa.select(ApiToken))
    api_tokens.revoke(row.id, actor=None, now=clock())
    assert call(client, "GET", "/cases", token).status_code == 401


def test_a_token_is_stored_hashed_and_its_use_recorded(client, case, token_for, clock):
    token = token_for()
    row = db.session.scalar(sa.select(ApiToken))
    assert token not in (row.token_hash, row.token_prefix) and len(row.token_hash) == 64
    assert row.last_used_at is None
    call(client, "GET", "/cases", token)
    db.session.refresh(row)
    assert row.last_used_at == clock()
    assert db.session.scalar(sa.select(AdminEvent.action)) == "api_token.issued"


def test_the_queue_lists_what_the_user_sees_with_a_cursor(client, app, case, token_for):
    for _ in range(2):
        submit(app.test_client(), VALID["feedback"])
    token = token_for(Role.SUPERVISOR)
    first = call(client, "GET", "/cases?view=all&sort=received&limit=2", token)
    assert first.status_code == 200
    assert len(first.json["cases"]) == 2 and first.json["next_cursor"]
    assert first.json["counts"]["all"] == 3
    rest = call(client, "GET", f"/cases?view=all&sort=received&limit=2&cursor={first.json['next_cursor']}", token)
    ids = [c["id"] for c in first.json["cases"] + rest.json["cases"]]
    assert len(set(ids)) == 3 and rest.json["next_cursor"] is None
    found = call(client, "GET", "/cases?view=all&q=15/QĐ-XPHC", token).json["cases"]
    assert [c["id"] for c in found] == [case.id]


def test_a_handler_sees_only_their_units_cases(client, case, token_for):
    own, other = token_for(Role.HANDLER, "VP"), token_for(Role.HANDLER, "CCTDC")
    assert case.unit.code == "VP"
    assert [c["id"] for c in call(client, "GET", "/cases", own).json["cases"]] == [case.id]
    assert call(client, "GET", "/cases", other).json["cases"] == []
    hidden = call(client, "GET", f"/cases/{case.id}", other)
    assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    assert "Trần Thị Bình" not in hidden.get_data(as_text=True)


def test_bad_query_is_422_per_field(client, case, token_for):
    response = call(client, "GET", "/cases?view=nope&limit=0&colour=red&received_to=9999-12-31", token_for())
    assert response.status_code == 422
    assert {e["field"] for e in response.json["errors"]} == {"view", "limit", "colour", "received_to"}
    assert call(client, "GET", "/cases?view=all", token_for(Role.HANDLER, "CCTDC")).status_code == 422


def test_one_case_with_deadlines_timeline_and_actions(client, case, token_for):
    body = call(client, "GET", f"/cases/{case.id}", token_for(Role.SUPERVISOR)).json
    assert body["tracking_code"] == case.tracking_code and body["version"] == case.version
    assert body["petitioner"]["full_name"] == "Trần Thị Bình"
    triage = next(d for d in body["deadlines"] if d["phase"] == "triage")
    assert triage["due"] == case.triage_due.isoformat() and triage["citation"]
    assert [e["action"] for e in body["events"]] == ["received"] and body["events"][0]["label"] == "Tiếp nhận đơn"
    assert "accept" in body["allowed_actions"] and body["attachments"] == []


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.ADMIN])
def test_a_protected_denouncer_never_appears(client, app, units, token_for, role):
    submit(app.test_client(), VALID["denunciation"])
    denunciation = db.session.scalar(sa.select(Case))
    token = token_for(role)
    detail = call(client, "GET", f"/cases/{denunciation.id}", token)
    assert detail.status_code == 200
    text = detail.get_data(as_text=True) + call(client, "GET", "/cases?q=Tố cáo", token).get_data(as_text=True)
    assert [s for s in SECRETS if s in text] == []
    person = detail.json["petitioner"]
    assert person["protected"] and person["alias"].startswith("Người tố cáo #")


def test_an_action_with_the_version_check(client, case, token_for, units):
    token = token_for(Role.SUPERVISOR)
    body = {"version": case.version, "unit_id": units[1].id, "note": "Thụ lý giải quyết"}
    stale = call(client, "POST", f"/cases/{case.id}/actions/accept", token, {**body, "version": case.version + 1})
    assert stale.status_code == 409 and stale.mimetype == "application/problem+json"
    done = call(client, "POST", f"/cases/{case.id}/actions/accept", token, body)
    assert done.status_code == 200, done.json
    assert done.json["status"] == "accepted" and done.json["unit"]["id"] == units[1].id
    assert done.json["version"] > body["version"]
    again = call(client, "POST", f"/cases/{case.id}/actions/accept", token, body)  # as the page: status first
    assert again.status_code == 422 and again.json["type"].endswith("/not-available")
    event = db.session.scalars(sa.select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert event.action == "accept"


def test_action_refusals_are_422_with_fields_and_nothing_changes(client, case, token_for):
    token = token_for(Role.SUPERVISOR)
    missing = call(client, "POST", f"/cases/{case.id}/actions/forward", token,
                   {"version": case.version, "agency": "Sở Tài chính"})
    assert missing.status_code == 422
    assert "cover_letter" in {e["field"] for e in missing.json["errors"]}
    wrong = call(client, "POST", f"/cases/{case.id}/actions/resolve", token, {"version": case.version})
    assert wrong.status_code == 422 and wrong.json["detail"]
    typed = call(client, "POST", f"/cases/{case.id}/actions/extend", token, {"version": "x", "days": 99})
    assert typed.status_code == 422 and {e["field"] for e in typed.json["errors"]} == {"version", "days"}
    assert call(client, "POST", f"/cases/{case.id}/actions/fly", token, {"version": 1}).status_code == 404
    assert call(client, "POST", f"/cases/{case.id}/actions/accept", token, data="x").status_code == 415
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 1


def test_the_authorization_table_holds(client, case, token_for, units):
    accept = {"version": case.version, "unit_id": units[1].id, "note": "x"}
    # a handler may not accept (triage belongs to reception and leadership): refused, nothing changes
    refused = call(client, "POST", f"/cases/{case.id}/actions/accept", token_for(Role.HANDLER), accept)
    assert refused.status_code == 422 and refused.json["type"].endswith("/not-available")
    # another unit's head does not even see the case
    other = call(client, "POST", f"/cases/{case.id}/actions/accept", token_for(Role.UNIT_HEAD, "CCTDC"), accept)
    assert other.status_code == 404
    db.session.refresh(case)
    assert case.status is CaseStatus.RECEIVED


NEW_CASE = {"kind": "feedback", "channel": "post", "received_at": "2026-11-24T09:00:00+07:00",
            "consent_means": "in_letter", "full_name": "Nguyễn Văn An", "address": "12 Lê Lợi, TP Huế",
            "subject": "Cân sai ở chợ", "content": "Cân tại quầy số 5 cân thiếu.", "location": "Chợ Đông Ba"}


def test_registering_a_case_received_by_post(client, units, token_for):
    created = call(client, "POST", "/cases", token_for(Role.RECEPTION), NEW_CASE)
    assert created.status_code == 201, created.json
    case = db.session.get(Case, created.json["id"])
    assert created.headers["Location"].endswith(f"/api/v1/cases/{case.id}")
    assert case.channel.value == "post" and case.received_at.isoformat() == "2026-11-24T02:00:00+00:00"
    assert case.tracking_code == created.json["tracking_code"]


def test_bad_intake_keeps_nothing_and_says_why(client, units, token_for):
    token = token_for(Role.RECEPTION)
    bad = call(client, "POST", "/cases", token, {**NEW_CASE, "channel": "online", "email": "không-phải-email"})
    assert bad.status_code == 422
    assert {"channel", "email"} <= {e["field"] for e in bad.json["errors"]}
    shape = call(client, "POST", "/cases", token, {"kind": "x", "subject": 1})
    assert shape.status_code == 422 and "content" in {e["field"] for e in shape.json["errors"]}
    assert call(client, "POST", "/cases", token, [1]).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_problems_in_english_by_accept_language(client, case, token_for):
    response = call(client, "GET", "/cases/999999", token_for(), **{"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json["title"] == "Not found."
    vi = call(client, "GET", "/cases/999999", token_for())
    assert vi.json["title"] == "Không tìm thấy."
    field = call(client, "GET", "/cases?limit=0", token_for(), **{"Accept-Language": "en-GB,en;q=0.9"})
    assert field.json["errors"] == [{"field": "limit", "message": "The value is out of the allowed range."}]


def test_unknown_route_and_method_are_problems(client, case, token_for):
    assert call(client, "GET", "/nothing", token_for()).mimetype == "application/problem+json"
    assert call(client, "DELETE", "/cases", token_for()).status_code == 405


def test_the_cli_issues_lists_and_revokes(app, runner, make_user, client, case):
    user = make_user(Role.HANDLER, "VP")
    issued = runner.invoke(args=["api-tokens", "issue", user.username, "--days", "30"])
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip().splitlines()[0]
    assert token.startswith("pst_") and call(client, "GET", "/cases", token).status_code == 200
    listing = runner.invoke(args=["api-tokens", "list"]).output
    assert user.username in listing and token not in listing and "đang dùng" in listing
    token_id = db.session.scalar(sa.select(ApiToken.id))
    assert runner.invoke(args=["api-tokens", "revoke", str(token_id)]).exit_code == 0
    assert call(client, "GET", "/cases", token).status_code == 401
    assert runner.invoke(args=["api-tokens", "issue", "nobody"]).exit_code != 0


def test_the_document_and_its_page(client, case):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    assert set(doc["paths"]) == {"/cases", "/cases/{case_id}", "/cases/{case_id}/actions/{action}"}
    assert doc["servers"][0]["url"].endswith("/api/v1")
    assert doc["paths"]["/cases"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/NewCase"
    json.dumps(doc)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "/api/v1/cases" in page.get_data(as_text=True)
    assert "<script" not in page.get_data(as_text=True)


def test_a_coordinating_unit_sees_the_case_but_may_not_act_on_it(client, case, token_for, units, clock):
    db.session.add(CaseCoordination(case_id=case.id, unit_id=units[1].id, created_at=clock()))
    db.session.commit()
    token = token_for(Role.UNIT_HEAD, "CCTDC")
    assert call(client, "GET", f"/cases/{case.id}", token).status_code == 200
    refused = call(client, "POST", f"/cases/{case.id}/actions/classify", token,
                   {"version": case.version, "category": "other"})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 1


def test_a_nul_character_is_refused_not_a_500(client, case, token_for):
    token = token_for(Role.SUPERVISOR)
    search = call(client, "GET", "/cases?q=a%00b", token)
    assert search.status_code == 422 and search.json["errors"][0]["field"] == "q"
    note = call(client, "POST", f"/cases/{case.id}/actions/resolve", token,
                {"version": case.version, "answer": "x\x00y"})
    assert note.status_code == 422 and note.json["errors"][0]["field"] == "answer"


def test_a_disabled_account_s_token_stops_working(client, case, token_for):
    token = token_for()
    row = db.session.scalar(sa.select(ApiToken))
    row.user.is_active_account = False
    db.session.commit()
    assert call(client, "GET", "/cases", token).status_code == 401


def test_an_admin_issues_a_token_on_a_page_shown_once_and_revokes_it(client, login, make_user, case):
    import re

    from tests.conftest import csrf_token

    handler = make_user(Role.HANDLER, "VP")
    login(Role.ADMIN)
    page = client.get("/admin/ma-truy-cap-api")
    bad = client.post("/admin/ma-truy-cap-api", data={"csrf_token": csrf_token(page), "username": "nobody",
                                                      "days": "400"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Từ 1 đến 366 ngày." in body and 'value="nobody"' in body
    issued = client.post("/admin/ma-truy-cap-api", data={"csrf_token": csrf_token(page),
                                                         "username": handler.username, "days": "30"})
    assert issued.status_code == 201 and issued.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code class="secret">([\w-]+)</code>', issued.get_data(as_text=True)).group(1)
    assert call(client, "GET", "/cases", token).status_code == 200
    assert token not in client.get("/admin/ma-truy-cap-api").get_data(as_text=True)  # shown once
    row = db.session.scalar(sa.select(ApiToken))
    revoked = client.post(f"/admin/ma-truy-cap-api/{row.id}/thu-hoi", data={"csrf_token": csrf_token(page)})
    assert revoked.status_code == 303
    assert call(client, "GET", "/cases", token).status_code == 401
    assert [e.action for e in db.session.scalars(sa.select(AdminEvent).order_by(AdminEvent.id))] == \
        ["api_token.issued", "api_token.revoked"]


def test_other_roles_cannot_reach_the_tokens_page(client, login):
    login(Role.SUPERVISOR)
    assert client.get("/admin/ma-truy-cap-api").status_code == 404
