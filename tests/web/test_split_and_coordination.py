"""Splitting a mixed petition into cases for each unit, and units coordinating on a case."""
import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import Case, CaseCoordination, CaseEvent, Petitioner
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def petition(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    make_unit("QLCNG", "Phòng Quản lý chuyên ngành")
    submit(app.test_client(), VALID["complaint"])
    return db.session.scalar(sa.select(Case))


def unit(code):
    return db.session.scalar(sa.text("select id from units where code = :c"), {"c": code})


def split(client, case, **fields):
    page = client.get(f"/staff/cases/{case.id}")
    return client.post(f"/staff/cases/{case.id}/split", data={
        "csrf_token": csrf_token(page), "version": str(case.version), **fields})


def test_reception_splits_an_issue_off_to_another_unit(client, login, petition):
    login(Role.RECEPTION, "VP")
    response = split(client, petition, subject="Nhãn hiệu bị làm giả", content="Phần nội dung về nhãn hiệu",
                     unit_id=str(unit("QLCNG")), kind="petition")
    assert response.status_code == 303
    child = db.session.scalar(sa.select(Case).where(Case.parent_id == petition.id))
    assert child.unit_id == unit("QLCNG") and child.kind.value == "petition"
    assert child.status is CaseStatus.RECEIVED and child.tracking_code != petition.tracking_code
    assert (child.received_at, child.triage_due) == (petition.received_at, petition.triage_due)
    assert child.petitioner_id != petition.petitioner_id
    assert child.petitioner.citizen_id == petition.petitioner.citizen_id
    assert db.session.scalar(sa.select(sa.func.count(Petitioner.id))) == 2
    assert [e.action for e in child.events] == ["split_from"]
    assert db.session.scalars(sa.select(CaseEvent.action).where(CaseEvent.case_id == petition.id)).all() == [
        "received", "split"]


def test_the_citizen_sees_every_part_on_the_status_page(client, login, petition, app):
    login(Role.RECEPTION, "VP")
    split(client, petition, subject="Phần hai", content="Nội dung phần hai", unit_id=str(unit("CCTDC")))
    child = db.session.scalar(sa.select(Case).where(Case.parent_id == petition.id))
    public = app.test_client()
    for own, other in ((petition, child), (child, petition)):
        body = public.get(f"/tra-cuu/{own.tracking_code}").get_data(as_text=True)
        assert "Các nội dung khác của cùng lá đơn" in body and other.tracking_code in body
        assert "Phần hai" not in body  # subjects are not public


def test_a_bad_split_keeps_the_input_and_creates_nothing(client, login, petition):
    login(Role.RECEPTION, "VP")
    response = split(client, petition, subject="Chỉ có tiêu đề", content="", unit_id="")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="Chỉ có tiêu đề"' in body and 'id="content-error"' in body
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1


def test_handlers_cannot_split(client, login, petition):
    login(Role.HANDLER, "VP")
    assert "Tách đơn" not in client.get(f"/staff/cases/{petition.id}").get_data(as_text=True)
    response = split(client, petition, subject="x", content="y", unit_id=str(unit("CCTDC")))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1


def test_a_coordinating_unit_sees_the_case_and_adds_its_input(client, app, login, petition, make_user):
    head = login(Role.UNIT_HEAD, "VP")
    assert head
    page = client.get(f"/staff/cases/{petition.id}")
    response = client.post(f"/staff/cases/{petition.id}/coordination",
                           data={"csrf_token": csrf_token(page), "unit_id": str(unit("CCTDC"))})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(CaseCoordination.unit_id)) == unit("CCTDC")

    other = app.test_client()
    handler = make_user(Role.HANDLER, "CCTDC")
    from tests.conftest import TEST_PASSWORD

    page = other.get("/staff/login")
    other.post("/staff/login", data={"csrf_token": csrf_token(page), "username": handler.username,
                                     "password": TEST_PASSWORD})
    case_page = other.get(f"/staff/cases/{petition.id}")
    assert case_page.status_code == 200 and "Ý kiến phối hợp của đơn vị" in case_page.get_data(as_text=True)
    other.post(f"/staff/cases/{petition.id}/coordination",
               data={"csrf_token": csrf_token(case_page), "note": "Chi cục đề nghị kiểm tra cân tại chỗ"})
    event = db.session.scalars(sa.select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert (event.action, event.note) == ("coordination_input", "Chi cục đề nghị kiểm tra cân tại chỗ")
    queue = other.get("/staff/?view=unit").get_data(as_text=True)
    assert petition.tracking_code in queue


def test_a_unit_not_coordinating_still_gets_404(client, login, petition):
    login(Role.HANDLER, "CCTDC")
    assert client.get(f"/staff/cases/{petition.id}").status_code == 404
