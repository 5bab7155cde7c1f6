"""Random input in the staff forms: the case actions and the reception desk's visit form (the desk
intake is in test_fuzz_forms.py). Any Unicode, control characters, very long values, wrong types,
a wrong or forged version: never a 500, never a script stored and shown as markup, and nothing
half-written (an action is its change and its one chained event, or nothing; a visit comes with
its visitors and its event)."""
import re

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent, Visit, VisitEvent
from petition_app.services.audit import verify_chains, verify_visit_chains
from tests.conftest import csrf_token
from tests.web.intake_helpers import VALID, submit
from tests.web.reception_helpers import desk_data
from tests.web.test_fuzz_forms import FUZZ, TEXT, assert_escaped

ACTION_FIELDS = ["note", "kind", "category", "unit_id", "assignee_id", "decline_reason", "agency", "cover_letter",
                 "archive_reason", "days", "outcome", "decision_number", "decision_date", "answer",
                 "public_summary", "is_complex", "is_remote", "is_second_time", "publish", "mask_personal_data",
                 "signers", "complexity", "version"]
VISIT_FIELDS = ["visited_at", "officer_id", "place", "reception_kind", "people_count", "content", "documents",
                "outcome", "outcome_note", "citizen_id_0", "name_0", "phone_0", "address_0", "citizen_id_1",
                "name_1", "online_means", "refusal_ground", "case_code", "submission_token"]


@pytest.fixture
def case(app, make_unit, login):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    assert submit(app.test_client(), VALID["complaint"]).status_code == 303
    login(Role.SUPERVISOR, "VP")
    return db.session.scalar(sa.select(Case))


def _events(case_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id))


@FUZZ
@given(action=st.sampled_from([a.value for a in Action] + ["bogus", "0"]),
       changes=st.dictionaries(st.sampled_from(ACTION_FIELDS), TEXT, min_size=1, max_size=5),
       right_version=st.booleans())
def test_case_actions_never_fail_and_never_half_write(client, case, action, changes, right_version):
    page = client.get(f"/staff/cases/{case.id}")
    html = page.get_data(as_text=True)
    version = re.search(r'name="\w+-version" type="hidden" value="(\d+)"', html)
    data = {"csrf_token": csrf_token(page)}
    if right_version and version:
        data[f"{action}-version"] = version.group(1)
    data.update({f"{action}-{name}": value for name, value in changes.items()})
    before = _events(case.id)
    response = client.post(f"/staff/cases/{case.id}/actions/{action}", data=data)
    assert response.status_code in (303, 400, 403, 404, 409, 413, 422), response.status_code
    after = _events(case.id)
    assert after == before + (1 if response.status_code == 303 else 0)
    shown = client.get(f"/staff/cases/{case.id}")
    assert shown.status_code == 200
    assert_escaped(shown.get_data(as_text=True))
    assert_escaped(response.get_data(as_text=True))
    assert verify_chains() == {}


@pytest.fixture
def desk(app, make_unit, login):
    make_unit("VP", "Văn phòng Sở")
    login(Role.RECEPTION, "VP")


def _visits_whole() -> None:
    visits = db.session.scalar(sa.select(sa.func.count(Visit.id)))
    with_event = db.session.scalar(sa.select(sa.func.count(sa.distinct(VisitEvent.visit_id))))
    assert visits == with_event
    assert verify_visit_chains() == {}


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(VISIT_FIELDS), TEXT, min_size=1, max_size=5))
def test_the_visit_form_never_fails_and_never_half_writes(client, desk, changes):
    data = {**desk_data(client), **changes}
    response = client.post("/staff/tiep-cong-dan/moi", data=data)
    assert response.status_code in (200, 303, 400, 413, 422), response.status_code
    page = client.get(response.headers["Location"]) if response.status_code == 303 else response
    assert page.status_code < 500
    assert_escaped(page.get_data(as_text=True))
    _visits_whole()
