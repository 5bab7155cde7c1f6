"""Duplicates at triage: found by petitioner or wording, linked, archived, repeats flagged."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus, Role
from petition_app.extensions import db
from petition_app.models import Case, CaseLink
from petition_app.services.duplicates import find_candidates
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def filed(app, make_unit, clock):
    make_unit("VP", "Văn phòng Sở")
    public = app.test_client()
    submit(public, VALID["feedback"])  # the first: Nguyễn Văn An, cân điện tử
    clock.advance(days=20)
    submit(public, {**VALID["feedback"], "subject": "Lại phản ánh cân sai tại chợ Đông Ba"})  # same person
    other = {**VALID["petition_org"]}
    submit(public, other)  # unrelated organisation
    submit(public, {**VALID["feedback"], "full_name": "Người khác", "phone": "0987111222",
                    "email": "khac@example.com"})  # same wording, someone else
    return db.session.scalars(sa.select(Case).order_by(Case.id)).all()


def test_earlier_cases_of_the_same_person_or_wording_are_found(filed, make_user):
    first, repeat, org, copy = filed
    supervisor = make_user(Role.SUPERVISOR, "VP")
    found = {other.id: c for other, c in find_candidates(supervisor, copy).shown}
    assert set(found) == {first.id, repeat.id}
    assert found[first.id].same_petitioner is False and found[first.id].score >= 0.35
    by_person = {other.id: c for other, c in find_candidates(supervisor, repeat).shown}
    assert by_person[first.id].same_petitioner
    assert org.id not in by_person


def test_cases_older_than_twelve_months_are_not_candidates(filed, make_user, clock):
    first, *_ = filed
    first.received_at -= timedelta(days=400)
    db.session.commit()
    supervisor = make_user(Role.SUPERVISOR, "VP")
    assert first.id not in {o.id for o, _ in find_candidates(supervisor, filed[3]).shown}


def test_linking_as_duplicate_archives_and_flags_a_repeat_of_a_resolved_case(client, login, filed):
    first, repeat, _, _ = filed
    first.status = CaseStatus.RESOLVED
    db.session.commit()
    login(Role.SUPERVISOR, "VP")
    page = client.get(f"/staff/cases/{repeat.id}")
    body = page.get_data(as_text=True)
    assert "Hồ sơ có thể trùng" in body and first.tracking_code in body and "(đơn nhiều lần)" in body
    response = client.post(f"/staff/cases/{repeat.id}/links", data={
        "csrf_token": csrf_token(page), "version": str(repeat.version), "other_id": str(first.id),
        "relation": "duplicate"})
    assert response.status_code == 303
    db.session.refresh(repeat)
    assert repeat.status is CaseStatus.ARCHIVED and repeat.is_repeat is True
    link = db.session.scalar(sa.select(CaseLink))
    assert (link.case_id, link.other_case_id, link.relation) == (repeat.id, first.id, "duplicate")
    assert repeat.events[-1].action == "archive" and first.tracking_code in repeat.events[-1].note
    # The earlier case shows the link too.
    assert repeat.tracking_code in client.get(f"/staff/cases/{first.id}").get_data(as_text=True)


def test_a_refused_link_leaves_nothing_behind(client, login, filed):
    first, repeat, _, _ = filed
    login(Role.HANDLER, "VP")  # handlers cannot archive
    page = client.get(f"/staff/cases/{repeat.id}")
    response = client.post(f"/staff/cases/{repeat.id}/links", data={
        "csrf_token": csrf_token(page), "version": str(repeat.version), "other_id": str(first.id),
        "relation": "duplicate"})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(CaseLink.id))) == 0
    db.session.refresh(repeat)
    assert repeat.status is CaseStatus.RECEIVED


def test_related_cases_are_linked_without_changing_status(client, login, filed):
    first, _, _, copy = filed
    login(Role.RECEPTION, "VP")
    page = client.get(f"/staff/cases/{copy.id}")
    client.post(f"/staff/cases/{copy.id}/links", data={
        "csrf_token": csrf_token(page), "version": str(copy.version), "other_id": str(first.id),
        "relation": "related"})
    db.session.refresh(copy)
    assert copy.status is CaseStatus.RECEIVED
    assert db.session.scalar(sa.select(CaseLink.relation)) == "related"
