"""The dashboard page: leadership sees every unit, a unit head their own; charts with their numbers,
a period form that survives bad input."""
import re
from datetime import date, timedelta

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, PetitionerType, Role
from petition_app.domain.deadlines import DeadlineState
from petition_app.models import Petitioner
from tests.services.test_dashboard import TODAY, add_case, local, units  # noqa: F401  (the same units)

PETITIONER = "Trần Thị Bích Ngọc"


@pytest.fixture
def seeded(units, make_user, clock):  # noqa: F811
    """Chi cục TĐC: one case overdue since Friday 20/11 (filed by a named citizen) and one due soon;
    Văn phòng Sở: one resolved on time and one late in November."""
    vp, tdc = units["vp"], units["tdc"]
    handler = make_user(Role.HANDLER, "CCTDC")
    citizen = Petitioner(type=PetitionerType.INDIVIDUAL, full_name=PETITIONER, consent_at=local(2026, 10, 1, 9))
    overdue = add_case(tdc, kind=CaseKind.DENUNCIATION, state=DeadlineState.OVERDUE, next_due=date(2026, 11, 20),
                       subject="Tố cáo cân gian lận", assignee=handler, petitioner=citizen)
    add_case(tdc, state=DeadlineState.DUE_SOON, next_due=TODAY + timedelta(days=2))
    add_case(vp, status=CaseStatus.RESOLVED, resolved_at=local(2026, 11, 9, 10), resolution_due=date(2026, 11, 10))
    add_case(vp, status=CaseStatus.CLOSED, resolved_at=local(2026, 11, 12, 10), resolution_due=date(2026, 11, 10))
    add_case(vp, status=CaseStatus.CLOSED, resolved_at=local(2026, 6, 1, 10), resolution_due=date(2026, 6, 5))
    assert clock.now.date() == TODAY
    return overdue


def row(body, header):
    """The numbers of the table row headed ``header``."""
    match = re.search(rf'<th scope="row">{re.escape(header)}</th>((?:<td class="num">[^<]*</td>)+)', body)
    assert match, f"no row {header}"
    return re.findall(r'<td class="num">([^<]*)</td>', match.group(1))


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_leadership_sees_every_units_deadlines(client, login, seeded, role):
    login(role, "VP")
    response = client.get("/staff/dashboard")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.count('role="img"') == 3
    assert body.count("<title id=") == body.count("<desc id=") == 3
    assert 'aria-labelledby="chart-units-title chart-units-desc"' in body
    assert '<text x="0" y="14">Chi cục TĐC</text>' in body  # the unit with most overdue is drawn first
    assert row(body, "Chi cục TĐC") == ["1", "1"]
    assert row(body, "Văn phòng Sở") == ["0", "0"]
    assert row(body, "Tố cáo") == ["1", "0"]
    assert row(body, "Quá hạn 1–5 ngày") == ["1"]
    assert row(body, "Đến hạn trong 0–5 ngày") == ["1"]
    assert row(body, "Toàn Sở") == ["2", "1", "50%"]
    assert f'<a href="/staff/cases/{seeded.id}">{seeded.tracking_code}</a>' in body
    assert "20/11/2026" in body
    # working days, 24/11 a holiday
    assert re.search(r'<td class="date"[^>]*>20/11/2026</td>\s*<td class="num"[^>]*>2</td>', body)
    assert 'href="/staff/dashboard" aria-current="page"' in body


def test_no_petitioner_name_is_shown(client, login, seeded):
    login(Role.SUPERVISOR, "VP")
    body = client.get("/staff/dashboard").get_data(as_text=True)
    assert seeded.tracking_code in body
    assert PETITIONER not in body


def test_a_unit_head_sees_the_dashboard_of_their_own_unit(client, login, seeded, units):  # noqa: F811
    add_case(units["vp"], next_due=date(2026, 11, 2), subject="Quá hạn ở Văn phòng")
    login(Role.UNIT_HEAD, "CCTDC")
    home = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/dashboard"' in home
    body = client.get("/staff/dashboard").get_data(as_text=True)
    assert "Đơn vị: Chi cục TĐC" in body
    assert row(body, "Chi cục TĐC") == ["1", "1"]
    assert '<th scope="row">Văn phòng Sở</th>' not in body and "Toàn Sở" not in body
    assert seeded.tracking_code in body and "Quá hạn ở Văn phòng" not in body
    assert row(body, "Quá hạn 1–5 ngày") == ["1"]  # the other unit's case (23 days late) is not aged here
    assert row(body, "Quá hạn 16–30 ngày") == ["0"]


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION])
def test_the_page_does_not_exist_for_other_roles(client, login, seeded, role):
    login(role, "CCTDC")
    assert client.get("/staff/dashboard").status_code == 404
    assert "/staff/dashboard" not in client.get("/staff/").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client, units):  # noqa: F811
    response = client.get("/staff/dashboard")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_the_period_filters_the_on_time_rates(client, login, seeded):
    login(Role.SUPERVISOR, "VP")
    body = client.get("/staff/dashboard?tu=01/05/2026&den=2026-06-30").get_data(as_text=True)
    assert row(body, "Toàn Sở") == ["1", "1", "100%"]
    assert 'name="tu" placeholder="dd/mm/yyyy" type="text" value="01/05/2026"' in body
    assert "Từ ngày 01/05/2026 đến ngày 30/06/2026" in body


@pytest.mark.parametrize("query,field,value,message", [
    ("tu=32/13/2026", "tu", "32/13/2026", "Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm."),
    ("tu=hôm+qua&den=2026-11-01", "tu", "hôm qua", "Ngày không hợp lệ"),
    ("tu=2026-11-20&den=01/11/2026", "den", "01/11/2026",
     "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu (20/11/2026)."),
    ("den=0001-01-01", "den", "0001-01-01", "Vui lòng nhập ngày trong khoảng từ năm 2000 đến năm 2100."),
])
def test_a_bad_period_is_explained_beside_its_field_and_kept(client, login, seeded, query, field, value, message):
    login(Role.SUPERVISOR, "VP")
    response = client.get(f"/staff/dashboard?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(rf'<p class="field-error" id="{field}-error">\s*<span>([^<]+)</span>', body)
    assert error and message in error.group(1)
    assert f'name="{field}" placeholder="dd/mm/yyyy" type="text" value="{value}"' in body
    assert f'aria-describedby="{field}-error"' in body
    assert "Khoảng thời gian chưa hợp lệ nên số liệu dưới đây tính cho khoảng mặc định." in body
    assert "Từ ngày 28/08/2026 đến ngày 25/11/2026" in body  # the last 90 days instead
    assert row(body, "Toàn Sở") == ["2", "1", "50%"]
