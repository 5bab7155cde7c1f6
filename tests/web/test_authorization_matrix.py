"""Who may do what on a case, over HTTP: every role × relation to the case × act, from one table.

The world: a denunciation registered at the desk by a reception officer of the
Văn phòng (VP), accepted by leadership into unit A; A's head has invited unit B
to coordinate; unit C has nothing to do with it. A related case of unit C is
linked to it. Each person below stands in one relation to the case.
"""
import pytest
import sqlalchemy as sa

from petition_app.domain.access import Relation
from petition_app.domain.cases import CaseStatus, Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Attachment, Case, CaseEvent, CaseLink, User
from petition_app.services import access
from petition_app.services.triage import add_coordinating_unit
from petition_app.services.workflow import ActionInput, take_action
from tests.conftest import csrf_token, hidden_value, sign_in_with
from tests.files import PDF, upload
from tests.web.intake_helpers import VALID

SECRETS = ("Lê Văn Cường", "001090012345", "0987654321", "Hà Nội")

PEOPLE = {  # name: (role, unit, the relation it has to the case)
    "supervisor": (Role.SUPERVISOR, "VP", Relation.LEADERSHIP),
    "admin": (Role.ADMIN, "VP", Relation.ADMINISTRATION),
    "desk": (Role.RECEPTION, "VP", Relation.REGISTERING_DESK),
    "reception_a": (Role.RECEPTION, "A", Relation.HANDLING_UNIT),
    "handler_a": (Role.HANDLER, "A", Relation.HANDLING_UNIT),
    "head_a": (Role.UNIT_HEAD, "A", Relation.HANDLING_UNIT),
    "handler_b": (Role.HANDLER, "B", Relation.COORDINATING_UNIT),
    "head_b": (Role.UNIT_HEAD, "B", Relation.COORDINATING_UNIT),
    "reception_c": (Role.RECEPTION, "C", Relation.NONE),
    "handler_c": (Role.HANDLER, "C", Relation.NONE),
    "head_c": (Role.UNIT_HEAD, "C", Relation.NONE),
}

ACTS = ("page", "file", "reveal", "take_over", "start", "resolve", "input", "invite", "link_shown")
# The answer each person gets; 422 is the workflow table refusing the role, 403 the relation.
EXPECTED = {
    #               page file reveal take_over start resolve input invite link_shown
    "supervisor":  (200, 200, 200, 303, 303, 303, 403, 303, True),
    "admin":       (200, 200, 403, 422, 422, 422, 403, 403, True),
    "desk":        (200, 200, 403, 422, 422, 422, 403, 403, False),
    "reception_a": (200, 200, 403, 422, 422, 422, 403, 403, False),
    "handler_a":   (200, 200, 403, 422, 303, 303, 403, 403, False),
    "head_a":      (200, 200, 200, 303, 303, 303, 403, 303, False),
    "handler_b":   (200, 200, 403, 422, 403, 403, 303, 403, False),
    "head_b":      (200, 200, 403, 403, 403, 403, 303, 403, False),
    "reception_c": (404, 404, 404, 404, 404, 404, 404, 404, None),
    "handler_c":   (404, 404, 404, 404, 404, 404, 404, 404, None),
    "head_c":      (404, 404, 404, 404, 404, 404, 404, 404, None),
}


def unit_id(code):
    return db.session.scalar(sa.text("select id from units where code = :c"), {"c": code})


