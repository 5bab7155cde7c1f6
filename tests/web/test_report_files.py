"""A long period's report files are built off the request: the reader waits on a page, the job
builds the file with the reader's own scope, the page then offers it — to that reader only."""
import io
import re

import openpyxl
import pytest
from docx import Document

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.services import report_files
from tests.conftest import csrf_token
from tests.services import report_helpers as h

MONTH = "bieu=01-XLD&ky=sector_month&nam=2026&so=11"
FIVE_YEARS = "bieu=01-XLD&ky=five_years&nam=2026"


@pytest.fixture
def month(app, make_unit, make_user):
    return h.build_month(make_unit, make_user)


def switch(client, login, role, unit="VP"):
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    return login(role, unit)


def test_a_month_is_downloaded_at_once(month, client, login):
    login(Role.SUPERVISOR)
    response = client.get(f"/staff/bao-cao/bao-cao.xlsx?{MONTH}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")


def test_a_five_year_workbook_is_prepared_then_offered_to_its_reader_only(month, client, login, runner):
    login(Role.SUPERVISOR)
    asked = client.get(f"/staff/bao-cao/bao-cao.xlsx?{FIVE_YEARS}")
    assert asked.status_code == 303
    page_url = asked.headers["Location"]
    assert re.fullmatch(r"/staff/bao-cao/tep/[\w-]+", page_url)
    waiting = client.get(page_url).get_data(as_text=True)
    assert "đang được chuẩn bị" in waiting and 'http-equiv="refresh"' in waiting and "None" not in waiting
    assert client.get(f"{page_url}/tai").status_code == 404  # not yet

    result = runner.invoke(args=["reports", "files"])
    assert result.exit_code == 0 and "built 1" in result.output
    assert "built 0" in runner.invoke(args=["reports", "files"]).output  # built once

    ready = client.get(page_url).get_data(as_text=True)
    assert "Tệp đã sẵn sàng." in ready and "refresh" not in ready
    download = client.get(f"{page_url}/tai")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    assert book.sheetnames == ["01-TCD", "01-XLD", "01-KQGQ", "01-KQGQTC"]
    totals = next(r for r in book["01-KQGQ"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert totals[1] >= h.COMPLAINTS["Tổng cộng"]["1"]  # five years hold the month

    switch(client, login, Role.SUPERVISOR)  # another leader: neither the page nor the file
    assert client.get(page_url).status_code == 404
    assert client.get(f"{page_url}/tai").status_code == 404


def test_a_busy_periods_narrative_is_prepared_with_the_unit_heads_scope(month, client, login, runner,
                                                                          monkeypatch):
    monkeypatch.setattr(report_files, "INLINE_CASES", 0)  # any case makes the month "large"
    login(Role.UNIT_HEAD, "TDC")
    page_url = client.get(f"/staff/bao-cao/bao-cao-tong-hop.docx?{MONTH}").headers["Location"]
    assert "built 1" in runner.invoke(args=["reception", "exports"]).output  # the one job builds every kind
    download = client.get(f"{page_url}/tai")
    assert download.status_code == 200 and download.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(download.data)).paragraphs)
    unit = h.RECEPTION["Chi cục TĐC"]
    assert f"Tổng số lượt tiếp công dân: {unit['1']} lượt với {unit['2']} người" in text


def test_a_reader_who_lost_the_right_gets_no_file(month, client, login, runner, monkeypatch):
    monkeypatch.setattr(report_files, "INLINE_CASES", 0)
    user = login(Role.SUPERVISOR)
    page_url = client.get(f"/staff/bao-cao/bao-cao.xlsx?{MONTH}").headers["Location"]
    user.role = Role.HANDLER  # moved to a handler's post before the job ran
    db.session.commit()
    assert "built 0" in runner.invoke(args=["reports", "files"]).output
    user.role = Role.SUPERVISOR
    db.session.commit()
    assert "Không lập được tệp" in client.get(page_url).get_data(as_text=True)
    assert client.get(f"{page_url}/tai").status_code == 404


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION])
def test_who_may_not_read_reports_has_no_file_page(month, client, login, role):
    login(role)
    assert client.get("/staff/bao-cao/tep/abcdefghijklmnopqrstuvwx").status_code == 404


def test_a_log_export_token_is_not_a_report_file(month, client, login, app, clock):
    from petition_app.services import log_exports
    from petition_app.services.reception_log import LogFilters

    user = login(Role.SUPERVISOR)
    token = log_exports.request_export(user, LogFilters(), file_format="xlsx", locale="vi", now=clock.now)
    assert client.get(f"/staff/bao-cao/tep/{token}").status_code == 404
