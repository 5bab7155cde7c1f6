"""The public statistics page and its open data: every figure from known cases, the month's edges
in Vietnam time, the period in the URL, bad input, and no personal data."""
import csv
import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Category, Channel, Role
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services import information_requests, queues
from petition_app.services.audit import record_event
from petition_app.services.deadline_states import thresholds

UTC = timezone.utc
SECRET_SUBJECT = "Nguyễn Văn Bí Mật khiếu nại"


def local(y, m, d, hh, mm=0):
    """A Vietnam local time (UTC+7) as an aware UTC moment."""
    return datetime(y, m, d, hh, mm, tzinfo=timezone(timedelta(hours=7))).astimezone(UTC)


def add(unit=None, *, received, kind=CaseKind.FEEDBACK, channel=Channel.ONLINE, status=CaseStatus.IN_PROGRESS,
        resolved=None, due=None, category=None, left=None):
    """A case with only what the statistics read; ``left`` writes the audit event of a final status
    (a decline, a withdrawal…) at that moment."""
    case = Case(tracking_code=new_tracking_code(), kind=kind, channel=channel, status=status,
                subject=SECRET_SUBJECT, content="Nội dung riêng tư", unit_id=unit.id if unit else None,
                received_at=received, resolved_at=resolved, resolution_due=due,
                category=category.value if category else None)
    db.session.add(case)
    db.session.flush()
    if left is not None:
        record_event(case, "decline", now=left, from_status=CaseStatus.RECEIVED, to_status=status, first=True)
    db.session.commit()
    return case


@pytest.fixture
def units(make_unit):
    return {"vp": make_unit("VP", "Văn phòng Sở"), "tdc": make_unit("CCTDC", "Chi cục TĐC")}


@pytest.fixture
def known(units, clock):
    """November 2026 in Vietnam, seen on 30/11/2026 (the clock is at 10:00 local)."""
    clock.set(local(2026, 11, 30, 10))
    vp, tdc = units["vp"], units["tdc"]
    # Carried over from October, resolved on time in November (due 10/11, resolved 9/11).
    add(vp, received=local(2026, 10, 20, 9), status=CaseStatus.RESOLVED, resolved=local(2026, 11, 9, 15),
        due=date(2026, 11, 10), kind=CaseKind.COMPLAINT, category=Category.INTELLECTUAL_PROPERTY)
    # Received in November, resolved late: 23:30 local on 12/11 is UTC 16:30, still 12/11 locally > due 11/11.
    add(vp, received=local(2026, 11, 2, 8), status=CaseStatus.CLOSED, resolved=local(2026, 11, 12, 23, 30),
        due=date(2026, 11, 11), kind=CaseKind.INFO_REQUEST, channel=Channel.EMAIL)
    # Resolved on its last day at 23:30 local (UTC the same day 16:30): on time.
    add(tdc, received=local(2026, 11, 3, 8), status=CaseStatus.RESOLVED, resolved=local(2026, 11, 16, 23, 30),
        due=date(2026, 11, 16), kind=CaseKind.PETITION, channel=Channel.POST)
    # Received in November and open: backlog.
    add(tdc, received=local(2026, 11, 20, 9), kind=CaseKind.DENUNCIATION, channel=Channel.IN_PERSON,
        category=Category.INSPECTION)
    # Received in November, declined in November: received, not backlog, not resolved.
    add(None, received=local(2026, 11, 5, 9), status=CaseStatus.NOT_ACCEPTED, left=local(2026, 11, 6, 9))
    # Received in October, declined on 3/11: backlog at the end of October only.
    add(vp, received=local(2026, 10, 25, 9), status=CaseStatus.NOT_ACCEPTED, left=local(2026, 11, 3, 9))
    # Resolved without a resolution deadline: resolved, neither on time nor late.
    add(vp, received=local(2026, 11, 4, 9), status=CaseStatus.RESOLVED, resolved=local(2026, 11, 5, 9))
    # Closed in September: nowhere in November.
    add(vp, received=local(2026, 9, 1, 9), status=CaseStatus.CLOSED, resolved=local(2026, 9, 10, 9),
        due=date(2026, 9, 30))
    return units


def figures_of(body, row_header, table):
    section = re.search(rf'<table class="figures stats-table" id="by-{table}">(.*?)</table>', body, re.S).group(1)
    match = re.search(rf'<th scope="row">{re.escape(row_header)}</th>((?:<td class="num">\d+</td>)+)', section)
    assert match, f"no row {row_header} in {table}"
    return [int(n) for n in re.findall(r"<td class=\"num\">(\d+)</td>", match.group(1))]


