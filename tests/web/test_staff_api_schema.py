"""Schemathesis against /api/v1/openapi.json: generated requests (valid and not) with a valid token
never get a 5xx, and every response matches the document (status, content type, schema)."""
import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services import api_tokens
from tests.web.intake_helpers import VALID, submit


@pytest.fixture
def api_token(app, make_unit, make_user, clock):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    for kind in ("complaint", "denunciation", "feedback"):
        submit(app.test_client(), VALID[kind])
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 3
    user = make_user(Role.SUPERVISOR, "VP")
    return api_tokens.issue(user.username, days=30, actor=None, now=clock())[1]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_to_its_document(app, api_token, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    statuses = []
    # Negative cases that drop the Authorization header are made whole again by the token this test
    # adds, and one such case then rightly succeeds: whether invalid input is refused is asserted by
    # test_staff_api.py field by field; here, no 5xx and every answer as documented.
    excluded = [positive_data_acceptance, negative_data_rejection]
    real_id = db.session.scalar(sa.select(sa.func.min(Case.id)))
    # Each operation with whatever ids come, and those on a case with a real one (ids are not reused
    # on PostgreSQL, so generated ones seldom hit).
    runs = [(op, None) for op in operations] + [(op, {"case_id": real_id}) for op in operations
                                                 if "{case_id}" in op.path]
    for operation, path_parameters in runs:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters) \
            if path_parameters and mode is GenerationMode.POSITIVE else operation.as_strategy(generation_mode=mode)

        @given(case=strategy)
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  phases=[Phase.explicit, Phase.generate])
        def keeps_to_it(case):
            # A schema-valid body may still break a rule of law the document cannot express (what each kind
            # of case needs; which action a status allows): that is the documented 422, not a failure.
            response = case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"},
                                              excluded_checks=excluded)
            statuses.append((case.operation.label, response.status_code))

        keeps_to_it()
    assert len(statuses) >= 60 and all(code < 500 for _label, code in statuses)
    if mode is GenerationMode.POSITIVE:  # not only refusals: the queue and a case were really read
        assert {("GET /cases", 200), ("GET /cases/{case_id}", 200)} <= set(statuses), sorted(set(statuses))