@pytest.fixture
def world(app, make_unit, make_user, clock):
    for code in ("VP", "A", "B", "C"):
        make_unit(code, f"Đơn vị {code}")
    # Everyone has a second factor: revealing an identity needs one, whatever the role.
    people = {name: make_user(role, unit, second_factor=True) for name, (role, unit, _) in PEOPLE.items()}
    desk = app.test_client()
    _sign_in(desk, people["desk"])
    page = desk.get("/staff/cases/new")
    filed = desk.post("/staff/cases/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page), "submission_token": hidden_value(page, "submission_token"),
        **VALID["denunciation"], "channel": "in_person", "consent_means": "signed_paper",
        "attachments": [upload(PDF, "chung-cu.pdf")]})
    assert filed.status_code == 303, filed.get_data(as_text=True)[:2000]
    case = db.session.scalar(sa.select(Case).where(Case.kind == "denunciation"))
    case = take_action(case.id, Action.ACCEPT, people["supervisor"], version=case.version, now=clock(),
                       given=ActionInput(unit_id=unit_id("A")))
    add_coordinating_unit(people["head_a"], case.id, unit_id("B"), now=clock())
    other = Case(tracking_code="LINK-CASE-OFCC-0001", kind=case.kind, channel=case.channel,
                 status=CaseStatus.RECEIVED, subject="Hồ sơ liên quan của đơn vị C", content="…",
                 unit_id=unit_id("C"), received_at=case.received_at, triage_due=case.triage_due)
    db.session.add(other)
    db.session.flush()
    db.session.add(CaseLink(case_id=case.id, other_case_id=other.id, relation="related", created_at=clock()))
    db.session.commit()
    return people, db.session.get(Case, case.id), other


def _sign_in(client, user):
    sign_in_with(client, user)


def _act(client, case, act, people):
    base = f"/staff/cases/{case.id}"
    if act == "page":
        return client.get(base).status_code
    if act == "file":
        attachment = db.session.scalar(sa.select(Attachment).where(Attachment.case_id == case.id))
        return client.get(f"{base}/attachments/{attachment.id}").status_code
    token = csrf_token(client.get("/staff/"))
    if act == "reveal":
        return client.post(f"{base}/danh-tinh", data={"csrf_token": token,
                                                       "reason": "Xác minh nội dung tố cáo"}).status_code
    if act == "input":
        return client.post(f"{base}/coordination", data={"csrf_token": token, "note": "Ý kiến"}).status_code
    if act == "invite":
        return client.post(f"{base}/coordination", data={"csrf_token": token,
                                                          "unit_id": str(unit_id("C"))}).status_code
    fields = {
        "take_over": ("assign", {"unit_id": str(unit_id("B"))}),
        "start": ("start", {}),
        "resolve": ("resolve", {"outcome": "untrue", "answer": "Trả lời", "public_summary": "Tóm tắt",
                                "decision_number": "12/KL-SKHCN", "decision_date": "20/11/2026"}),
    }
    action, given = fields[act]
    if act == "resolve":
        case = take_action(case.id, Action.START, people["supervisor"], version=case.version,
                           now=case.received_at, given=ActionInput())
    data = {"csrf_token": token, f"{action}-version": str(case.version)}
    data.update({f"{action}-{k}": v for k, v in given.items()})
    return client.post(f"{base}/actions/{action}", data=data).status_code


def test_the_table_gives_each_person_the_relation_the_world_says(world):
    people, case, _ = world
    for name, (_, _, relation) in PEOPLE.items():
        assert access.relation(people[name], case) is relation, name


def _events(case):
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case.id))


def _check(client, case, act, name, people):
    before = _events(case) + (act == "resolve")  # the case is started first, by leadership
    status = _act(client, case, act, people)
    expected = EXPECTED[name][ACTS.index(act)]
    assert status == expected, (name, act)
    if expected in (403, 404, 422):  # a refusal changes nothing
        assert _events(case) == before, (name, act)


@pytest.mark.parametrize("name", PEOPLE)
def test_every_person_reads_and_adds_what_the_table_gives(app, world, name):
    """The acts that leave the case with its unit and status, one after another."""
    people, case, _ = world
    client = app.test_client()
    _sign_in(client, people[name])
    for act in ("page", "file", "reveal", "input", "invite"):
        _check(client, case, act, name, people)


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("act", ["take_over", "start", "resolve"])
def test_every_person_works_the_case_as_the_table_gives(app, world, name, act):
    people, case, _ = world
    client = app.test_client()
    _sign_in(client, people[name])
    _check(client, case, act, name, people)