def test_every_figure_of_a_month(client, known):
    body = client.get("/thong-ke/2026-11").get_data(as_text=True)
    totals = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", body))
    assert totals == {"Tiếp nhận": "5", "Đã giải quyết": "4", "Đúng hạn": "2", "Trễ hạn": "1", "Tồn cuối kỳ": "1"}
    assert figures_of(body, "Tháng 11/2026", "month") == [5, 4, 2, 1, 1]
    assert figures_of(body, "Khiếu nại", "kind") == [0, 1, 1, 0, 0]
    assert figures_of(body, "Yêu cầu cung cấp thông tin", "kind") == [1, 1, 0, 1, 0]
    assert figures_of(body, "Tố cáo", "kind") == [1, 0, 0, 0, 1]
    assert figures_of(body, "Phản ánh", "kind") == [2, 1, 0, 0, 0]
    assert figures_of(body, "Qua thư điện tử", "channel") == [1, 1, 0, 1, 0]
    assert figures_of(body, "Trực tiếp tại trụ sở", "channel") == [1, 0, 0, 0, 1]
    assert figures_of(body, "Sở hữu trí tuệ", "field") == [0, 1, 1, 0, 0]
    assert figures_of(body, "Chưa xác định lĩnh vực", "field") == [4, 3, 1, 1, 0]
    assert figures_of(body, "Văn phòng Sở", "unit") == [2, 3, 1, 1, 0]
    assert figures_of(body, "Chi cục TĐC", "unit") == [2, 1, 1, 0, 1]
    assert figures_of(body, "Chưa chuyển đơn vị", "unit") == [1, 0, 0, 0, 0]
    assert body.count('role="img"') == 2 and "<desc id=" in body
    assert "số liệu đến ngày 30/11/2026" in body
    assert SECRET_SUBJECT not in body and "Nội dung riêng tư" not in body and "Cách tính" in body


def test_october_backlog_counts_what_was_still_open_at_its_end(client, known):
    body = client.get("/thong-ke/2026-10").get_data(as_text=True)
    assert figures_of(body, "Tháng 10/2026", "month") == [2, 0, 0, 0, 2]


def test_the_year_has_a_row_per_month_up_to_today(client, known):
    data = client.get("/thong-ke/2026.json").get_json()
    assert [m["key"] for m in data["by_month"]] == [f"2026-{m:02d}" for m in range(1, 12)]
    months = {m["key"]: m for m in data["by_month"]}
    assert months["2026-09"] | {"label": ""} == {"key": "2026-09", "label": "", "received": 1, "resolved": 1,
                                                 "on_time": 1, "late": 0, "backlog": 0}
    assert months["2026-10"]["backlog"] == 2 and months["2026-11"]["backlog"] == 1
    assert data["total"] == {"received": 8, "resolved": 5, "on_time": 3, "late": 1, "backlog": 1}


