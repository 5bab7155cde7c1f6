"""A denouncer's identity (Luật Tố cáo 2018, Điều 47) over every surface that can show a petitioner,
for every role: it appears only after an audited reveal by someone entitled to it.

The denouncer filed an ordinary feedback before, under the same CCCD, so duplicate matching,
reclassifying and splitting all have a way to give the identity away.
"""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseKind, Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent, OutboxMessage, User
from petition_app.services.digest import send_digests
from petition_app.services.sweep import sweep_deadlines
from petition_app.services.triage import Part, split_off
from petition_app.services.workflow import ActionInput, take_action
from tests.conftest import csrf_token, sign_in_with
from tests.web.intake_helpers import submit

PERSON = {"petitioner_type": "individual", "full_name": "Đỗ Thị Hạnh", "citizen_id": "001190054321",
          "phone": "0903 111 222", "email": "hanh.do@example.com", "address": "7 Trần Phú, Hà Đông",
          "consent": "y"}
SECRETS = ("Đỗ Thị Hạnh", "001190054321", "0903 111 222", "0903111222", "+84903111222", "hanh.do@example.com",
           "7 Trần Phú")
FEEDBACK = {**PERSON, "kind": "feedback", "subject": "Đèn chiếu sáng công viên hỏng",
            "content": "Hệ thống đèn công viên Thống Nhất hỏng nhiều tháng.", "location": "Công viên Thống Nhất"}
DENUNCIATION = {**PERSON, "kind": "denunciation", "subject": "Tố cáo cán bộ thẩm định",
                "content": "Cán bộ Y đòi tiền khi thẩm định hồ sơ chuyển giao công nghệ.",
                "accused": "Cán bộ Y, phòng Quản lý công nghệ"}

ROLES = [(Role.RECEPTION, "VP"), (Role.HANDLER, "VP"), (Role.UNIT_HEAD, "VP"), (Role.SUPERVISOR, "VP"),
         (Role.ADMIN, "VP"), (Role.HANDLER, "A"), (Role.UNIT_HEAD, "A")]
ENTITLED = {(Role.SUPERVISOR, "VP"), (Role.UNIT_HEAD, "VP")}  # leadership; the head of the handling unit


def leaks(text):
    return [s for s in SECRETS if s in text]


@pytest.fixture
def filed(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("A", "Phòng A")
    citizen = app.test_client()
    assert submit(citizen, FEEDBACK).status_code == 303
    assert submit(citizen, DENUNCIATION).status_code == 303
    feedback = db.session.scalar(sa.select(Case).where(Case.kind == CaseKind.FEEDBACK))
    denunciation = db.session.scalar(sa.select(Case).where(Case.kind == CaseKind.DENUNCIATION))
    return feedback, denunciation


def _client(app, make_user, role, unit):
    """A signed-in client; everyone has a second factor, which revealing an identity needs."""
    client = app.test_client()
    user = make_user(role, unit, second_factor=True)
    sign_in_with(client, user)
    return client, user


def _surfaces(client, feedback, case, children=()):
    """Every staff page that can show the petitioner of ``case``: (name, body)."""
    pages = [("case page", f"/staff/cases/{case.id}"), ("feedback page", f"/staff/cases/{feedback.id}"),
             *[(f"{view} queue", f"/staff/?view={view}") for view in ("new", "unit", "all", "mine", "overdue")],
             ("search by subject", "/staff/?view=all&q=thẩm+định"), ("search by CCCD", "/staff/?q=001190054321"),
             *[("split part", f"/staff/cases/{c.id}") for c in children]]
    return [(name, client.get(path)) for name, path in pages]


@pytest.mark.parametrize(("role", "unit"), ROLES)
def test_no_surface_shows_the_denouncer_before_an_audited_reveal(app, make_user, filed, role, unit):
    feedback, case = filed
    client, user = _client(app, make_user, role, unit)
    for name, response in _surfaces(client, feedback, case):
        body = response.get_data(as_text=True)
        if name == "search by CCCD":  # the box shows what was typed; the results must not find the case
            assert case.tracking_code not in body, role
            continue
        if name == "feedback page":
            # The feedback is the person's own ordinary case; it must not point at the denunciation.
            assert case.tracking_code not in body and "Cùng người gửi" not in body
            continue
        assert leaks(body) == [], (role, name)
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    if page and "Không tìm thấy" not in page:
        assert feedback.tracking_code not in page, "the same-sender match names the earlier case"
        assert "Cùng người gửi" not in page
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.action == "reveal_identity")) == 0


