"""Admin pages for deadlines: the policy of each kind and the working-day calendar; the CLI."""
import re
from dataclasses import fields
from datetime import date

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, CalendarOverride, SlaPolicy
from petition_app.services.policies import PolicyInput, current_policy
from tests.conftest import csrf_token

POLICY_FIELDS = tuple(f.name for f in fields(PolicyInput)) + ("based_on",)


def form_values(page: str) -> dict:
    """The values the edit form shows, as a browser would post them back."""
    values = {}
    for name in POLICY_FIELDS:
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or \
            re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
        if select:
            selected = re.search(r'<option selected value="([^"]*)"', select.group(1))
            values[name] = selected.group(1) if selected else ""
        else:
            values[name] = match.group(1) if match else ""
    return values


def test_admin_changes_a_policy_and_sees_the_versions(client, login):
    admin = login(Role.ADMIN, "VP")
    page = client.get("/admin/policies")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Luật Tố cáo 2018, Điều 30" in text and "Khiếu nại" in text
    edit = client.get("/admin/policies/feedback")
    values = form_values(edit.get_data(as_text=True))
    assert values["resolution_days"] == "15" and values["resolution_unit"] == "working"
    values.update(resolution_days="20", note="Quyết định 5/QĐ-SKHCN", csrf_token=csrf_token(edit))
    response = client.post("/admin/policies/feedback", data=values)
    assert response.status_code == 303
    policy = current_policy(CaseKind.FEEDBACK)
    assert (policy.version, policy.resolution_days, policy.created_by_id) == (2, 20, admin.id)
    history = client.get("/admin/policies/feedback").get_data(as_text=True)
    assert "Quyết định 5/QĐ-SKHCN" in history
    assert "Sửa thời hạn theo loại đơn" in client.get("/admin/").get_data(as_text=True)


def test_the_complaint_form_round_trips_the_second_time_periods(client, login):
    login(Role.ADMIN, "VP")
    edit = client.get("/admin/policies/complaint")
    values = form_values(edit.get_data(as_text=True))
    assert (values["second_days"], values["second_unit"], values["second_remote_complex_days"]) == (
        "45", "calendar", "70")
    values.update(second_remote_complex_days="75", note="Luật sửa đổi", csrf_token=csrf_token(edit))
    assert client.post("/admin/policies/complaint", data=values).status_code == 303
    policy = current_policy(CaseKind.COMPLAINT)
    assert (policy.version, policy.second_days, policy.second_remote_complex_days) == (2, 45, 75)


def test_bad_policy_input_is_explained_next_to_the_field_and_kept(client, login):
    login(Role.ADMIN, "VP")
    edit = client.get("/admin/policies/petition")
    values = form_values(edit.get_data(as_text=True))
    values.update(resolution_days="abc", acceptance_days="5", note="", csrf_token=csrf_token(edit))
    response = client.post("/admin/policies/petition", data=values)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="resolution_days-error"' in text and 'id="note-error"' in text
    assert "Vui lòng ghi căn cứ của thay đổi." in text and 'value="abc"' in text
    assert db.session.scalar(sa.select(sa.func.count(SlaPolicy.id)).where(SlaPolicy.version > 1)) == 0


def test_a_half_given_acceptance_period_is_refused(client, login):
    login(Role.ADMIN, "VP")
    edit = client.get("/admin/policies/petition")
    values = form_values(edit.get_data(as_text=True))
    values.update(acceptance_days="5", note="Thử", csrf_token=csrf_token(edit))
    response = client.post("/admin/policies/petition", data=values)
    assert response.status_code == 422
    assert "Thời hạn thụ lý cần đủ số ngày, cách tính và căn cứ" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.UNIT_HEAD, Role.HANDLER, Role.RECEPTION])
def test_only_admins_reach_the_deadline_settings(client, login, role):
    login(role, "VP")
    for url in ("/admin/policies", "/admin/policies/feedback", "/admin/calendar"):
        assert client.get(url).status_code == 404


def test_unknown_kind_is_404(client, login):
    login(Role.ADMIN, "VP")
    assert client.get("/admin/policies/nonsense").status_code == 404


def test_admin_adds_and_removes_a_calendar_override(client, login, clock):
    login(Role.ADMIN, "VP")
    page = client.get("/admin/calendar?nam=2026")
    text = page.get_data(as_text=True)
    assert "Ngày Văn hóa Việt Nam" in text and "24/11/2026" in text
    response = client.post("/admin/calendar?nam=2026", data={
        "csrf_token": csrf_token(page), "day": "11/12/2026", "is_working": "off",
        "reason": "Quyết định 7/QĐ-UBND"})
    assert response.status_code == 303
    text = client.get("/admin/calendar?nam=2026").get_data(as_text=True)
    assert "11/12/2026" in text and "Quyết định 7/QĐ-UBND" in text
    override = db.session.scalar(sa.select(CalendarOverride))
    assert override.day == date(2026, 12, 11) and not override.is_working
    page = client.get("/admin/calendar?nam=2026")
    response = client.post(f"/admin/calendar/{override.id}/remove",
                           data={"csrf_token": csrf_token(page), "nam": "2026"})
    assert response.status_code == 303 and response.headers["Location"].endswith("nam=2026")
    db.session.expire_all()
    assert db.session.get(CalendarOverride, override.id).removed_at is not None
    assert db.session.scalar(sa.select(sa.func.count(AdminEvent.id))) == 2


@pytest.mark.parametrize("day, error", [
    ("31/02/2026", "Ngày không hợp lệ"),
    ("", "Vui lòng nhập ngày."),
    ("24/11/2026", "đã là ngày nghỉ"),
])
def test_a_bad_override_is_explained_and_the_input_kept(client, login, day, error):
    login(Role.ADMIN, "VP")
    page = client.get("/admin/calendar")
    response = client.post("/admin/calendar", data={"csrf_token": csrf_token(page), "day": day,
                                                    "is_working": "off", "reason": "Căn cứ thử"})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and error in text and 'value="Căn cứ thử"' in text
    assert db.session.scalar(sa.select(sa.func.count(CalendarOverride.id))) == 0


def test_the_override_form_needs_csrf(client, login):
    login(Role.ADMIN, "VP")
    response = client.post("/admin/calendar", data={"day": "11/12/2026", "is_working": "off", "reason": "x"})
    assert response.status_code in (400, 422)
    assert db.session.scalar(sa.select(sa.func.count(CalendarOverride.id))) == 0


def test_flask_calendar_commands(runner, app):
    listed = runner.invoke(args=["calendar", "list", "2026"])
    assert listed.exit_code == 0 and "24/11/2026 Thứ Ba  Ngày Văn hóa Việt Nam" in listed.output
    added = runner.invoke(args=["calendar", "add", "12/12/2026", "--working", "--reason", "Làm bù"])
    assert added.exit_code == 0, added.output
    assert "12/12/2026 Thứ Bảy  Làm bù  [điều chỉnh" in runner.invoke(args=["calendar", "list", "2026"]).output
    again = runner.invoke(args=["calendar", "add", "12/12/2026", "--working", "--reason", "Làm bù"])
    assert again.exit_code != 0 and "đã là ngày làm việc" in again.output
    removed = runner.invoke(args=["calendar", "remove", "12/12/2026"])
    assert removed.exit_code == 0 and "đã bỏ" in removed.output
    assert runner.invoke(args=["calendar", "remove", "12/12/2026"]).exit_code != 0
