"""Calendar overrides: they win over holidays and weekends, they are audited, and adding or
removing one moves the open cases' deadlines, each move recorded on the case."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import AdminEvent, Case, CaseEvent, OutboxMessage
from petition_app.services.audit import verify_chains
from petition_app.services.calendar_changes import OverrideRefused, add_override, remove_override
from petition_app.services.intake import file_case
from petition_app.services.workflow import ActionInput, StaleCase, take_action
from petition_app.services.working_calendar import active_overrides, working_calendar, year_days
from tests.services.test_intake_service import request


@pytest.fixture
def accepted(app, clock, make_user):
    """Feedback accepted Monday 02/11/2026: resolution due Monday 23/11 (15 working days)."""
    clock.set(datetime(2026, 11, 2, 2, tzinfo=timezone.utc))
    supervisor = make_user(Role.SUPERVISOR, "VP")
    case = file_case(request(), [], now=clock.now).case
    db.session.refresh(case)
    take_action(case.id, Action.ACCEPT, supervisor, version=case.version, now=clock.now,
                given=ActionInput(unit_id=supervisor.unit_id))
    db.session.refresh(case)
    assert case.resolution_due == date(2026, 11, 23)
    return case


def test_a_day_off_moves_open_deadlines_and_is_kept_on_the_case(accepted, clock, make_user):
    admin = make_user(Role.ADMIN, "VP")
    result = add_override(date(2026, 11, 13), False, "Quyết định 99/QĐ-UBND", actor=admin, now=clock.now)
    assert (result.checked, result.changed) == (1, 1)
    db.session.expire_all()
    case = db.session.get(Case, accepted.id)
    assert case.resolution_due == date(2026, 11, 25)  # Friday 13/11 off; 24/11 is Culture Day
    event = case.events[-1]
    assert event.action == "deadlines_recomputed" and event.actor_id == admin.id
    assert event.note == "Quyết định 99/QĐ-UBND"
    assert event.data["before"]["resolution_due"] == "2026-11-23"
    assert event.data["after"]["resolution_due"] == "2026-11-25"
    notice = db.session.get(OutboxMessage, event.data["notice"])
    assert notice.recipient == "an@example.com" and "25/11/2026" in notice.body_text
    assert "Quyết định 99/QĐ-UBND" in notice.body_text
    assert working_calendar().holiday_name(date(2026, 11, 13)) == "Quyết định 99/QĐ-UBND"
    audit = db.session.scalar(sa.select(AdminEvent))
    assert audit.action == "calendar.day_off_added" and audit.data == {"day": "2026-11-13"}
    assert verify_chains() == {}


def test_removing_the_override_moves_the_deadline_back(accepted, clock):
    add_override(date(2026, 11, 13), False, "Quyết định 99/QĐ-UBND", actor=None, now=clock.now)
    override = active_overrides(2026)[0]
    result = remove_override(override.id, actor=None, now=clock.now)
    assert result.changed == 1
    db.session.expire_all()
    assert db.session.get(Case, accepted.id).resolution_due == date(2026, 11, 23)
    assert active_overrides(2026) == [] and working_calendar().is_working_day(date(2026, 11, 13))
    actions = db.session.scalars(sa.select(AdminEvent.action).order_by(AdminEvent.id)).all()
    assert actions == ["calendar.day_off_added", "calendar.override_removed"]
    with pytest.raises(OverrideRefused):
        remove_override(override.id, actor=None, now=clock.now)


def test_a_worked_saturday_shortens_a_working_day_period(accepted, clock):
    add_override(date(2026, 11, 14), True, "Làm bù theo Thông báo 1/TB", actor=None, now=clock.now)
    db.session.expire_all()
    assert db.session.get(Case, accepted.id).resolution_due == date(2026, 11, 20)
    worked = year_days(2026)[1]
    assert [(d.day, d.override is not None) for d in worked if d.day.month == 11] == [(date(2026, 11, 14), True)]


def test_an_override_before_a_case_period_touches_nothing(accepted, clock):
    result = add_override(date(2026, 10, 30), False, "Nghỉ bù", actor=None, now=clock.now)
    assert result.changed == 0
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.action == "deadlines_recomputed")) == 0


def test_closed_cases_keep_their_dates(app, clock, make_user):
    case = file_case(request(), [], now=clock.now).case
    reception = make_user(Role.RECEPTION, "VP")
    db.session.refresh(case)
    take_action(case.id, Action.GUIDE, reception, version=case.version, now=clock.now,
                given=ActionInput(note="Gửi UBND phường"))
    triage_due = db.session.get(Case, case.id).triage_due
    add_override(triage_due, False, "Nghỉ", actor=None, now=clock.now)
    db.session.expire_all()
    assert db.session.get(Case, case.id).triage_due == triage_due


@pytest.mark.parametrize("day, is_working", [
    (date(2026, 11, 24), False),  # already a holiday (Culture Day)
    (date(2026, 11, 25), True),  # already a working day
])
def test_an_override_that_changes_nothing_is_refused(app, clock, day, is_working):
    with pytest.raises(OverrideRefused) as refused:
        add_override(day, is_working, "x", actor=None, now=clock.now)
    assert refused.value.field == "day" and active_overrides() == []


def test_one_active_override_per_day(app, clock):
    add_override(date(2026, 12, 12), True, "Làm bù", actor=None, now=clock.now)
    with pytest.raises(OverrideRefused):
        add_override(date(2026, 12, 12), True, "Làm bù lần hai", actor=None, now=clock.now)
    assert len(active_overrides()) == 1


def test_another_process_sees_a_change_after_its_next_check(app, clock, monkeypatch):
    """Each process rechecks the override table every CHECK_SECONDS: moving that clock shows it."""
    from petition_app.services import working_calendar as module

    ticks = iter(range(0, 10_000, 100))
    monkeypatch.setattr(module.time, "monotonic", lambda: next(ticks))
    calendar = working_calendar()
    assert calendar.is_working_day(date(2026, 12, 11))
    db.session.execute(sa.insert(module.CalendarOverride).values(
        day=date(2026, 12, 11), is_working=False, reason="Từ máy khác", created_at=clock.now))
    db.session.commit()
    assert not working_calendar().is_working_day(date(2026, 12, 11))


def test_the_moved_case_is_written_with_its_version_bumped(accepted, clock, make_user):
    """The moves are written set-wise, yet as the ORM would: the version goes up, so a staff form
    read before the change is refused as stale, and the object in hand already shows the new date."""
    supervisor = make_user(Role.SUPERVISOR, "VP")
    old_version = accepted.version
    add_override(date(2026, 11, 13), False, "Quyết định 99/QĐ-UBND", actor=None, now=clock.now)
    assert accepted.resolution_due == date(2026, 11, 25) and accepted.version == old_version + 1
    stored = db.session.execute(sa.select(Case.version, Case.resolution_due).where(Case.id == accepted.id)).one()
    assert tuple(stored) == (old_version + 1, date(2026, 11, 25))
    with pytest.raises(StaleCase):
        take_action(accepted.id, Action.START, supervisor, version=old_version, now=clock.now,
                    given=ActionInput())


def test_a_batch_changed_meanwhile_is_read_again_and_recorded_once(accepted, clock, monkeypatch):
    """A case changed between the batch's read and its write makes the batch's UPDATE miss it: the
    batch is rolled back to its savepoint and done again, with one event and one notice per move."""
    from petition_app.services import calendar_changes

    real = calendar_changes.deadline_fields
    calls = []

    def changed_meanwhile(case):
        calls.append(case.id)
        if len(calls) == 1:  # as if a staff member saved the case right after it was read
            db.session.execute(sa.update(Case.__table__).where(Case.__table__.c.id == case.id)
                               .values(version=Case.__table__.c.version + 1))
        return real(case)

    monkeypatch.setattr(calendar_changes, "deadline_fields", changed_meanwhile)
    result = add_override(date(2026, 11, 13), False, "Quyết định 99/QĐ-UBND", actor=None, now=clock.now)
    assert calls == [accepted.id, accepted.id] and (result.checked, result.changed) == (1, 1)
    db.session.expire_all()
    assert db.session.get(Case, accepted.id).resolution_due == date(2026, 11, 25)
    moves = db.session.scalars(sa.select(CaseEvent).where(
        CaseEvent.case_id == accepted.id, CaseEvent.action == "deadlines_recomputed")).all()
    assert len(moves) == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.body_text.contains("25/11/2026"))) == 1
    assert verify_chains() == {}


def test_a_batch_that_keeps_changing_saves_nothing_and_says_so(accepted, clock, monkeypatch):
    from petition_app.services import calendar_changes

    real = calendar_changes.deadline_fields

    def always_changed(case):
        db.session.execute(sa.update(Case.__table__).where(Case.__table__.c.id == case.id)
                           .values(version=Case.__table__.c.version + 1))
        return real(case)

    monkeypatch.setattr(calendar_changes, "deadline_fields", always_changed)
    with pytest.raises(OverrideRefused) as refused:
        add_override(date(2026, 11, 13), False, "Quyết định 99/QĐ-UBND", actor=None, now=clock.now)
    assert refused.value.field == "day" and "thử lại" in refused.value.message
    assert active_overrides(2026) == []
    assert db.session.get(Case, accepted.id).resolution_due == date(2026, 11, 23)