def test_json_and_csv_carry_the_same_figures_as_the_page(client, known):
    data = client.get("/thong-ke/2026-11.json").get_json()
    assert data["period"] == "2026-11" and data["from"] == "2026-11-01" and data["to"] == "2026-11-30"
    assert data["total"] == {"received": 5, "resolved": 4, "on_time": 2, "late": 1, "backlog": 1}
    units = {u["key"]: u for u in data["by_unit"]}
    assert units["VP"]["resolved"] == 3 and units["CCTDC"]["backlog"] == 1 and units["none"]["received"] == 1
    assert [k["key"] for k in data["by_kind"]] == [k.value for k in CaseKind]
    response = client.get("/thong-ke/2026-11.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert 'filename="thong-ke-2026-11.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == ["period", "dimension", "key", "label", "received", "resolved", "on_time", "late",
                             "backlog"]
    total = rows[0]
    assert (total["dimension"], total["received"], total["late"], total["backlog"]) == ("total", "5", "1", "1")
    by_key = {(r["dimension"], r["key"]): r for r in rows}
    assert by_key[("channel", "post")]["on_time"] == "1"
    assert by_key[("unit", "VP")]["label"] == "Văn phòng Sở"
    assert SECRET_SUBJECT not in text


def test_month_edges_are_local_time(client, units, clock):
    """23:30 on 30/11 in Vietnam is 16:30 UTC that day: November. 00:30 on 1/12 in Vietnam is
    17:30 UTC on 30/11: December."""
    clock.set(local(2026, 12, 2, 9))
    last_evening = add(units["vp"], received=datetime(2026, 11, 30, 16, 30, tzinfo=UTC))
    first_night = add(units["vp"], received=datetime(2026, 11, 30, 17, 30, tzinfo=UTC))
    assert last_evening.received_at.date() == first_night.received_at.date()  # the same UTC day
    november = client.get("/thong-ke/2026-11.json").get_json()
    december = client.get("/thong-ke/2026-12.json").get_json()
    assert november["total"]["received"] == 1 and november["total"]["backlog"] == 1
    assert december["total"]["received"] == 1 and december["total"]["backlog"] == 2


def test_a_case_resolved_just_after_local_midnight_counts_in_the_new_month(client, units, clock):
    clock.set(local(2026, 12, 2, 9))
    add(units["vp"], received=local(2026, 11, 2, 9), status=CaseStatus.RESOLVED,
        resolved=datetime(2026, 11, 30, 17, 30, tzinfo=UTC), due=date(2026, 12, 1))
    november = client.get("/thong-ke/2026-11.json").get_json()["total"]
    december = client.get("/thong-ke/2026-12.json").get_json()["total"]
    assert (november["resolved"], november["backlog"]) == (0, 1)
    assert (december["resolved"], december["on_time"], december["backlog"]) == (1, 1, 0)


def test_backlog_of_the_current_month_is_the_open_cases_now(client, units, clock, login):
    clock.set(local(2026, 11, 30, 10))
    for day in (1, 2, 3):
        add(units["vp"], received=local(2026, 11, day, 9))
    add(units["vp"], received=local(2026, 11, 4, 9), status=CaseStatus.ON_HOLD)
    add(units["vp"], received=local(2026, 11, 5, 9), status=CaseStatus.WITHDRAWN, left=local(2026, 11, 6, 9))
    open_now = db.session.query(Case).filter(Case.status.in_(
        [CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD])).count()
    assert client.get("/thong-ke/2026-11.json").get_json()["total"]["backlog"] == open_now == 4


@pytest.mark.parametrize("code", ["2026-13", "2026-00", "26-11", "2026-1", "1999", "2027", "2026-12", "abc",
                                  "2026-11-01", "-2026"])
def test_bad_or_future_periods_are_not_found(client, known, code):
    for suffix in ("", ".json", ".csv"):
        assert client.get(f"/thong-ke/{code}{suffix}").status_code == 404, code + suffix


def test_the_period_form_redirects_to_the_periods_address(client, known):
    response = client.get("/thong-ke?ky=2026-10")
    assert response.status_code == 303 and response.headers["Location"].endswith("/thong-ke/2026-10")


@pytest.mark.parametrize("typed", ["2026-13", "tháng mười", "<script>", ""])
def test_a_bad_period_is_shown_next_to_the_field_and_kept(client, known, typed):
    response = client.get("/thong-ke", query_string={"ky": typed})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="ky-error"' in body and "Kỳ không hợp lệ" in body
    assert 'aria-invalid="true"' in body
    assert "<script>" not in body.split('id="ky"')[1][:200]
    if typed and typed != "<script>":
        assert f'value="{typed}"' in body


def test_the_index_shows_this_year(client, known):
    body = client.get("/thong-ke").get_data(as_text=True)
    assert "Năm 2026" in body and figures_of(body, "Tháng 11/2026", "month") == [5, 4, 2, 1, 1]
    assert 'href="/thong-ke/2026.csv"' in body and 'href="/thong-ke/2026.json"' in body


def test_the_figures_agree_with_the_queues_and_the_register(client, known, make_user, clock):
    """This month's backlog per unit is the unit's open queue; the information requests received
    are the register's rows for the month."""
    data = client.get("/thong-ke/2026-11.json").get_json()
    units = {u["key"]: u for u in data["by_unit"]}
    today = date(2026, 11, 30)
    for code in ("VP", "CCTDC"):
        head = make_user(Role.UNIT_HEAD, code)
        assert queues.count_views(head, thresholds(today))[queues.View.UNIT] == units[code]["backlog"]
    supervisor = make_user(Role.SUPERVISOR, "VP")
    month = information_requests.RegisterFilter(date(2026, 11, 1), date(2026, 11, 30))
    kinds = {k["key"]: k for k in data["by_kind"]}
    assert len(information_requests.register_rows(supervisor, month)) == kinds["info_request"]["received"] == 1
