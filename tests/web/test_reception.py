"""The reception desk over HTTP: recording a visit, its rules and bad input, editing the same day,
correcting later, registering or attaching a case, and who may see what."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, CaseStatus, Channel, ConsentMeans, Role
from petition_app.extensions import db
from petition_app.models import Case, Visit, VisitEvent
from tests.conftest import csrf_token
from tests.web.reception_helpers import VISITOR, desk_data, record


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def only_visit() -> Visit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Visit))


def test_the_desk_form_is_ready_for_the_keyboard(client, login):
    officer = login(Role.RECEPTION)
    html = client.get("/staff/tiep-cong-dan/moi").get_data(as_text=True)
    (tag,) = re.findall(r'<input[^>]*id="citizen_id_0"[^>]*>', html)
    assert "autofocus" in tag and html.count("autofocus") == 1
    assert f'<option selected value="{officer.id}">' in html
    assert '<option selected value="reception_room">' in html
    assert 'value="25/11/2026 09:30"' in html  # now, in Vietnam's time
    assert html.index('name="citizen_id_0"') < html.index('name="content"') < html.index('name="visited_at"')
    assert "None" not in html


def test_a_guided_visit_is_recorded_with_its_visitor_documents_and_audit(client, login):
    officer = login(Role.RECEPTION)
    response = record(client)
    assert response.status_code == 303
    visit = only_visit()
    assert visit.officer_id == officer.id and visit.outcome.value == "guided"
    assert visit.documents == ["Đơn phản ánh (01 bản)", "Ảnh chụp cân"]
    assert visit.visitors[0].citizen_id == "001088012345" and visit.visitors[0].phone == "+84912345678"
    assert [e.action for e in visit.events] == ["recorded"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nguyễn Thị Lan" in page and "Ảnh chụp cân" in page


def test_the_same_form_posted_twice_records_one_visit(client, login):
    login(Role.RECEPTION)
    data = desk_data(client)
    first = client.post("/staff/tiep-cong-dan/moi", data=data)
    second = client.post("/staff/tiep-cong-dan/moi", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 1


@pytest.mark.parametrize("overrides, field, message", [
    ({"name_0": ""}, "name_0", "Vui lòng ghi họ tên người được tiếp."),
    ({"content": ""}, "content", "Vui lòng điền mục này."),
    ({"citizen_id_0": "12345"}, "citizen_id_0", "Số căn cước công dân gồm đúng 12 chữ số."),
    ({"citizen_id_0": "999088012345"}, "citizen_id_0", "3 chữ số đầu phải là mã tỉnh"),
    ({"phone_0": "12345"}, "phone_0", "Số điện thoại không hợp lệ"),
    ({"visited_at": "31/02/2026 09:00"}, "visited_at", "dạng ngày/tháng/năm giờ:phút"),
    ({"visited_at": "25/11/1900 09:00"}, "visited_at", "từ năm 2000 đến năm 2100"),
    ({"visited_at": "26/11/2026 09:00"}, "visited_at", "không được ở tương lai"),
    ({"people_count": "0"}, "people_count", "Số người từ 1 đến 10.000."),
    ({"people_count": "abc"}, "people_count", "Vui lòng nhập một số nguyên."),
    ({"outcome": "refused"}, "refusal_ground", "Luật Tiếp công dân 2013, Điều 9"),
    ({"outcome": "bogus"}, "outcome", "Lựa chọn không hợp lệ."),
    ({"outcome": "registered"}, "kind", "Vui lòng điền mục này."),
    ({"outcome": "registered", "kind": "feedback", "subject": "Cân thiếu"}, "consent", "sự đồng ý của công dân"),
    ({"outcome": "attached"}, "case_code", "Vui lòng điền mục này."),
    ({"outcome": "attached", "case_code": "AAAA-BBBB-CCCC-DDDD"}, "case_code", "Không tìm thấy hồ sơ"),
    ({"place": "grassroots"}, "place_detail", "địa điểm tiếp tại cơ sở"),
    ({"is_online": "y"}, "online_means", "hình thức tiếp trực tuyến"),
    ({"reception_kind": "head_periodic"}, "session_id", "buổi tiếp định kỳ"),
    ({"is_group": "y", "people_count": "3"}, "people_count", "từ 5 người trở lên"),
    ({"is_group": "y", "people_count": "10", "name_1": "Lê Văn Hùng", "name_2": "Trần Thị Mai"}, "name_0",
     "cử 1 hoặc 2 người đại diện"),
    ({"name_1": "Lê Văn Hùng", "people_count": "1"}, "people_count", "không được ít hơn số người"),
    ({"officer_id": "999999"}, "officer_id", "Lựa chọn không hợp lệ."),
    ({"content": "bad\x00byte"}, "content", "ký tự không hợp lệ"),
])
def test_bad_input_is_refused_next_to_its_field_and_kept(client, login, overrides, field, message):
    login(Role.RECEPTION)
    response = record(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html.split(f'id="{field}-error"')[1][:400]
    assert "Phản ánh cân điện tử tại chợ Vườn Hoa" in html or field == "content"  # what was typed stays
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0  # nothing half-written
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0


def test_a_group_visit_keeps_its_size_and_representatives(client, login):
    login(Role.RECEPTION)
    assert record(client, is_group="y", people_count="23", name_1="Lê Văn Hùng",
                  citizen_id_1="038090001234", name_2="Trần Thị Mai").status_code == 303
    visit = only_visit()
    assert visit.is_group and visit.people_count == 23
    assert [v.full_name for v in visit.visitors] == ["Nguyễn Thị Lan", "Lê Văn Hùng", "Trần Thị Mai"]  # over 10: 3 of 5


def test_an_online_reception_records_its_means(client, login):
    login(Role.RECEPTION)
    assert record(client, is_online="y", online_means="video").status_code == 303
    assert only_visit().online_means.value == "video"


def test_a_refusal_records_the_ground_of_article_9(client, login):
    login(Role.RECEPTION)
    assert record(client, outcome="refused", refusal_ground="threatening").status_code == 303
    page = client.get(f"/staff/tiep-cong-dan/{only_visit().id}").get_data(as_text=True)
    assert "Đe dọa, xúc phạm" in page


def test_registering_a_visit_as_a_case_in_one_step(client, login):
    officer = login(Role.RECEPTION)
    response = record(client, outcome="registered", kind="feedback", subject="Cân thiếu ở chợ Vườn Hoa",
                      consent="y", visited_at="25/11/2026 08:15")
    assert response.status_code == 303
    visit = only_visit()
    case = visit.case
    assert case.channel is Channel.IN_PERSON and case.kind is CaseKind.FEEDBACK
    assert case.received_at.hour == 1 and case.received_at.minute == 15  # 08:15 in Vietnam
    assert case.petitioner.full_name == "Nguyễn Thị Lan" and case.petitioner.citizen_id == "001088012345"
    assert "Ảnh chụp cân" in case.content and case.created_by_id == officer.id
    assert case.consent_means is ConsentMeans.IN_PERSON_VERBAL  # ticked at the visit: given face to face
    assert [e.action for e in visit.events] == ["recorded", "registered"]
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert case.tracking_code in client.get(f"/staff/tiep-cong-dan/{visit.id}").get_data(as_text=True)
    assert page  # the officer who registered it sees the case


def test_a_refused_intake_rule_keeps_nothing(client, login):
    login(Role.RECEPTION)
    response = record(client, outcome="registered", kind="complaint", subject="Khiếu nại quyết định xử phạt",
                      consent="y")
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0


def test_registering_an_earlier_visit_from_its_page(client, login):
    login(Role.RECEPTION)
    record(client)
    visit = only_visit()
    page = client.get(f"/staff/tiep-cong-dan/{visit.id}")
    bad = client.post(f"/staff/tiep-cong-dan/{visit.id}/dang-ky-ho-so", data={"csrf_token": csrf_token(page)})
    assert bad.status_code == 422 and 'id="kind-error"' in bad.get_data(as_text=True)
    ok = client.post(f"/staff/tiep-cong-dan/{visit.id}/dang-ky-ho-so", data={
        "csrf_token": csrf_token(page), "kind": "petition", "subject": "Kiến nghị về cân", "consent": "y"})
    assert ok.status_code == 303
    assert only_visit().case.kind is CaseKind.PETITION and only_visit().outcome.value == "registered"
    again = client.post(f"/staff/tiep-cong-dan/{visit.id}/dang-ky-ho-so", data={
        "csrf_token": csrf_token(page), "kind": "petition", "subject": "Lần hai", "consent": "y"})
    assert again.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 1


def test_attaching_a_repeat_visit_counts_as_repeat_in_both(client, login):
    login(Role.RECEPTION)
    record(client, outcome="registered", kind="feedback", subject="Cân thiếu", consent="y")
    case = only_visit().case
    assert not case.is_repeat
    assert record(client, outcome="attached", case_code=case.tracking_code.lower()).status_code == 303
    db.session.expire_all()
    second = db.session.scalars(sa.select(Visit).order_by(Visit.id.desc())).first()
    assert second.case_id == case.id and second.is_repeat and db.session.get(Case, case.id).is_repeat
    assert "visit_attached" in [e.action for e in db.session.get(Case, case.id).events]


def test_a_closed_case_cannot_take_a_visit(client, login):
    login(Role.RECEPTION)
    record(client, outcome="registered", kind="feedback", subject="Cân thiếu", consent="y")
    case = only_visit().case
    case.status = CaseStatus.GUIDED
    db.session.commit()
    response = record(client, outcome="attached", case_code=case.tracking_code)
    assert response.status_code == 422 and "đã kết thúc" in response.get_data(as_text=True)


def test_an_edit_the_same_day_is_audited_with_previous_and_new_values(client, login, clock):
    login(Role.RECEPTION)
    record(client)
    visit = only_visit()
    page = client.get(f"/staff/tiep-cong-dan/{visit.id}/sua")
    assert page.status_code == 200 and "Nguyễn Thị Lan" in page.get_data(as_text=True)
    data = desk_data(client, content="Phản ánh cân thiếu (đã sửa).", version=str(visit.version),
                     visited_at="25/11/2026 09:00")
    data["csrf_token"] = csrf_token(page)
    response = client.post(f"/staff/tiep-cong-dan/{visit.id}/sua", data=data)
    assert response.status_code == 303
    visit = only_visit()
    edited = [e for e in visit.events if e.action == "edited"][0]
    assert edited.data["content"][1] == "Phản ánh cân thiếu (đã sửa)."
    assert edited.data["content"][0].startswith("Phản ánh cân điện tử")


def test_after_the_day_a_visit_is_corrected_not_edited(client, login, clock):
    login(Role.RECEPTION)
    record(client)
    visit = only_visit()
    clock.advance(days=1)
    page = client.get(f"/staff/tiep-cong-dan/{visit.id}")
    assert "/sua" not in page.get_data(as_text=True)
    data = desk_data(client, version=str(visit.version))
    response = client.post(f"/staff/tiep-cong-dan/{visit.id}/sua", data=data)
    assert response.status_code == 422 and "ghi đính chính" in response.get_data(as_text=True)
    empty = client.post(f"/staff/tiep-cong-dan/{visit.id}/dinh-chinh", data={"csrf_token": csrf_token(page)})
    assert empty.status_code == 422
    ok = client.post(f"/staff/tiep-cong-dan/{visit.id}/dinh-chinh", data={
        "csrf_token": csrf_token(page), "note": "Số điện thoại đúng là 0912 345 679."})
    assert ok.status_code == 303
    visit = only_visit()
    assert visit.visitors[0].phone == "+84912345678"
    assert [e.action for e in visit.events] == ["recorded", "corrected"]
    with pytest.raises(RuntimeError):
        db.session.delete(visit.events[0])
        db.session.flush()
    db.session.rollback()


def test_a_stale_edit_is_refused(client, login):
    login(Role.RECEPTION)
    record(client)
    visit = only_visit()
    for version in (str(visit.version + 5), "abc", ""):
        data = desk_data(client, version=version)
        response = client.post(f"/staff/tiep-cong-dan/{visit.id}/sua", data=data)
        assert response.status_code == 422 and "tải lại trang" in response.get_data(as_text=True)


@pytest.mark.parametrize("role, log, desk", [
    (Role.RECEPTION, 200, 200), (Role.UNIT_HEAD, 200, 404), (Role.SUPERVISOR, 200, 404),
    (Role.HANDLER, 404, 404), (Role.ADMIN, 404, 404),
])
def test_who_reaches_the_desk_and_the_log(client, login, make_user, role, log, desk):
    login(role)
    assert client.get("/staff/tiep-cong-dan/").status_code == log
    assert client.get("/staff/tiep-cong-dan/moi").status_code == desk
    assert client.get("/staff/tiep-cong-dan/nguoi-da-den?cccd=001088012345").status_code == desk
    assert client.get("/staff/tiep-cong-dan/so.xlsx").status_code == (200 if log == 200 else 404)


def test_visits_are_read_by_oversight_and_not_by_handlers(client, login, make_user):
    officer = login(Role.RECEPTION)
    record(client)
    visit_id = only_visit().id
    for role, status in ((Role.UNIT_HEAD, 200), (Role.SUPERVISOR, 200), (Role.HANDLER, 404), (Role.ADMIN, 404)):
        client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
        login(role)
        assert client.get(f"/staff/tiep-cong-dan/{visit_id}").status_code == status
        assert client.get(f"/staff/tiep-cong-dan/{visit_id}/sua").status_code == 404
    assert officer


def test_a_protected_visitor_is_a_pseudonym_to_those_not_entitled(client, login, make_user):
    login(Role.RECEPTION)
    record(client, is_protected="y", content="Tố cáo cán bộ nhận tiền khi kiểm tra.")
    visit_id = only_visit().id
    mine = client.get(f"/staff/tiep-cong-dan/{visit_id}").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in mine  # the officer who received them
    for role in (Role.RECEPTION, Role.UNIT_HEAD):
        client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
        login(role)
        for path in (f"/staff/tiep-cong-dan/{visit_id}", "/staff/tiep-cong-dan/", "/staff/tiep-cong-dan/in",
                     "/staff/tiep-cong-dan/so.csv", f"/staff/tiep-cong-dan/{visit_id}/bien-nhan"):
            body = client.get(path).get_data(as_text=True)
            assert "Nguyễn Thị Lan" not in body and VISITOR["citizen_id_0"] not in body, (role, path)
            assert "Người tố cáo #" in body, (role, path)
        assert client.get(f"/staff/tiep-cong-dan/{visit_id}/sua").status_code == 404
        if role is Role.RECEPTION:
            hint = client.get("/staff/tiep-cong-dan/nguoi-da-den?cccd=001088012345").get_json()
            assert hint["visits"] == [] and hint["protected"] == 1
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    login(Role.SUPERVISOR)
    assert "Nguyễn Thị Lan" in client.get(f"/staff/tiep-cong-dan/{visit_id}").get_data(as_text=True)


def test_the_desk_shows_earlier_visits_and_open_cases_of_a_returning_visitor(client, login):
    login(Role.RECEPTION)
    record(client, outcome="registered", kind="feedback", subject="Cân thiếu", consent="y")
    case = only_visit().case
    hint = client.get("/staff/tiep-cong-dan/nguoi-da-den?cccd=001088012345").get_json()
    assert len(hint["visits"]) == 1 and hint["visits"][0]["name"] == "Nguyễn Thị Lan"
    assert [c["tracking_code"] for c in hint["cases"]] == [case.tracking_code]
    by_phone = client.get("/staff/tiep-cong-dan/nguoi-da-den?phone=0912 345 678").get_json()
    assert len(by_phone["visits"]) == 1
    nobody = client.get("/staff/tiep-cong-dan/nguoi-da-den?cccd=12&name=ab").get_json()
    assert nobody == {"visits": [], "cases": [], "protected": 0, "protected_message": ""}
    # Without JavaScript: a refused submit lists them beside the form.
    html = record(client, content="").get_data(as_text=True)
    assert 'id="earlier-visits"' in html and case.tracking_code in html


def test_a_repeat_search_never_names_a_denouncer_of_a_case(client, login):
    login(Role.RECEPTION)
    record(client, outcome="registered", kind="denunciation", subject="Tố cáo sai phạm", consent="y")
    assert only_visit().is_protected
    client.post("/staff/logout", data={"csrf_token": csrf_token(client.get("/staff/"))})
    login(Role.RECEPTION)
    hint = client.get("/staff/tiep-cong-dan/nguoi-da-den?cccd=001088012345").get_json()
    assert hint["visits"] == [] and hint["cases"] == [] and hint["protected"] == 2
    assert "Nguyễn" not in str(hint)


def test_a_visit_by_the_head_links_to_its_published_session(client, login, app):
    from datetime import datetime, timezone

    from petition_app.models import ReceptionSession

    session = ReceptionSession(starts_at=datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc),
                               ends_at=datetime(2026, 11, 25, 4, 0, tzinfo=timezone.utc),
                               place="Phòng tiếp công dân", host="Ông Lê Văn Giám, Giám đốc Sở")
    db.session.add(session)
    db.session.commit()
    login(Role.RECEPTION)
    assert record(client, reception_kind="head_periodic", session_id=str(session.id)).status_code == 303
    visit = only_visit()
    assert visit.session_id == session.id
    assert "Ông Lê Văn Giám" in client.get(f"/staff/tiep-cong-dan/{visit.id}").get_data(as_text=True)


def test_visit_events_are_append_only(client, login):
    login(Role.RECEPTION)
    record(client)
    event = db.session.scalar(sa.select(VisitEvent))
    event.note = "changed"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