@pytest.mark.parametrize(("role", "unit"), ROLES)
def test_only_the_entitled_reveal_and_then_see_the_same_sender_matches(app, make_user, filed, role, unit):
    feedback, case = filed
    client, user = _client(app, make_user, role, unit)
    page = client.get(f"/staff/cases/{case.id}")
    if page.status_code == 404:
        assert (role, unit) not in ENTITLED
        return
    assert "cùng danh tính người gửi" in page.get_data(as_text=True)  # a match exists, no more
    revealed = client.post(f"/staff/cases/{case.id}/danh-tinh", data={"csrf_token": csrf_token(page),
                                                                       "reason": "Xác minh người tố cáo"})
    if (role, unit) not in ENTITLED:
        assert revealed.status_code == 403
        assert leaks(revealed.get_data(as_text=True)) == []
        return
    body = revealed.get_data(as_text=True)
    assert revealed.status_code == 200 and "Đỗ Thị Hạnh" in body
    assert feedback.tracking_code in body and "Cùng người gửi" in body
    event = db.session.scalars(sa.select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert (event.action, event.actor_id, event.case_id) == ("reveal_identity", user.id, case.id)


def test_reclassifying_a_denunciation_keeps_the_denouncer_protected(app, make_user, filed, clock):
    feedback, case = filed
    reception = make_user(Role.RECEPTION, "VP")
    take_action(case.id, Action.CLASSIFY, reception, version=case.version, now=clock(),
                given=ActionInput(kind=CaseKind.FEEDBACK))
    assert db.session.get(Case, case.id).kind is CaseKind.FEEDBACK
    for role in (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD, Role.ADMIN):
        client, _ = _client(app, make_user, role, "VP")
        body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
        assert leaks(body) == [] and "Người tố cáo #" in body, role


def test_a_feedback_classified_as_denunciation_becomes_protected_for_good(app, make_user, filed, clock):
    feedback, _ = filed
    reception = make_user(Role.RECEPTION, "VP")
    feedback = take_action(feedback.id, Action.CLASSIFY, reception, version=feedback.version, now=clock(),
                           given=ActionInput(kind=CaseKind.DENUNCIATION))
    take_action(feedback.id, Action.CLASSIFY, reception, version=feedback.version, now=clock(),
                given=ActionInput(kind=CaseKind.FEEDBACK))
    client, _ = _client(app, make_user, Role.HANDLER, "VP")
    assert leaks(client.get(f"/staff/cases/{feedback.id}").get_data(as_text=True)) == []


def test_a_part_split_off_a_denunciation_keeps_the_denouncer_protected(app, make_user, filed, clock):
    feedback, case = filed
    reception = make_user(Role.RECEPTION, "VP")
    unit_a = db.session.scalar(sa.text("select id from units where code = 'A'"))
    child = split_off(reception, case.id, Part(subject="Phản ánh về thủ tục", content="Phần phản ánh",
                                               unit_id=unit_a, kind=CaseKind.FEEDBACK),
                      version=case.version, now=clock())
    for role in (Role.HANDLER, Role.UNIT_HEAD, Role.RECEPTION):
        client, _ = _client(app, make_user, role, "A")
        for name, response in _surfaces(client, feedback, case, children=[child]):
            if name != "search by CCCD":  # the search box shows what was typed
                assert leaks(response.get_data(as_text=True)) == [], (role, name)
    head_a, _ = _client(app, make_user, Role.UNIT_HEAD, "A")
    page = head_a.get(f"/staff/cases/{child.id}")
    revealed = head_a.post(f"/staff/cases/{child.id}/danh-tinh", data={"csrf_token": csrf_token(page),
                                                                        "reason": "Xác minh người tố cáo"})
    assert revealed.status_code == 200 and "Đỗ Thị Hạnh" in revealed.get_data(as_text=True)


def test_staff_mail_never_carries_the_denouncer(app, make_user, filed, clock):
    """Reminders, escalations and digests go to staff: they name the case, never the denouncer."""
    feedback, case = filed
    head = make_user(Role.UNIT_HEAD, "VP")
    supervisor = make_user(Role.SUPERVISOR, "VP")
    for user in (head, supervisor):
        db.session.get(User, user.id).email = f"{user.username}@skhcn.example.gov.vn"
    db.session.commit()
    late = datetime(2027, 1, 20, 1, 0, tzinfo=timezone.utc)  # a Wednesday morning, well past triage
    sweep_deadlines(late)
    send_digests(late)
    staff_mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient != PERSON["email"])).all()
    assert staff_mail, "the overdue denunciation should have produced staff mail"
    for message in staff_mail:
        assert leaks(f"{message.subject}\n{message.body_text}") == [], message.subject
