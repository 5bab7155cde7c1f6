"""Numbers no record can have, in a URL, a form or a queue cursor: 404 or 400, never a 500.

Primary keys are PostgreSQL integers; these reached the database and failed there.
"""
import base64

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit

TOO_LARGE = ["2147483648", "9223372036854775808", "99999999999999999999"]


@pytest.mark.parametrize("number", TOO_LARGE)
@pytest.mark.parametrize("path", ["/staff/cases/{n}", "/staff/cases/{n}/attachments/1",
                                  "/staff/cases/1/attachments/{n}"])
def test_staff_pages_of_an_impossible_id_are_not_found(client, login, path, number):
    login(Role.SUPERVISOR, "VP")
    assert client.get(path.format(n=number)).status_code == 404


@pytest.mark.parametrize("number", TOO_LARGE)
def test_admin_routing_rule_of_an_impossible_id_is_not_found(client, login, number):
    login(Role.ADMIN, "VP")
    assert client.get(f"/admin/routing/{number}").status_code == 404


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("sort, raw", [
    ("deadline", '["2026-11-01", 2147483648]'),
    ("deadline", "[null, 99999999999999999999]"),
    ("deadline", '["2026-11-01", 1e308]'),
    ("deadline", '["2026-11-01", Infinity]'),
    ("received", '["2026-11-01T00:00:00+00:00", 1e308]'),
    ("received", '["2026-11-01T00:00:00+00:00", 9223372036854775808]'),
    ("received", '["9999-12-31T23:59:59", 1]'),
    ("received", '["9999-12-31T23:59:59-01:00", 1]'),
    ("updated", '["0001-01-01T00:00:00+01:00", 1]'),
])
def test_a_forged_queue_cursor_shows_the_first_page(client, login, app, make_unit, sort, raw):
    make_unit("VP", "Văn phòng Sở")
    submit(app.test_client(), VALID["feedback"])
    login(Role.SUPERVISOR, "VP")
    response = client.get(f"/staff/?view=all&sort={sort}&after={_cursor(raw)}")
    assert response.status_code == 200
    assert VALID["feedback"]["subject"] in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["other_id", "unit_id"])
def test_an_impossible_id_in_a_case_form_is_a_bad_request(client, login, app, make_unit, field):
    make_unit("VP", "Văn phòng Sở")
    submit(app.test_client(), VALID["feedback"])
    login(Role.SUPERVISOR, "VP")
    page = client.get("/staff/cases/new")
    case = db.session.scalar(sa.select(Case))
    path = f"/staff/cases/{case.id}/" + ("links" if field == "other_id" else "coordination")
    response = client.post(path, data={"csrf_token": csrf_token(page), "version": str(case.version),
                                       "relation": "related", field: "99999999999999999999"})
    assert response.status_code == 400


@pytest.mark.parametrize("version", ["abc", "1e5", "99999999999999999999", "-1"])
def test_a_forged_form_version_is_refused_next_to_the_form(client, login, make_unit, version):
    make_unit("VP", "Văn phòng Sở")
    submit(client, VALID["feedback"])
    case = db.session.scalar(sa.select(Case))
    login(Role.UNIT_HEAD, "VP")
    page = client.get(f"/staff/cases/{case.id}")
    response = client.post(f"/staff/cases/{case.id}/actions/guide", data={
        "csrf_token": csrf_token(page), "guide-version": version, "guide-note": "Hướng dẫn"})
    assert response.status_code == 422
    split = client.post(f"/staff/cases/{case.id}/split", data={
        "csrf_token": csrf_token(page), "version": version, "subject": "Phần", "content": "Nội dung",
        "unit_id": str(case.unit_id)})
    assert split.status_code == 422
