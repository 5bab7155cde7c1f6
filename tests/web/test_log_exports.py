"""A log book too large to write within a request is built off it: the officer is sent to a page
that says the file is being prepared, the job builds it with the requester's rights, then the page
offers the download — to the requester only. Small logs are still written at once."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from petition_app.domain.cases import Role
from petition_app.services import log_exports
from tests.conftest import csrf_token
from tests.web.reception_helpers import VISITOR, record


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(log_exports, "INLINE_LIMIT", 2)


def switch(client, login, role):
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    return login(role)


def test_a_small_log_is_downloaded_at_once(client, login):
    login(Role.RECEPTION)
    record(client)
    response = client.get("/staff/tiep-cong-dan/so.xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert load_workbook(io.BytesIO(response.data)).active.max_row == 2


def test_a_large_log_is_built_off_the_request_then_offered(client, login, runner, small_limit):
    login(Role.RECEPTION)
    record(client, visited_at="24/11/2026 08:00")
    record(client, visited_at="25/11/2026 08:30", is_group="y", people_count="12", name_1="Lê Văn Hùng",
           outcome="refused", refusal_ground="threatening")
    record(client, visited_at="25/11/2026 09:00", is_protected="y", citizen_id_0="001088099999",
           name_0="Phạm Văn Tố", content="Tố cáo cán bộ nhận tiền khi kiểm tra.")
    switch(client, login, Role.RECEPTION)  # another desk officer: not the one who received them
    asked = client.get("/staff/tiep-cong-dan/so.xlsx")
    assert asked.status_code == 303
    page_url = asked.headers["Location"]
    token = re.search(r"/xuat/([^/]+)$", page_url).group(1)
    waiting = client.get(page_url).get_data(as_text=True)
    assert "đang được chuẩn bị" in waiting and 'http-equiv="refresh"' in waiting and "None" not in waiting
    assert client.get(f"{page_url}/tai").status_code == 404  # not yet

    result = runner.invoke(args=["reception", "exports"])
    assert result.exit_code == 0 and "built 1" in result.output
    assert "built 0" in runner.invoke(args=["reception", "exports"]).output  # built once

    ready = client.get(page_url).get_data(as_text=True)
    assert "Tệp đã sẵn sàng." in ready and "refresh" not in ready and f"/xuat/{token}/tai" in ready
    download = client.get(f"{page_url}/tai")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Ngày tiếp", "Họ và tên") and sheet.freeze_panes == "A2" and len(rows) == 4
    names = [r[2] for r in rows[1:]]
    assert names[0].startswith("Người tố cáo #") and "Phạm Văn Tố" not in str(rows)  # the requester's rights
    assert names[1] == f"{VISITOR['name_0']}; Lê Văn Hùng"  # a delegation: its representatives

    switch(client, login, Role.SUPERVISOR)  # someone else: neither the page nor the file
    assert client.get(page_url).status_code == 404
    assert client.get(f"{page_url}/tai").status_code == 404


def test_a_large_csv_is_built_off_the_request_too(client, login, runner, small_limit):
    login(Role.RECEPTION)
    for hour in ("08:00", "08:30", "09:00"):
        record(client, visited_at=f"25/11/2026 {hour}")
    asked = client.get("/staff/tiep-cong-dan/so.csv?tu=24/11/2026")
    assert asked.status_code == 303
    page_url = asked.headers["Location"]
    assert "Tải sổ tiếp công dân (CSV)" in client.get(page_url).get_data(as_text=True)
    assert "built 1" in runner.invoke(args=["reception", "exports"]).output
    assert "Tải tệp CSV" in client.get(page_url).get_data(as_text=True)
    download = client.get(f"{page_url}/tai")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert rows[0][0] == "STT" and len(rows) == 4 and rows[1][1] == "25/11/2026 09:00"
    assert download.data.startswith("\ufeff".encode())


def test_an_export_that_fails_to_build_does_not_hold_up_the_others(client, login, runner, small_limit,
                                                                   monkeypatch):
    login(Role.RECEPTION)
    for _ in range(3):
        record(client)
    first = client.get("/staff/tiep-cong-dan/so.xlsx").headers["Location"]
    second = client.get("/staff/tiep-cong-dan/so.csv").headers["Location"]
    real_write = log_exports.write_xlsx

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(log_exports, "write_xlsx", broken)
    assert "built 1" in runner.invoke(args=["reception", "exports"]).output  # the CSV
    monkeypatch.setattr(log_exports, "write_xlsx", real_write)
    assert "Không lập được tệp" in client.get(first).get_data(as_text=True)
    assert client.get(f"{first}/tai").status_code == 404
    assert client.get(f"{second}/tai").status_code == 200
    assert not list(log_exports.export_dir().glob("*.part"))  # no half-written file left


def test_an_export_is_removed_after_a_day(client, login, runner, small_limit, clock, app):
    login(Role.RECEPTION)
    for _ in range(3):
        record(client)
    page_url = client.get("/staff/tiep-cong-dan/so.xlsx").headers["Location"]
    runner.invoke(args=["reception", "exports"])
    assert client.get(f"{page_url}/tai").status_code == 200
    clock.advance(days=1, minutes=1)
    runner.invoke(args=["reception", "exports"])
    assert client.get(page_url).status_code == 404
    assert list(log_exports.export_dir().iterdir()) == []


@pytest.mark.parametrize("token", ["nothing-here", "a.b", "%2e%2e", "x" * 30])
def test_an_unknown_export_is_not_found(client, login, token):
    login(Role.RECEPTION)
    assert client.get(f"/staff/tiep-cong-dan/xuat/{token}").status_code == 404
    assert client.get(f"/staff/tiep-cong-dan/xuat/{token}/tai").status_code == 404


def test_a_requester_who_lost_the_right_gets_no_file(client, login, runner, small_limit, app):
    officer = login(Role.RECEPTION)
    for _ in range(3):
        record(client)
    page_url = client.get("/staff/tiep-cong-dan/so.xlsx").headers["Location"]
    from petition_app.extensions import db

    officer.role = Role.HANDLER
    db.session.commit()
    assert "built 0" in runner.invoke(args=["reception", "exports"]).output
    officer.role = Role.RECEPTION
    db.session.commit()
    assert "Không lập được tệp" in client.get(page_url).get_data(as_text=True)
    assert client.get(f"{page_url}/tai").status_code == 404
