"""A user's own account: changing one's password (other sessions end), the sign-in history,
and the idle timeout of staff sessions on the injected clock."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import AdminEvent, SignInRecord, User
from petition_app.services.sign_in import HISTORY_KEPT, truncated_address
from tests.conftest import TEST_PASSWORD, csrf_token

NEW_PASSWORD = "Ca-phe-sua-da-2026"


@pytest.fixture(autouse=True)
def unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _device(app, user, password=TEST_PASSWORD, address="203.0.113.45"):
    device = app.test_client()
    device.environ_base["REMOTE_ADDR"] = address  # "strong" session protection ties the session to it
    token = csrf_token(device.get("/staff/login"))
    response = device.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                  "password": password})
    return device, response


def _change(client, current=TEST_PASSWORD, new=NEW_PASSWORD, confirm=None):
    token = csrf_token(client.get("/staff/tai-khoan/mat-khau"))
    return client.post("/staff/tai-khoan/mat-khau", data={
        "csrf_token": token, "current_password": current, "new_password": new,
        "confirm": new if confirm is None else confirm})


def _signed_out(client):
    response = client.get("/staff/")
    return response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_changing_ones_password_ends_other_sessions_and_keeps_this_one(app, client, login):
    user = login(Role.HANDLER)
    other, _ = _device(app, user)
    assert other.get("/staff/").status_code == 200
    response = _change(client)
    assert response.status_code == 303
    assert _signed_out(other)
    assert client.get("/staff/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
    [event] = db.session.scalars(sa.select(AdminEvent).where(AdminEvent.action == "user.password_changed")).all()
    assert event.actor_id == user.id and NEW_PASSWORD not in str(event.data)


@pytest.mark.parametrize(("current", "new", "confirm", "field", "message"), [
    ("sai-mat-khau-roi", NEW_PASSWORD, None, "current_password", "Mật khẩu hiện tại không đúng."),
    (TEST_PASSWORD, "ngắn quá", None, "new_password", "Mật khẩu cần ít nhất 12 ký tự."),
    (TEST_PASSWORD, "matkhau@123456", None, "new_password", "quá phổ biến"),
    (TEST_PASSWORD, NEW_PASSWORD, "Ca-phe-sua-da-2027", "confirm", "Hai lần nhập mật khẩu mới không khớp."),
    (TEST_PASSWORD, TEST_PASSWORD, None, "new_password", "Mật khẩu mới phải khác mật khẩu hiện tại."),
    ("", NEW_PASSWORD, None, "current_password", "Vui lòng nhập mật khẩu hiện tại."),
    (TEST_PASSWORD, "", "", "new_password", "Vui lòng nhập mật khẩu mới."),
])
def test_a_bad_password_change_is_refused_next_to_the_field(app, client, login, current, new, confirm, field,
                                                             message):
    user = login(Role.HANDLER)
    other, _ = _device(app, user)
    response = _change(client, current, new, confirm)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)
    assert other.get("/staff/").status_code == 200


def test_a_reset_password_leads_only_to_the_change_page_until_changed(app, login, make_user):
    user = make_user(Role.HANDLER)
    user.must_change_password = True
    db.session.commit()
    device, response = _device(app, user)
    for path in ("/staff/", "/staff/tai-khoan", "/staff/cases/new"):
        answer = device.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/staff/tai-khoan/mat-khau")
    assert device.get("/staff/tai-khoan/mat-khau").status_code == 200
    assert _change(device).status_code == 303
    assert device.get("/staff/").status_code == 200
    db.session.expire_all()
    assert not db.session.get(User, user.id).must_change_password


def test_the_sign_in_history_shows_successes_and_failures_with_the_address_truncated(app, client, make_user):
    user = make_user(Role.HANDLER)
    _device(app, user, password="sai-mat-khau-roi", address="198.51.100.77")
    device, _ = _device(app, user, address="203.0.113.45")
    html = device.get("/staff/tai-khoan").get_data(as_text=True)
    assert "Thành công" in html and "Sai mật khẩu" in html
    assert "203.0.113.0/24" in html and "198.51.100.0/24" in html
    assert "203.0.113.45" not in html and "198.51.100.77" not in html
    rows = db.session.scalars(sa.select(SignInRecord).where(SignInRecord.user_id == user.id)
                              .order_by(SignInRecord.id)).all()
    assert [r.succeeded for r in rows] == [False, True]


def test_an_admin_sees_a_users_sign_in_history_and_others_do_not(app, client, login, make_user):
    user = make_user(Role.HANDLER)
    _device(app, user, address="203.0.113.45")
    login(Role.ADMIN)
    assert "203.0.113.0/24" in client.get(f"/admin/tai-khoan/{user.id}").get_data(as_text=True)
    colleague, _ = _device(app, make_user(Role.UNIT_HEAD), address="192.0.2.9")
    assert colleague.get(f"/admin/tai-khoan/{user.id}").status_code == 404
    assert "203.0.113.0/24" not in colleague.get("/staff/tai-khoan").get_data(as_text=True)


def test_the_sign_in_history_is_bounded(app, make_user):
    user = make_user(Role.HANDLER)
    for _ in range(HISTORY_KEPT + 3):
        _device(app, user, password="sai-mat-khau-roi")
        db.session.execute(sa.update(User).where(User.id == user.id).values(failed_sign_ins=0, locked_until=None))
        db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count()).where(SignInRecord.user_id == user.id))
    assert count == HISTORY_KEPT


@pytest.mark.parametrize(("address", "kept"), [
    ("203.0.113.45", "203.0.113.0/24"),
    ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48"),
    ("", None),
    ("not-an-address", None),
    (None, None),
])
def test_addresses_are_kept_truncated(address, kept):
    assert truncated_address(address) == kept


class TestIdleTimeout:
    @pytest.fixture(autouse=True)
    def real_default(self, app):
        from config import Config

        app.config["SESSION_IDLE_MINUTES"] = Config.SESSION_IDLE_MINUTES  # 30 minutes

    def test_a_staff_request_just_before_the_idle_limit_keeps_the_session(self, client, login, clock):
        login(Role.HANDLER)
        clock.advance(minutes=29, seconds=59)
        assert client.get("/staff/").status_code == 200
        clock.advance(minutes=29, seconds=59)  # each request starts the count again
        assert client.get("/staff/tai-khoan").status_code == 200

    def test_a_staff_request_after_the_idle_limit_is_sent_to_sign_in(self, client, login, clock):
        login(Role.HANDLER)
        clock.advance(minutes=30)
        response = client.get("/staff/tai-khoan")
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Phiên làm việc đã hết hạn do không hoạt động." in page
        assert _signed_out(client)  # the session was ended, not only this request refused

    def test_admin_pages_time_out_too(self, client, login, clock):
        login(Role.ADMIN)
        assert client.get("/admin/tai-khoan").status_code == 200
        clock.advance(minutes=31)
        response = client.get("/admin/tai-khoan")
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]

    def test_public_pages_are_unaffected_and_do_not_keep_a_session_alive(self, client, login, clock):
        login(Role.HANDLER)
        clock.advance(minutes=20)
        assert client.get("/tra-cuu").status_code == 200
        clock.advance(minutes=20)
        assert client.get("/tra-cuu").status_code == 200
        assert _signed_out(client)

    def test_the_limit_is_a_setting(self, app, client, login, clock):
        app.config["SESSION_IDLE_MINUTES"] = 5
        login(Role.HANDLER)
        clock.advance(minutes=4, seconds=59)
        assert client.get("/staff/").status_code == 200
        clock.advance(minutes=5)
        assert _signed_out(client)


def test_the_default_idle_limit_is_thirty_minutes():
    from config import Config

    assert Config.SESSION_IDLE_MINUTES == 30
