"""The deadline sweep: states in SQL, each reminder and escalation once, only in working hours."""
import threading
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.deadlines import DeadlineState
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case, OutboxMessage
from petition_app.services.intake import file_case
from petition_app.services.sweep import sweep_deadlines
from petition_app.services.workflow import ActionInput, take_action
from tests.services.test_intake_service import request


def at(y, m, d, hh, mm=0):
    """A Vietnam local time as UTC."""
    return datetime(y, m, d, hh - 7, mm, tzinfo=timezone.utc) if hh >= 7 else \
        datetime(y, m, d - 1, hh + 17, mm, tzinfo=timezone.utc)


@pytest.fixture
def team(app, make_unit, make_user):
    make_unit("VP", "Văn phòng Sở")
    make_unit("CCTDC", "Chi cục TĐC")
    people = {"handler": make_user(Role.HANDLER, "CCTDC"), "head": make_user(Role.UNIT_HEAD, "CCTDC"),
              "supervisor": make_user(Role.SUPERVISOR, "VP")}
    for user in people.values():
        user.email = f"{user.username}@skhcn.example.gov.vn"
    db.session.commit()
    return people


@pytest.fixture
def accepted(app, clock, team):
    """A feedback case accepted on Monday 02/11/2026: resolution due Monday 23/11 (15 working days)."""
    clock.set(at(2026, 11, 2, 9))
    case = file_case(request(), [], now=clock.now).case
    unit_id = db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))
    for action, given in ((Action.ACCEPT, ActionInput(unit_id=unit_id)),
                          (Action.ASSIGN, ActionInput(assignee_id=team["handler"].id))):
        db.session.refresh(case)
        take_action(case.id, action, team["supervisor"], version=case.version, now=clock.now, given=given)
    db.session.refresh(case)
    assert case.next_due.isoformat() == "2026-11-23"
    return case


def notices(to=None):
    query = sa.select(OutboxMessage).where(OutboxMessage.dedupe_key.is_not(None))
    if to:
        query = query.where(OutboxMessage.recipient.like(f"{to}%"))
    return db.session.scalars(query).all()


def state(case):
    db.session.expire_all()
    return db.session.get(Case, case.id).deadline_state


def test_states_follow_the_clock(accepted, clock):
    clock.set(at(2026, 11, 10, 9))
    sweep_deadlines(clock.now)
    assert state(accepted) is DeadlineState.ON_TRACK
    clock.set(at(2026, 11, 18, 9))  # three working days before 23/11
    assert sweep_deadlines(clock.now).to_due_soon == 1
    assert state(accepted) is DeadlineState.DUE_SOON
    clock.set(at(2026, 11, 24, 9))
    assert sweep_deadlines(clock.now).to_overdue == 1
    assert state(accepted) is DeadlineState.OVERDUE
    assert sweep_deadlines(clock.now).to_overdue == 0  # nothing changes twice


def test_each_reminder_and_escalation_goes_once_to_the_right_people(accepted, clock, team):
    clock.set(at(2026, 11, 18, 9))
    sweep_deadlines(clock.now)
    sweep_deadlines(clock.now)
    assert [m.recipient for m in notices()] == [team["handler"].email]
    assert accepted.tracking_code in notices()[0].subject
    assert "đến hết ngày 23/11/2026" in notices()[0].body_text
    clock.set(at(2026, 11, 24, 9))  # overdue on Culture Day, a holiday: the state moves, no mail
    sweep_deadlines(clock.now)
    assert state(accepted) is DeadlineState.OVERDUE and len(notices()) == 1
    clock.set(at(2026, 11, 25, 9))
    sweep_deadlines(clock.now)
    sweep_deadlines(clock.now)
    assert [m.recipient for m in notices(team["head"].username)] == [team["head"].email]
    assert notices(team["supervisor"].username) == []
    clock.set(at(2026, 12, 2, 9))  # more than five working days overdue
    sweep_deadlines(clock.now)
    sweep_deadlines(clock.now)
    assert [m.recipient for m in notices(team["supervisor"].username)] == [team["supervisor"].email]
    assert len(notices()) == 3


def test_a_case_going_overdue_on_saturday_night_is_reported_on_monday_morning(accepted, clock, team):
    clock.set(at(2026, 11, 28, 22))  # Saturday 22:00
    report = sweep_deadlines(clock.now)
    assert report.to_overdue == 1 and report.notices == 0 and not report.in_working_hours
    assert notices() == []
    clock.set(at(2026, 11, 30, 6))  # Monday 06:00: still outside working hours
    assert sweep_deadlines(clock.now).notices == 0
    clock.set(at(2026, 11, 30, 8))
    assert sweep_deadlines(clock.now).notices >= 1
    assert team["head"].email in [m.recipient for m in notices()]


def test_a_held_case_leaves_the_clock_and_its_state(accepted, clock, team):
    clock.set(at(2026, 11, 18, 9))
    sweep_deadlines(clock.now)
    db.session.refresh(accepted)
    take_action(accepted.id, Action.HOLD, team["handler"], version=accepted.version, now=clock.now,
                given=ActionInput(note="Bổ sung giấy tờ"))
    clock.set(at(2026, 12, 10, 9))
    report = sweep_deadlines(clock.now)
    assert report.to_overdue == 0
    assert state(accepted) is None


@pytest.mark.postgres_only
def test_two_sweeps_at_once_send_nothing_twice(app, accepted, clock, team):
    clock.set(at(2026, 12, 2, 9))
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        with app.app_context():
            try:
                barrier.wait()
                sweep_deadlines(clock.now)
            except Exception as exc:  # pragma: no cover - surfaced below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = [m.dedupe_key for m in notices()]
    assert len(keys) == len(set(keys)) == 2  # the unit head and leadership, once each
    assert state(accepted) is DeadlineState.OVERDUE


def test_flask_deadlines_sweep_command(runner, accepted, clock):
    clock.set(at(2026, 11, 24, 9))
    result = runner.invoke(args=["deadlines", "sweep"])
    assert result.exit_code == 0 and "overdue +1" in result.output


def test_due_soon_follows_the_window_of_the_cases_own_policy_version(accepted, clock, team):
    """Feedback warns 3 working days ahead by default; a version with 6 applies to new cases only."""
    from petition_app.services.policies import PolicyInput, change_policy, current_policy

    current = current_policy(accepted.kind)
    wider = PolicyInput.of(current)
    wider.warning_days = 6
    change_policy(accepted.kind, wider, based_on=current.version, actor=team["supervisor"], now=clock.now,
                  note="Quyết định của Giám đốc Sở")
    clock.set(at(2026, 11, 2, 10))
    later = file_case(request(), [], now=clock.now).case
    db.session.refresh(later)
    unit_id = db.session.scalar(sa.text("select id from units where code = 'CCTDC'"))
    take_action(later.id, Action.ACCEPT, team["supervisor"], version=later.version, now=clock.now,
                given=ActionInput(unit_id=unit_id))
    db.session.refresh(later)
    assert later.next_due == accepted.next_due and later.sla_policy.version == current.version + 1
    clock.set(at(2026, 11, 13, 9))  # six working days before 23/11, more than three
    sweep_deadlines(clock.now)
    assert state(later) is DeadlineState.DUE_SOON
    assert state(accepted) is DeadlineState.ON_TRACK
