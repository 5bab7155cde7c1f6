"""Pages never show "None" for an empty value, and every page finds its icon."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, Role
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services import queues


@pytest.fixture
def units(app, make_unit):
    return make_unit("VP", "Văn phòng Sở"), make_unit("CCTDC", "Chi cục TĐC")


def test_no_none_in_the_queue_filters_or_their_links(app, client, login, units):
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    db.session.add_all(Case(tracking_code=new_tracking_code(), kind=CaseKind.FEEDBACK, channel=Channel.ONLINE,
                            status=CaseStatus.RECEIVED, subject=f"Đơn {i}", content="x", unit_id=units[0].id,
                            received_at=start + timedelta(hours=i), triage_due=date(2026, 11, 20),
                            created_at=start, updated_at=start) for i in range(queues.PAGE_SIZE + 1))
    db.session.commit()
    login(Role.SUPERVISOR, "VP")
    body = client.get("/staff/?view=all&unit=&kind=&q=").get_data(as_text=True)
    assert "None" not in body
    assert '<option selected value="">Tất cả</option>' in body
    next_link = re.search(r'href="([^"]+)" rel="next"', body).group(1)
    assert "unit=" not in next_link and "kind=" not in next_link and "view=all" in next_link


def test_every_page_names_its_icon_and_favicon_ico_finds_it(client):
    body = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data
