"""Staff sign-in, the newest cases, the case page, attachments, and staff intake."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Channel, Role
from petition_app.extensions import db
from petition_app.models import Case, User
from tests import files
from tests.conftest import TEST_PASSWORD, csrf_token, hidden_value
from tests.web.intake_helpers import VALID, counts, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


@pytest.mark.parametrize("path", ["/staff/", "/staff/cases/1", "/staff/cases/new",
                                  "/staff/cases/1/attachments/1", "/admin/"])
def test_unsigned_users_never_reach_staff_pages(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_sign_in_and_out(client, make_user):
    user = make_user(Role.HANDLER)
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username.upper(),
                                                  "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    token = csrf_token(client.get("/staff/"))
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/staff/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/staff/login"))
    for username in (user.username, "khong-co"):
        response = client.post("/staff/login", data={"csrf_token": token, "username": username,
                                                      "password": "sai-mat-khau"})
        assert response.status_code == 422
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)


def test_disabled_account_cannot_sign_in(client, make_user):
    user = make_user()
    user.is_active_account = False
    db.session.commit()
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                  "password": TEST_PASSWORD})
    assert response.status_code == 422


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/staff/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                  "password": TEST_PASSWORD})
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_parameter_cannot_send_the_user_off_site(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login?next=//evil.example.com/staff/", data={
        "csrf_token": token, "username": user.username, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/staff/"


def _file(client, app, sample="feedback", **extra):
    public = app.test_client()
    submit(public, {**VALID[sample], **extra})
    return db.session.scalars(sa.select(Case).order_by(Case.id.desc())).first()


def test_home_lists_the_newest_cases_of_the_users_unit(client, app, login, make_unit):
    mine = _file(client, app, subject="Phản ánh của đơn vị tôi")
    make_unit("CCTDC", "Chi cục TĐC")
    other = _file(client, app, subject="Phản ánh của đơn vị khác")
    other.unit_id = make_unit("CCTDC").id
    db.session.commit()
    login(Role.HANDLER, "VP")
    body = client.get("/staff/").get_data(as_text=True)
    assert mine.tracking_code in body
    assert other.tracking_code not in body


def test_supervisor_sees_every_unit(client, app, login, make_unit):
    case = _file(client, app)
    make_unit("BGD", "Ban Giám đốc")
    login(Role.SUPERVISOR, "BGD")
    assert case.tracking_code in client.get("/staff/").get_data(as_text=True)
    assert client.get(f"/staff/cases/{case.id}").status_code == 200


def test_case_of_another_unit_is_a_404(client, app, login, make_unit):
    case = _file(client, app)
    make_unit("CCTDC", "Chi cục TĐC")
    login(Role.HANDLER, "CCTDC")
    response = client.get(f"/staff/cases/{case.id}")
    assert response.status_code == 404
    assert case.subject not in response.get_data(as_text=True)


def test_attachment_download_is_forced_and_never_sniffed(client, app, login):
    public = app.test_client()
    submit(public, VALID["feedback"], files=[files.upload(files.PDF, "Đơn của tôi.pdf")])
    case = db.session.scalar(sa.select(Case))
    login(Role.HANDLER, "VP")
    attachment = case.attachments[0]
    response = client.get(f"/staff/cases/{case.id}/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.data == files.PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"


def test_attachment_of_an_unseen_case_is_a_404(client, app, login, make_unit):
    public = app.test_client()
    submit(public, VALID["feedback"], files=[files.upload(files.PDF, "a.pdf")])
    case = db.session.scalar(sa.select(Case))
    make_unit("TTRA", "Thanh tra")
    login(Role.HANDLER, "TTRA")
    assert client.get(f"/staff/cases/{case.id}/attachments/{case.attachments[0].id}").status_code == 404


def test_denouncer_identity_is_hidden_from_handlers(client, app, login):
    case = _file(client, app, "denunciation")
    login(Role.HANDLER, "VP")
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert "Danh tính người tố cáo được giữ bí mật" in body
    for secret in (case.petitioner.full_name, case.petitioner.citizen_id, case.petitioner.phone):
        assert secret not in body


def _staff_form(client):
    page = client.get("/staff/cases/new")
    return {"csrf_token": csrf_token(page), "submission_token": hidden_value(page, "submission_token"),
            "consent_means": "in_person_verbal"}


def test_reception_registers_a_postal_case_with_a_backdated_receipt(client, login):
    user = login(Role.RECEPTION, "VP")
    data = {**_staff_form(client), **VALID["petition_org"], "channel": "post",
            "received_at": "2026-11-20T08:15"}
    response = client.post("/staff/cases/new", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    case = db.session.scalar(sa.select(Case))
    assert case.channel is Channel.POST
    assert case.created_by_id == user.id
    assert case.received_at.isoformat() == "2026-11-20T01:15:00+00:00"  # 08:15 in Vietnam
    # Ten working days skip the weekends and Tuesday 24/11, Vietnam Culture Day (a holiday from 2026).
    assert case.triage_due.isoformat() == "2026-12-07"
    assert case.events[0].actor_id == user.id


def test_staff_may_record_a_late_complaint_knowingly(client, login):
    login(Role.RECEPTION, "VP")
    late = {**VALID["complaint"], "learned_on": "2026-06-01", "channel": "in_person"}
    refused = client.post("/staff/cases/new", data={**_staff_form(client), **late})
    assert refused.status_code == 422 and "quá thời hiệu" in refused.get_data(as_text=True)
    accepted = client.post("/staff/cases/new", data={**_staff_form(client), **late, "late_reason": "illness"})
    assert accepted.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert case.filed_late is True
    assert case.events[0].data["filed_late"] is True


def test_receipt_date_in_the_future_is_refused(client, login):
    login(Role.RECEPTION, "VP")
    data = {**_staff_form(client), **VALID["feedback"], "channel": "post", "received_at": "2027-01-01T08:00"}
    response = client.post("/staff/cases/new", data=data)
    assert response.status_code == 422
    assert "tương lai" in response.get_data(as_text=True)
    assert counts()["cases"] == 0


def test_flask_users_create(runner, make_unit):
    make_unit("CCTDC", "Chi cục")
    result = runner.invoke(args=["users", "create", "nguyen.a", "--role", "handler", "--unit", "CCTDC",
                                 "--name", "Nguyễn A", "--password", "mot-mat-khau-dai"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.username == "nguyen.a"))
    assert user.role is Role.HANDLER and user.unit.code == "CCTDC"
    assert user.password_hash != "mot-mat-khau-dai" and user.check_password("mot-mat-khau-dai")


@pytest.mark.parametrize("args,message", [
    (["--role", "handler", "--unit", "XX", "--password", "mot-mat-khau-dai"], "không có đơn vị"),
    (["--role", "handler", "--unit", "VP", "--password", "ngan"], "ít nhất 12"),
    (["--role", "boss", "--unit", "VP", "--password", "mot-mat-khau-dai"], "Invalid value"),
])
def test_flask_users_create_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=["users", "create", "someone", "--name", "X", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_admin_pages_are_hidden_from_other_roles(client, login):
    login(Role.SUPERVISOR, "VP")
    assert client.get("/admin/").status_code == 404


def test_admin_sees_units_and_users(client, login):
    user = login(Role.ADMIN, "VP")
    body = client.get("/admin/").get_data(as_text=True)
    assert user.username in body and "Văn phòng Sở" in body
    assert re.search(r"<td>VP</td>", body)
