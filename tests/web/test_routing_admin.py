"""Routing rules: admins keep them, triage sees the suggested unit and decides."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case, RoutingRule
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def units(app, make_unit):
    return {code: make_unit(code, name) for code, name in
            [("VP", "Văn phòng Sở"), ("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),
             ("QLCNG", "Phòng Quản lý chuyên ngành")]}


def add_rule(client, **fields):
    page = client.get("/admin/routing")
    return client.post("/admin/routing", data={"csrf_token": csrf_token(page), **fields})


def test_admin_adds_a_rule_and_triage_sees_the_suggestion(client, app, login, units, clock):
    login(Role.ADMIN, "VP")
    response = add_rule(client, unit_id=str(units["CCTDC"].id), keywords="Cân, xăng dầu", priority="10")
    assert response.status_code == 303
    rule = db.session.scalar(sa.select(RoutingRule))
    assert rule.keywords == "cân, xăng dầu" and rule.is_active

    submit(app.test_client(), VALID["feedback"])  # "Cân điện tử tại chợ sai lệch"
    case = db.session.scalar(sa.select(Case))
    triage = app.test_client()
    from petition_app.models import SecondFactor, User
    from tests.conftest import TEST_PASSWORD, TEST_TOTP_SECRET, sign_in_with

    supervisor = User(username="lanhdao", full_name="Lãnh đạo", role=Role.SUPERVISOR, unit=units["VP"])
    supervisor.set_password(TEST_PASSWORD)
    db.session.add(supervisor)
    db.session.flush()
    db.session.add(SecondFactor(user_id=supervisor.id, secret=TEST_TOTP_SECRET, confirmed_at=clock()))
    db.session.commit()
    sign_in_with(triage, supervisor, clock)
    body = triage.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert "Gợi ý theo quy tắc chuyển xử lý: Chi cục Tiêu chuẩn Đo lường Chất lượng" in body
    selected = re.search(r'<select[^>]*id="accept-unit_id".*?<option selected value="(\d+)"', body, re.S)
    assert selected and int(selected.group(1)) == units["CCTDC"].id


def test_a_rule_with_no_condition_is_refused(client, login, units):
    login(Role.ADMIN, "VP")
    response = add_rule(client, unit_id=str(units["CCTDC"].id), keywords=" , ;")
    assert response.status_code == 422
    assert "ít nhất một điều kiện" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 0


def test_removing_a_rule_stops_its_suggestions(client, login, units):
    login(Role.ADMIN, "VP")
    add_rule(client, unit_id=str(units["QLCNG"].id), category="intellectual_property")
    rule = db.session.scalar(sa.select(RoutingRule))
    page = client.get("/admin/routing")
    assert client.post(f"/admin/routing/{rule.id}/delete",
                       data={"csrf_token": csrf_token(page)}).status_code == 303
    db.session.refresh(rule)
    assert rule.is_active is False
    assert "Chưa có quy tắc nào" in client.get("/admin/routing").get_data(as_text=True)


def test_only_admins_edit_rules(client, login, units):
    login(Role.SUPERVISOR, "VP")
    assert client.get("/admin/routing").status_code == 404
