"""The staff search through the queue page and the staff API (/api/v1/cases?q=): both find the
same cases, in the same order, and neither finds a case by a denouncer's identity for someone
who may not see it."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, PetitionerType, Role
from petition_app.domain.tracking import new_tracking_code
from petition_app.extensions import db
from petition_app.models import Case, Petitioner
from petition_app.services import api_tokens
from tests.conftest import csrf_token, sign_in_with

BASE = datetime(2026, 11, 1, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(app, make_unit, clock):
    unit = make_unit("A", "Phòng A")
    make_unit("VP", "Văn phòng")

    def case(subject, kind=CaseKind.FEEDBACK, petitioner=None, due=10):
        row = Case(tracking_code=new_tracking_code(), kind=kind, channel=Channel.ONLINE, status=CaseStatus.ACCEPTED,
                   subject=subject, content="Nội dung.", unit_id=unit.id, petitioner=petitioner, received_at=BASE,
                   next_due=date(2026, 11, 25) + timedelta(days=due), created_at=BASE, updated_at=BASE)
        db.session.add(row)
        return row

    cases = {
        "radiation": case("Rò rỉ bức xạ", due=20, petitioner=Petitioner(
            type=PetitionerType.INDIVIDUAL, full_name="Nguyễn Văn Đức", citizen_id="001090012345",
            phone="+84912345678", consent_at=BASE)),
        "scattered": case("Bức tường phòng xạ trị nứt", due=5),
        "denunciation": case("Tố cáo cán bộ", kind=CaseKind.DENUNCIATION, petitioner=Petitioner(
            type=PetitionerType.INDIVIDUAL, full_name="Trần Thị Mai", citizen_id="079190054321",
            phone="+84987654321", consent_at=BASE)),
    }
    db.session.commit()
    return cases


def page_codes(client, user, query):
    sign_in_with(client, user)
    body = client.get("/staff/", query_string={"view": "unit", "q": query}).get_data(as_text=True)
    return re.findall(r'<td class="code"[^>]*><a [^>]*>([2-9A-Z-]{19})</a>', body)


def api_codes(client, token, query):
    response = client.get("/api/v1/cases", query_string={"view": "unit", "q": query},
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [c["tracking_code"] for c in response.json["cases"]]


SEARCHES = [("buc xa", ["radiation", "scattered"]), ("BỨC XẠ", ["radiation", "scattered"]),
            ("nguyen van duc", ["radiation"]), ("0912 345 678", ["radiation"]), ("001090012345", ["radiation"]),
            ("tran thi mai", []), ("079190054321", [])]  # a denouncer: not before an audited reveal


@pytest.mark.parametrize("role", [Role.HANDLER, Role.UNIT_HEAD])
@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_the_queue_page_and_the_api_find_the_same_cases(app, world, make_user, clock, role, query, expected):
    user = make_user(role, "A")
    token = api_tokens.issue(user.username, days=30, actor=None, now=clock())[1]
    codes = [world[n].tracking_code for n in expected]
    assert page_codes(app.test_client(), user, query) == codes
    assert api_codes(app.test_client(), token, query) == codes


def test_a_code_typed_without_dashes_in_lower_case_finds_the_case(app, world, make_user, clock):
    user = make_user(Role.HANDLER, "A")
    token = api_tokens.issue(user.username, days=30, actor=None, now=clock())[1]
    code = world["scattered"].tracking_code
    assert api_codes(app.test_client(), token, code.replace("-", "").lower()) == [code]
    assert page_codes(app.test_client(), user, code.lower()) == [code]


def test_after_an_audited_reveal_the_unit_head_finds_the_denunciation_by_the_denouncer(app, world, make_user,
                                                                                       clock):
    head, handler = make_user(Role.UNIT_HEAD, "A", second_factor=True), make_user(Role.HANDLER, "A")
    client = app.test_client()
    sign_in_with(client, head, clock)  # the password, then the code: a reveal needs a recent one
    case = world["denunciation"]
    page = client.get(f"/staff/cases/{case.id}")
    assert client.post(f"/staff/cases/{case.id}/danh-tinh", data={
        "csrf_token": csrf_token(page), "reason": "Xác minh người tố cáo"}).status_code == 200
    for who, expected in ((head, [case.tracking_code]), (handler, [])):
        token = api_tokens.issue(who.username, days=30, actor=None, now=clock())[1]
        assert api_codes(app.test_client(), token, "Trần Thị Mai") == expected
    assert page_codes(app.test_client(), head, "tran thi mai") == [case.tracking_code]
