"""Staff accounts in the admin pages: create, edit, deactivate, reset a password — each audited,
sessions ended where the rules say, the last active admin kept, bad input answered next to the field."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, User
from tests.conftest import TEST_PASSWORD, csrf_token

NEW_PASSWORD = "Ca-phe-sua-da-2026"


@pytest.fixture
def admin(login, make_unit):
    make_unit("VP", "Văn phòng Sở")
    return login(Role.ADMIN)


def _events(action):
    return list(db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == action)
                                   .order_by(AdminEvent.id)))


def _fresh(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


def _other_device(app, user, password=TEST_PASSWORD):
    other = app.test_client()
    token = csrf_token(other.get("/staff/login"))
    response = other.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                 "password": password})
    assert response.status_code == 302
    return other


def _signed_out(client):
    response = client.get("/staff/")
    return response.status_code == 302 and "/staff/login" in response.headers["Location"]


def _create(client, **fields):
    unit = db.session.scalar(sa.select(User.unit_id).limit(1))
    data = {"username": "nguyen.van.a", "full_name": "Nguyễn Văn A", "email": "", "role": "handler",
            "unit_id": str(unit), "password": ""}
    data.update(fields)
    data["csrf_token"] = csrf_token(client.get("/admin/tai-khoan/moi"))
    return client.post("/admin/tai-khoan/moi", data=data)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admins_reach_the_account_pages(client, login, make_user, role):
    other = make_user(Role.HANDLER)
    login(role)
    for path in ("/admin/tai-khoan", "/admin/tai-khoan/moi", f"/admin/tai-khoan/{other.id}"):
        assert client.get(path).status_code == 404
    token = csrf_token(client.get("/staff/"))
    assert client.post(f"/admin/tai-khoan/{other.id}/trang-thai",
                       data={"csrf_token": token, "active": "0"}).status_code == 404
    assert client.post(f"/admin/tai-khoan/{other.id}/mat-khau", data={"csrf_token": token}).status_code == 404
    assert _fresh(other).is_active_account


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/tai-khoan")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_an_admin_creates_an_account_whose_password_is_shown_once_and_must_be_changed(app, client, admin):
    response = _create(client)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    user = db.session.scalar(sa.select(User).where(User.username == "nguyen.van.a"))
    assert user.role is Role.HANDLER and user.must_change_password and user.check_password(password)
    [event] = _events("user.created")
    assert event.actor_id == admin.id and event.data["username"] == "nguyen.van.a"
    assert password not in str(event.data)
    assert password not in client.get(f"/admin/tai-khoan/{user.id}").get_data(as_text=True)

    newcomer = _other_device(app, user, password)
    response = newcomer.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/tai-khoan/mat-khau")
    assert newcomer.get("/admin/").status_code == 302


def test_an_admin_may_type_the_first_password_if_it_passes_the_policy(client, admin):
    response = _create(client, password=NEW_PASSWORD)
    assert response.status_code == 201 and NEW_PASSWORD in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.username == "nguyen.van.a"))
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"username": ""}, "username", "Vui lòng nhập tên đăng nhập."),
    ({"username": "nguyễn văn a"}, "username", "Tên đăng nhập chỉ gồm chữ không dấu"),
    ({"username": "x" * 65}, "username", "Tối đa 64 ký tự."),
    ({"full_name": ""}, "full_name", "Vui lòng nhập họ và tên."),
    ({"email": "khong-phai-thu"}, "email", "Địa chỉ thư điện tử không hợp lệ."),
    ({"role": ""}, "role", "Vui lòng chọn vai trò."),
    ({"role": "emperor"}, "role", "Not a valid choice"),
    ({"unit_id": ""}, "unit_id", "Vui lòng chọn đơn vị."),
    ({"unit_id": "999999"}, "unit_id", None),
    ({"password": "123456789012"}, "password", "dãy liên tiếp"),
    ({"password": "ngắn"}, "password", "Mật khẩu cần ít nhất 12 ký tự."),
    ({"password": "nguyen.van.a-2026"}, "password", "không được chứa tên đăng nhập"),
])
def test_bad_input_is_refused_next_to_the_field_with_the_input_kept(client, admin, fields, field, message):
    response = _create(client, **{"full_name": "Trần Thị Bé", **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html
    if message:
        assert message in html or (message == "Not a valid choice" and "Lựa chọn không hợp lệ" in html)
    if "full_name" not in fields:
        assert 'value="Trần Thị Bé"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert _events("user.created") == []


def test_a_taken_username_is_refused(client, admin, make_user):
    make_user(Role.HANDLER, username="nguyen.van.a")
    response = _create(client)
    assert response.status_code == 422 and "Tên đăng nhập này đã có." in response.get_data(as_text=True)


def _edit(client, user, **fields):
    data = {"full_name": user.full_name, "email": user.email or "", "role": user.role.value,
            "unit_id": str(user.unit_id)}
    data.update(fields)
    data["csrf_token"] = csrf_token(client.get(f"/admin/tai-khoan/{user.id}"))
    return client.post(f"/admin/tai-khoan/{user.id}", data=data)


def test_changing_the_role_ends_the_users_sessions_and_is_audited(app, client, admin, make_user):
    user = make_user(Role.HANDLER)
    device = _other_device(app, user)
    assert device.get("/staff/").status_code == 200
    assert _edit(client, user, role="unit_head").status_code == 303
    assert _fresh(user).role is Role.UNIT_HEAD
    assert _signed_out(device)
    [event] = _events("user.updated")
    assert event.actor_id == admin.id and event.data["role"] == ["handler", "unit_head"]


def test_changing_the_unit_is_audited_and_keeps_the_session(app, client, admin, make_user, make_unit):
    user = make_user(Role.HANDLER)
    other = make_unit("TTR", "Thanh tra Sở")
    device = _other_device(app, user)
    assert _edit(client, user, unit_id=str(other.id)).status_code == 303
    assert _fresh(user).unit_id == other.id
    assert device.get("/staff/").status_code == 200
    assert _events("user.updated")[0].data["unit"] == ["VP", "TTR"]


def test_saving_without_a_change_writes_nothing(client, admin, make_user):
    user = make_user(Role.HANDLER)
    assert _edit(client, user).status_code == 303
    assert _events("user.updated") == []


def test_deactivating_ends_the_sessions_and_keeps_the_account(app, client, admin, make_user):
    user = make_user(Role.HANDLER)
    device = _other_device(app, user)
    token = csrf_token(client.get(f"/admin/tai-khoan/{user.id}"))
    response = client.post(f"/admin/tai-khoan/{user.id}/trang-thai", data={"csrf_token": token, "active": "0"})
    assert response.status_code == 303
    assert not _fresh(user).is_active_account
    assert _signed_out(device)
    assert [e.data["username"] for e in _events("user.deactivated")] == [user.username]
    assert user.username in client.get("/admin/tai-khoan").get_data(as_text=True)
    token = csrf_token(client.get(f"/admin/tai-khoan/{user.id}"))
    client.post(f"/admin/tai-khoan/{user.id}/trang-thai", data={"csrf_token": token, "active": "1"})
    assert _fresh(user).is_active_account and len(_events("user.activated")) == 1


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(client, admin):
    token = csrf_token(client.get(f"/admin/tai-khoan/{admin.id}"))
    response = client.post(f"/admin/tai-khoan/{admin.id}/trang-thai", data={"csrf_token": token, "active": "0"},
                           follow_redirects=True)
    assert "Đây là quản trị viên cuối cùng đang hoạt động: không thể khóa." in response.get_data(as_text=True)
    assert _fresh(admin).is_active_account
    response = _edit(client, admin, role="handler")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="role-error"' in html and "không thể đổi sang vai trò khác" in html
    assert _fresh(admin).role is Role.ADMIN
    assert _events("user.deactivated") == [] and _events("user.updated") == []


def test_an_admin_may_be_demoted_while_another_stays(client, admin, make_user):
    other = make_user(Role.ADMIN)
    assert _edit(client, other, role="supervisor").status_code == 303
    assert _fresh(other).role is Role.SUPERVISOR
    response = _edit(client, admin, role="supervisor")
    assert response.status_code == 422  # now the last one


def test_a_deactivated_admin_does_not_count_as_the_other_admin(client, admin, make_user):
    other = make_user(Role.ADMIN)
    other.is_active_account = False
    db.session.commit()
    assert _edit(client, admin, role="handler").status_code == 422


def test_resetting_a_password_shows_it_once_ends_sessions_and_forces_a_change(app, client, admin, make_user):
    user = make_user(Role.HANDLER)
    device = _other_device(app, user)
    token = csrf_token(client.get(f"/admin/tai-khoan/{user.id}"))
    response = client.post(f"/admin/tai-khoan/{user.id}/mat-khau", data={"csrf_token": token, "password": ""})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    fresh = _fresh(user)
    assert fresh.check_password(password) and fresh.must_change_password
    assert _signed_out(device)
    assert [e.data for e in _events("user.password_set")] == [{"username": user.username}]


def test_a_typed_reset_password_must_pass_the_policy(client, admin, make_user):
    user = make_user(Role.HANDLER)
    token = csrf_token(client.get(f"/admin/tai-khoan/{user.id}"))
    response = client.post(f"/admin/tai-khoan/{user.id}/mat-khau",
                           data={"csrf_token": token, "password": "matkhau@123456"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="password-error"' in html and "quá phổ biến" in html
    assert _fresh(user).check_password(TEST_PASSWORD) and _events("user.password_set") == []


def test_forms_without_a_csrf_token_are_refused(client, admin, make_user):
    user = make_user(Role.HANDLER)
    assert client.post(f"/admin/tai-khoan/{user.id}/trang-thai", data={"active": "0"}).status_code == 400
    assert _fresh(user).is_active_account


def test_an_unknown_account_is_not_found(client, admin):
    assert client.get("/admin/tai-khoan/999999").status_code == 404
    assert client.get("/admin/tai-khoan/abc").status_code == 404
