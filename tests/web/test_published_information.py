"""Information published proactively (Luật Tiếp cận thông tin 2016, Điều 17, 19): admins add,
change and remove entries with an audit trail; the public list and its files."""
import io
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, PublishedInformation
from petition_app.services.attachments import path_of
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post(client, path="/admin/cong-khai", **fields):
    data = {"csrf_token": csrf_token(client.get("/admin/cong-khai")), "title": "Kế hoạch khoa học 2027",
            "field": "science_management", "published_on": "20/11/2026", "link": ""}
    data.update(fields)
    return client.post(path, data=data, content_type="multipart/form-data")


def error_of(body, name):
    match = re.search(rf'id="{name}-error">\s*<span>([^<]+)</span>', body)
    return match.group(1) if match else None


def entries():
    return db.session.scalars(sa.select(PublishedInformation)).all()


def events():
    return [e.action for e in db.session.scalars(sa.select(AdminEvent).order_by(AdminEvent.id))]


@pytest.fixture
def admin(client, login):
    return login(Role.ADMIN, "VP")


def test_an_entry_with_a_link_is_listed_publicly_and_audited(client, admin):
    response = post(client, link="https://sokhcn.example.gov.vn/ke-hoach-2027")
    assert response.status_code == 303
    [entry] = entries()
    assert events() == ["published_information.created"]
    assert "Đăng thông tin công khai" in client.get("/admin/").get_data(as_text=True)
    body = client.get("/thong-tin-cong-khai").get_data(as_text=True)
    link = '<a href="https://sokhcn.example.gov.vn/ke-hoach-2027" rel="noopener noreferrer">Kế hoạch khoa học 2027</a>'
    assert link in body
    assert "Quản lý khoa học và công nghệ" in body and "công khai ngày 20/11/2026" in body
    assert "Kế hoạch khoa học 2027" in client.get("/thong-tin-cong-khai?linh-vuc=science_management").get_data(
        as_text=True)
    assert "Kế hoạch khoa học 2027" not in client.get("/thong-tin-cong-khai?linh-vuc=inspection").get_data(
        as_text=True)
    assert client.get("/thong-tin-cong-khai?linh-vuc=khong-co").status_code == 200


def test_an_uploaded_file_is_served_by_its_content_type(client, admin):
    response = post(client, document=(io.BytesIO(PDF), "ke-hoach.pdf"))
    assert response.status_code == 303
    [entry] = entries()
    download = client.get(f"/thong-tin-cong-khai/{entry.id}/tep")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("fields, name, message", [
    ({"title": ""}, "title", "Vui lòng ghi tiêu đề."),
    ({"field": ""}, "field", "Vui lòng chọn lĩnh vực."),
    ({"field": "weather"}, "field", "Lựa chọn không hợp lệ."),
    ({"published_on": "30/02/2026", "link": "https://a.gov.vn/x"}, "published_on",
     "Ngày không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm."),
    ({"published_on": "26/11/2026", "link": "https://a.gov.vn/x"}, "published_on",
     "Ngày công khai không thể sau hôm nay."),
    ({}, "link", "Ghi địa chỉ trang đã đăng, hoặc tải lên tệp văn bản."),
    ({"link": "javascript:alert(1)"}, "link", None),
    ({"link": "ftp://a.gov.vn/x"}, "link", None),
    ({"document": (io.BytesIO(b"MZ\x90\x00 not a document"), "ke-hoach.pdf")}, "document", None),
    ({"document": (io.BytesIO(b""), "rong.pdf")}, "document", None),
])
def test_bad_input_is_shown_by_its_field_with_the_input_kept(client, admin, fields, name, message):
    response = post(client, **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    shown = error_of(body, name)
    assert shown is not None
    if message:
        assert shown == message
    if fields.get("title", "x"):
        assert 'value="Kế hoạch khoa học 2027"' in body
    assert entries() == [] and events() == []


def test_changing_an_entry_replaces_its_file_and_keeps_the_before_in_the_audit(client, admin):
    post(client, document=(io.BytesIO(PDF), "cu.pdf"))
    [entry] = entries()
    old_file = entry.storage_name
    response = post(client, f"/admin/cong-khai/{entry.id}", title="Kế hoạch (sửa)",
                    link="https://sokhcn.example.gov.vn/moi", remove_file="y")
    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.title == "Kế hoạch (sửa)" and entry.storage_name is None and entry.link.endswith("/moi")
    assert not path_of(old_file).exists()
    event = db.session.scalar(sa.select(AdminEvent).where(AdminEvent.action == "published_information.updated"))
    assert event.data["before"]["title"] == "Kế hoạch khoa học 2027" and event.data["before"]["file"] == "cu.pdf"
    assert client.get(f"/thong-tin-cong-khai/{entry.id}/tep").status_code == 404


def test_removing_the_only_file_without_a_link_is_refused(client, admin):
    post(client, document=(io.BytesIO(PDF), "cu.pdf"))
    [entry] = entries()
    response = post(client, f"/admin/cong-khai/{entry.id}", remove_file="y")
    assert response.status_code == 422
    assert error_of(response.get_data(as_text=True), "link")
    db.session.refresh(entry)
    assert entry.storage_name is not None and path_of(entry.storage_name).exists()


def test_deleting_an_entry_is_audited_and_removes_it_publicly(client, admin):
    post(client, link="https://a.gov.vn/x")
    [entry] = entries()
    token = csrf_token(client.get("/admin/cong-khai"))
    assert client.post(f"/admin/cong-khai/{entry.id}/xoa", data={"csrf_token": token}).status_code == 303
    assert entries() == []
    assert events() == ["published_information.created", "published_information.deleted"]
    assert "Kế hoạch khoa học 2027" not in client.get("/thong-tin-cong-khai").get_data(as_text=True)
    assert client.post(f"/admin/cong-khai/{entry.id}/xoa", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/admin/cong-khai/{entry.id}").status_code == 404


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.HANDLER, Role.RECEPTION])
def test_only_admins_reach_the_admin_pages(client, login, role):
    login(role, "VP")
    assert client.get("/admin/cong-khai").status_code == 404
    assert client.post("/admin/cong-khai", data={"title": "x"}).status_code in (400, 404)
    assert entries() == []


def test_without_csrf_nothing_is_saved(client, admin):
    response = client.post("/admin/cong-khai", data={"title": "x", "field": "other", "published_on": "20/11/2026",
                                                      "link": "https://a.gov.vn/x"})
    assert response.status_code in (400, 422)
    assert entries() == []
