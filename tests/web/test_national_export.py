"""The national export from the admin page and from `flask national-export`: admins only, the file
as documented, bad input answered next to the field, every export audited."""
import csv
import io
import json

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.extensions import db
from petition_app.models import AdminEvent
from petition_app.services.intake import file_case
from tests.conftest import csrf_token
from tests.services.test_intake_service import request

PAGE = "/admin/xuat-csdl-quoc-gia"


@pytest.fixture
def two_cases(app, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    feedback = file_case(request(), [], now=clock.now).case
    denunciation = file_case(request(kind=CaseKind.DENUNCIATION, accused="Cán bộ X", location=None),
                             [], now=clock.now).case
    return feedback, denunciation


def exports():
    return db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == "national_export.created")).all()


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admins_reach_the_export(client, login, role, two_cases):
    login(role)
    assert client.get(PAGE).status_code == 404
    token = csrf_token(client.get("/staff/"))
    assert client.post(PAGE, data={"csrf_token": token, "file_format": "json"}).status_code == 404
    assert exports() == []


def test_signed_out_visitors_are_sent_to_sign_in(client, two_cases):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.post(PAGE, data={"file_format": "json"}).status_code in (302, 400)
    assert exports() == []


def test_an_admin_downloads_json_and_the_export_is_audited(client, login, two_cases):
    feedback, denunciation = two_cases
    admin = login(Role.ADMIN)
    page = client.get(PAGE)
    assert page.status_code == 200 and "Chưa xuất lần nào" in page.get_data(as_text=True)
    response = client.post(PAGE, data={"csrf_token": csrf_token(page), "since": "25/11/2026", "file_format": "json"},
                           buffered=True)  # streamed: read within the request's context
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert 'filename="csdl-quoc-gia-20261125-20261125.json"' in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["since"] == "2026-11-25" and document["count"] == 2
    records = {r["record_id"]: r for r in document["records"]}
    assert records[f"case:{denunciation.tracking_code}"]["petitioner_name"] is None
    assert records[f"case:{feedback.tracking_code}"]["petitioner_name"] == "Nguyễn Văn An"
    [event] = exports()
    assert event.actor_id == admin.id and event.data["since"] == "2026-11-25" and event.data["via"] == "web"
    listed = client.get(PAGE).get_data(as_text=True)
    assert "25/11/2026" in listed and "Trang quản trị" in listed and "JSON" in listed


def test_an_admin_downloads_csv(client, login, two_cases):
    login(Role.ADMIN)
    response = client.post(PAGE, data={"csrf_token": csrf_token(client.get(PAGE)), "file_format": "csv"},
                           buffered=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2 and {r["kind"] for r in rows} == {"feedback", "denunciation"}
    assert "all" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("since, message", [("32/13/2026", "Not a valid date value"),
                                            ("26/11/2026", "Ngày bắt đầu không được sau hôm nay.")])
def test_a_bad_day_is_answered_next_to_the_field_and_kept(client, login, two_cases, since, message):
    login(Role.ADMIN)
    response = client.post(PAGE, data={"csrf_token": csrf_token(client.get(PAGE)), "since": since,
                                       "file_format": "json"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="since-error"' in html
    assert f'value="{since}"' in html and exports() == []
    if "Ngày" in message:
        assert message in html


def test_the_command_writes_the_file_and_is_audited(runner, two_cases, tmp_path):
    out = tmp_path / "export.csv"
    result = runner.invoke(args=["national-export", "--since", "25/11/2026", "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 and not (tmp_path / "export.csv.part").exists()
    [event] = exports()
    assert event.actor_id is None and event.data == {"since": "2026-11-25", "until": "2026-11-25T02:30:00Z",
                                                     "format": "csv", "via": "cli"}
    out_json = tmp_path / "all.json"
    assert runner.invoke(args=["national-export", "--output", str(out_json)]).exit_code == 0
    assert json.loads(out_json.read_text())["count"] == 2


@pytest.mark.parametrize("args, words", [(["--since", "2026-11-25"], "dd/mm/yyyy"),
                                         (["--since", "30/11/2026"], "Ngày bắt đầu không được sau hôm nay"),
                                         (["--format", "xml"], "xml")])
def test_the_command_refuses_bad_options_and_writes_nothing(runner, two_cases, tmp_path, args, words):
    out = tmp_path / "x.json"
    result = runner.invoke(args=["national-export", *args, "--output", str(out)])
    assert result.exit_code != 0 and words in result.output
    assert not out.exists() and exports() == []  # 30/11/2026 is after the clock's day, 25/11/2026
