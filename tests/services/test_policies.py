"""SLA policies in the database: seeded from the law, versioned, audited, new cases only."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from petition_app.clock import local_date
from petition_app.domain.cases import CaseKind, Role
from petition_app.domain.deadlines import DayUnit
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import AdminEvent, SlaPolicy
from petition_app.services.deadlines import deadline_fields
from petition_app.services.intake import file_case
from petition_app.services.policies import (
    PolicyInput,
    PolicyRefused,
    change_policy,
    current_policy,
    history,
    policy_of,
)
from petition_app.services.workflow import ActionInput, take_action
from petition_app.services.working_calendar import working_calendar
from tests.services.test_intake_service import request


@pytest.fixture
def admin(app, make_user):
    return make_user(Role.ADMIN, "VP")


def longer_resolution(kind=CaseKind.FEEDBACK, days=20):
    data = PolicyInput.of(current_policy(kind))
    data.resolution_days = days
    return data


def test_the_first_version_is_the_statutory_default(app):
    policy = current_policy(CaseKind.COMPLAINT)
    assert policy.version == 1 and policy.resolution_days == 30 and policy.resolution_unit is DayUnit.CALENDAR
    assert policy.acceptance_citation == "Luật Khiếu nại 2011, Điều 27"
    assert (policy.complex_days, policy.remote_days, policy.remote_complex_days) == (45, 45, 60)
    assert (policy.second_days, policy.second_complex_days, policy.second_remote_days,
            policy.second_remote_complex_days) == (45, 60, 60, 70)
    assert policy.second_citation == "Luật Khiếu nại 2011, Điều 37"
    assert current_policy(CaseKind.COMPLAINT).id == policy.id  # seeded once


def test_a_change_is_a_new_version_for_new_cases_only(app, clock, admin):
    before = file_case(request(), [], now=clock.now).case
    saved = change_policy(CaseKind.FEEDBACK, longer_resolution(), based_on=1, actor=admin, now=clock.now,
                          note="Quyết định 12/QĐ-SKHCN")
    after = file_case(request(subject="Cân sai lần hai"), [], now=clock.now).case
    assert saved.version == 2 and [p.version for p in history(CaseKind.FEEDBACK)] == [2, 1]
    assert policy_of(before).resolution.days == 15 and policy_of(after).resolution.days == 20
    assert before.events[0].data["sla_policy_version"] == 1 and after.events[0].data["sla_policy_version"] == 2
    event = db.session.scalar(sa.select(AdminEvent))
    assert event.action == "sla_policy.changed" and event.actor_id == admin.id
    assert event.note == "Quyết định 12/QĐ-SKHCN"
    assert event.data == {"kind": "feedback", "version": 2, "changed": {"resolution_days": [15, 20]}}


def test_a_version_made_by_another_process_is_found_when_the_next_case_is_filed(app, clock):
    """A worker remembers each kind's current version; one made elsewhere (another worker, the shell)
    is found in the case's own INSERT, and the case is counted again under it."""
    first = file_case(request(), [], now=clock.now).case  # this process now knows version 1
    data = PolicyInput.of(current_policy(CaseKind.FEEDBACK))
    data.triage_days = 3
    db.session.add(SlaPolicy(kind=CaseKind.FEEDBACK, version=2, note="Từ tiến trình khác", created_at=clock.now,
                             **vars(data)))
    db.session.commit()  # not through change_policy: nothing told this process
    later = file_case(request(subject="Cân sai lần ba"), [], now=clock.now).case
    assert (first.sla_policy.version, later.sla_policy.version) == (1, 2)
    assert later.events[0].data["sla_policy_version"] == 2
    assert later.triage_due == working_calendar().add_working_days(local_date(later.received_at), 3)
    assert later.triage_due < first.triage_due and later.next_due == later.triage_due
    assert all(getattr(later, name) == value for name, value in deadline_fields(later).items())


def test_accepting_counts_the_resolution_under_the_case_version(app, clock, admin, make_unit, make_user):
    case = file_case(request(), [], now=clock.now).case
    change_policy(CaseKind.FEEDBACK, longer_resolution(days=30), based_on=1, actor=admin, now=clock.now,
                  note="Thử")
    supervisor = make_user(Role.SUPERVISOR, "VP")
    db.session.refresh(case)
    take_action(case.id, Action.ACCEPT, supervisor, version=case.version, now=clock.now,
                given=ActionInput(unit_id=case.unit_id or supervisor.unit_id))
    db.session.refresh(case)
    assert case.resolution_due == working_calendar().add_working_days(local_date(clock.now), 15)


def test_reclassifying_takes_the_current_version_of_the_new_kind(app, clock, admin, make_user):
    case = file_case(request(), [], now=clock.now).case
    reception = make_user(Role.RECEPTION, "VP")
    db.session.refresh(case)
    take_action(case.id, Action.CLASSIFY, reception, version=case.version, now=clock.now,
                given=ActionInput(kind=CaseKind.COMPLAINT))
    db.session.refresh(case)
    assert case.sla_policy.kind is CaseKind.COMPLAINT and case.acceptance_due is not None
    assert case.events[-1].data["sla_policy_version"] == 1


def test_nothing_changed_makes_no_version_and_no_audit(app, clock, admin):
    data = PolicyInput.of(current_policy(CaseKind.PETITION))
    assert change_policy(CaseKind.PETITION, data, based_on=1, actor=admin, now=clock.now, note="x") is None
    assert db.session.scalar(sa.select(sa.func.count(AdminEvent.id))) == 0


def test_a_stale_form_is_refused_rather_than_overwriting(app, clock, admin):
    change_policy(CaseKind.FEEDBACK, longer_resolution(), based_on=1, actor=admin, now=clock.now, note="a")
    with pytest.raises(PolicyRefused):
        change_policy(CaseKind.FEEDBACK, longer_resolution(days=25), based_on=1, actor=admin, now=clock.now,
                      note="b")
    assert current_policy(CaseKind.FEEDBACK).resolution_days == 20


@pytest.mark.parametrize("change, field", [
    (dict(acceptance_days=5), "acceptance_days"),  # without its unit and citation
    (dict(second_days=45), "second_days"),
    (dict(max_extensions=2, extension_days=0), "extension_days"),
    (dict(max_extensions=0, extension_days=10), "max_extensions"),
])
def test_a_policy_that_does_not_hang_together_is_refused(app, clock, admin, change, field):
    data = PolicyInput.of(current_policy(CaseKind.PETITION))
    for name, value in change.items():
        setattr(data, name, value)
    with pytest.raises(PolicyRefused) as refused:
        change_policy(CaseKind.PETITION, data, based_on=1, actor=admin, now=clock.now, note="x")
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(SlaPolicy.id))) == 1


def test_the_admin_audit_trail_is_append_only(app, clock, admin):
    change_policy(CaseKind.FEEDBACK, longer_resolution(), based_on=1, actor=admin, now=clock.now, note="a")
    event = db.session.scalar(sa.select(AdminEvent))
    event.note = "sửa lén"
    with pytest.raises(RuntimeError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.postgres_only
def test_postgresql_refuses_editing_the_admin_audit_trail_even_in_raw_sql(app, clock, admin):
    change_policy(CaseKind.FEEDBACK, longer_resolution(), based_on=1, actor=admin, now=clock.now, note="a")
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(sa.text("UPDATE admin_events SET note = 'x'"))
    db.session.rollback()
