"""The admin page for the reports' opening balances: saved and audited, bad input refused next to
its field with the input kept, admins only."""
import re

import pytest

from petition_app.domain.cases import Role
from petition_app.models import AdminEvent, ReportOpeningBalance
from tests.conftest import csrf_token

PAGE = "/admin/so-lieu-dau-ky"


def _post(client, **over):
    data = {"csrf_token": csrf_token(client.get(PAGE)), "cell": "01-KQGQ|complaints.carried", "unit_id": "",
            "amount": "12", "as_of": "15/12/2025", **over}
    return client.post(PAGE, data=data)


def test_an_admin_enters_a_balance_and_it_is_listed_and_audited(app, client, login):
    login(Role.ADMIN)
    assert _post(client).status_code == 303
    html = client.get(PAGE).get_data(as_text=True)
    assert re.search(r"01/KQGQ: Số vụ việc khiếu nại thuộc thẩm quyền – Kỳ trước chuyển sang \(2\)</td>"
                     r"<td>Toàn Sở \(không chia đơn vị\)</td><td class=\"num\">12</td>", html)
    assert _post(client, amount="15").status_code == 303
    assert ReportOpeningBalance.query.one().amount == 15
    events = AdminEvent.query.filter_by(action="report_balance.saved").all()
    assert [e.data["after"]["amount"] for e in events] == [12, 15]


@pytest.mark.parametrize("over, field", [({"amount": "-3"}, "amount"), ({"amount": "abc"}, "amount"),
                                         ({"as_of": "31/02/2026"}, "as_of"), ({"as_of": "01/01/1900"}, "as_of"),
                                         ({"cell": "01-KQGQ|complaints.resolved"}, "cell"),
                                         ({"unit_id": "99999"}, "unit_id")])
def test_bad_input_is_refused_next_to_its_field(app, client, login, over, field):
    login(Role.ADMIN)
    response = _post(client, **over)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    assert ReportOpeningBalance.query.count() == 0


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.UNIT_HEAD, Role.HANDLER])
def test_only_admins(app, client, login, role):
    login(role)
    assert client.get(PAGE).status_code in (403, 404)
