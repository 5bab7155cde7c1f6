"""The queue page: the role's views with counts, filters kept in the form, keyset paging."""
import re
from datetime import date

import pytest

from petition_app.domain.cases import Role
from tests.services.test_queues import world  # noqa: F401  (the same 30 cases)


@pytest.fixture
def today(clock):
    clock.set(clock.now.replace(year=2026, month=11, day=25))


def test_each_role_sees_its_views_with_counts(client, login, world, today):  # noqa: F811
    people, _ = world
    login(user=people["supervisor"])
    body = client.get("/staff/").get_data(as_text=True)
    tabs = re.findall(r'href="/staff/\?view=(\w+)"[^>]*>[^<]+<span class="count">(\d+)</span>', body)
    assert [t[0] for t in tabs] == ["new", "unit", "mine", "on_hold", "due_soon", "overdue", "all"]
    assert dict(tabs)["all"] == "30"
    assert 'aria-current="page">Tất cả' in body


def test_reception_starts_on_new_cases_and_has_no_all_view(client, login, world, today):  # noqa: F811
    people, _ = world
    login(user=people["reception"])
    body = client.get("/staff/").get_data(as_text=True)
    assert 'aria-current="page">Mới, chưa phân loại' in body
    assert "view=all" not in body
    assert client.get("/staff/?view=all").status_code == 200  # falls back, never shows all


def test_paging_keeps_the_filters(client, login, world, today):  # noqa: F811
    people, _ = world
    login(user=people["supervisor"])
    body = client.get("/staff/?view=all&kind=feedback&sort=received").get_data(as_text=True)
    assert len(re.findall(r'href="/staff/cases/\d+"', body)) == 15
    assert '<option selected value="feedback">' in body
    assert 'rel="next"' not in body
    assert client.get("/staff/?view=all&q=%3Cscript%3E").status_code == 200


def test_the_next_page_link_walks_the_whole_queue(client, login, make_user, make_unit):
    from datetime import datetime, timedelta, timezone

    from petition_app.domain.cases import CaseKind, CaseStatus, Channel, Role
    from petition_app.domain.tracking import new_tracking_code
    from petition_app.extensions import db
    from petition_app.models import Case

    unit = make_unit("VP", "Văn phòng")
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    db.session.add_all(Case(tracking_code=new_tracking_code(), kind=CaseKind.FEEDBACK, channel=Channel.ONLINE,
                            status=CaseStatus.RECEIVED, subject=f"Đơn {i}", content="x", unit_id=unit.id,
                            received_at=start + timedelta(hours=i), triage_due=date(2026, 11, 20),
                            created_at=start, updated_at=start) for i in range(120))
    db.session.commit()
    login(Role.SUPERVISOR, "VP")
    seen, url = [], "/staff/?view=all&kind=feedback"
    while url:
        body = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/staff/cases/(\d+)"', body)
        nxt = re.search(r'href="([^"]+)" rel="next"', body)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
        assert url is None or "kind=feedback" in url
    assert len(seen) == len(set(seen)) == 120


@pytest.mark.parametrize("query, field", [("received_from=01/01/0001", "received_from"),
                                          ("received_to=31/12/9999", "received_to"),
                                          ("received_from=0001-01-01&received_to=0001-01-02", "received_from")])
def test_an_implausible_date_filter_is_explained_not_a_500(client, login, query, field):
    login(Role.SUPERVISOR, "VP")
    response = client.get("/staff/?view=all&" + query)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in body and "từ năm 2000 đến năm 2100" in body