@pytest.mark.parametrize("name", PEOPLE)
def test_a_linked_case_shows_only_to_those_who_may_open_it(app, world, name):
    people, case, other = world
    client = app.test_client()
    _sign_in(client, people[name])
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    shown = EXPECTED[name][ACTS.index("link_shown")]
    if shown is None:
        assert other.tracking_code not in body
        return
    assert (other.tracking_code in body) is shown
    assert ("Hồ sơ liên quan của đơn vị C" in body) is False  # links show codes and statuses only
    if not shown:
        assert "1 hồ sơ liên kết thuộc đơn vị khác" in body


def test_a_coordinating_unit_cannot_take_the_case_over_and_reveal_the_denouncer(app, world):
    """The probe's finding: B's head assigned the case to B, A lost it, and B's head saw the identity."""
    people, case, _ = world
    head_b, head_a = app.test_client(), app.test_client()
    _sign_in(head_b, people["head_b"])
    _sign_in(head_a, people["head_a"])
    page = head_b.get(f"/staff/cases/{case.id}")
    handler_b = people["handler_b"]
    response = head_b.post(f"/staff/cases/{case.id}/actions/assign", data={
        "csrf_token": csrf_token(page), "assign-version": str(case.version),
        "assign-unit_id": str(unit_id("B")), "assign-assignee_id": str(handler_b.id)})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Case, case.id).unit_id == unit_id("A")
    assert head_a.get(f"/staff/cases/{case.id}").status_code == 200
    revealed = head_b.post(f"/staff/cases/{case.id}/danh-tinh", data={"csrf_token": csrf_token(page)})
    assert revealed.status_code == 403
    assert [s for s in SECRETS if s in revealed.get_data(as_text=True)] == []


def test_a_coordinating_unit_sees_no_action_buttons_but_its_input_form(app, world):
    people, case, _ = world
    client = app.test_client()
    _sign_in(client, people["handler_b"])
    body = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    assert 'id="action-' not in body
    assert "Ý kiến phối hợp của đơn vị" in body
    assert "Xem danh tính" not in body


def test_the_service_refuses_a_takeover_whatever_the_page_offers(world, clock):
    from petition_app.services.workflow import ActionRefused

    people, case, _ = world
    with pytest.raises(ActionRefused):
        take_action(case.id, Action.ASSIGN, people["head_b"], version=case.version, now=clock(),
                    given=ActionInput(unit_id=unit_id("B")))
    with pytest.raises(ActionRefused):
        take_action(case.id, Action.START, people["handler_b"], version=case.version, now=clock(),
                    given=ActionInput())
    assert db.session.get(Case, case.id).status is CaseStatus.ACCEPTED


def test_only_the_unit_itself_and_leadership_route_the_case_elsewhere(world, clock):
    people, case, _ = world
    users = db.session.scalars(sa.select(User)).all()
    assert len(users) == len(PEOPLE)
    moved = take_action(case.id, Action.ASSIGN, people["head_a"], version=case.version, now=clock(),
                        given=ActionInput(unit_id=unit_id("C")))
    assert moved.unit_id == unit_id("C")
    assert access.relation(people["head_a"], moved) is Relation.NONE


def test_the_acceptance_notice_names_the_unit_the_case_was_accepted_into(app, make_unit, make_user, clock):
    from petition_app.models import OutboxMessage
    from tests.web.intake_helpers import submit

    make_unit("VP", "Văn phòng Sở")
    make_unit("TDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    assert submit(app.test_client(), VALID["complaint"]).status_code == 303
    case = db.session.scalar(sa.select(Case))
    take_action(case.id, Action.ACCEPT, make_user(Role.SUPERVISOR, "VP"), version=case.version, now=clock(),
                given=ActionInput(unit_id=unit_id("TDC")))
    notice = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "đơn vị giải quyết: Chi cục Tiêu chuẩn Đo lường Chất lượng" in notice.body_text
    assert "Văn phòng Sở" not in notice.body_text
