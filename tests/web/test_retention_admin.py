"""Admins set how long each kind's closed cases keep personal data; each change is audited; bad
input is refused next to the field and kept; nobody else sees the pages."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.extensions import db
from petition_app.models import AdminEvent
from petition_app.services.retention import current_rules
from tests.conftest import csrf_token


def test_admins_see_each_kinds_period_and_its_basis(client, login):
    login(Role.ADMIN)
    assert "Thời hạn lưu giữ dữ liệu cá nhân" in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/luu-giu-du-lieu").get_data(as_text=True)
    assert "Khiếu nại" in page and "Thông tư 10/2022/TT-BNV" in page
    assert "Lần chạy tới sẽ ẩn danh 0 hồ sơ" in page


def test_a_change_is_saved_and_audited(client, login):
    login(Role.ADMIN)
    form = client.get("/admin/luu-giu-du-lieu/feedback")
    response = client.post("/admin/luu-giu-du-lieu/feedback", data={
        "csrf_token": csrf_token(form), "years": "7", "basis": "Quyết định 15/QĐ-SKHCN"})
    assert response.status_code == 303
    assert current_rules()[CaseKind.FEEDBACK].years == 7
    event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "retention.changed"))
    assert event.data == {"kind": "feedback", "years_before": 5, "years": 7}
    assert "Sửa thời hạn lưu giữ dữ liệu cá nhân" in client.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("years, basis, message", [
    ("0", "Quyết định của Sở", "Từ 1 đến 100 năm."), ("", "Quyết định của Sở", "Vui lòng nhập số năm."),
    ("abc", "Quyết định của Sở", "Vui lòng nhập một số nguyên."), ("5", "", "Vui lòng điền mục này."),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(client, login, years, basis, message):
    login(Role.ADMIN)
    form = client.get("/admin/luu-giu-du-lieu/petition")
    response = client.post("/admin/luu-giu-du-lieu/petition", data={
        "csrf_token": csrf_token(form), "years": years, "basis": basis})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and (basis in page)
    assert current_rules()[CaseKind.PETITION].years == 10
    assert db.session.scalar(sa.select(sa.func.count(AdminEvent.id))) == 0


@pytest.mark.parametrize("role", [Role.HANDLER, Role.SUPERVISOR])
def test_only_admins_reach_the_pages(client, login, role):
    login(role)
    assert client.get("/admin/luu-giu-du-lieu").status_code == 404
    assert client.get("/admin/luu-giu-du-lieu/feedback").status_code == 404


def test_an_unknown_kind_is_not_found(client, login):
    login(Role.ADMIN)
    assert client.get("/admin/luu-giu-du-lieu/nothing").status_code == 404


def test_an_anonymised_case_still_opens_for_staff_and_the_public_without_the_persons_data(app, client, login,
                                                                                          clock, make_unit):
    from datetime import datetime, timedelta, timezone

    from petition_app.domain.cases import CaseStatus
    from petition_app.services.audit import record_event
    from petition_app.services.intake import file_case
    from petition_app.services.retention import apply_retention
    from tests.services.test_intake_service import request

    make_unit("VP", "Văn phòng Sở")
    clock.set(datetime(2015, 3, 2, 3, tzinfo=timezone.utc))
    case = file_case(request(), [], now=clock.now).case
    record_event(case, "close", now=clock.now + timedelta(days=30), from_status=case.status,
                 to_status=CaseStatus.WITHDRAWN)
    case.status = CaseStatus.WITHDRAWN
    db.session.commit()
    case_id, code = case.id, case.tracking_code
    clock.set(datetime(2026, 11, 25, 3, tzinfo=timezone.utc))
    assert apply_retention(clock.now).total == 1
    login(Role.SUPERVISOR)
    page = client.get(f"/staff/cases/{case_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nguyễn Văn An" not in text and "an@example.com" not in text
    assert "Xoá dữ liệu cá nhân khi hết thời hạn lưu giữ" in text  # the event in the case's history
    public = client.get(f"/tra-cuu/{code}")
    assert public.status_code == 200 and "Nguyễn Văn An" not in public.get_data(as_text=True)
