"""`flask audit verify` finds any changed, removed or reordered audit event."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import CaseStatus
from petition_app.extensions import db
from petition_app.models import Case, CaseEvent
from petition_app.services.audit import record_event, verify_chains
from petition_app.services.intake import file_case
from tests.services.test_intake_service import request


@pytest.fixture
def cases(app, clock, make_unit):
    make_unit("VP", "Văn phòng Sở")
    filed = []
    for _ in range(3):
        case = file_case(request(), [], now=clock.now).case
        for step in range(2):
            clock.advance(minutes=5)
            record_event(case, f"note_{step}", now=clock.now, note=f"Ghi chú {step}",
                         data={"step": step, "văn bản": "có dấu"})
        db.session.commit()
        filed.append(case)
    return filed


def test_an_untouched_trail_verifies(runner, cases):
    assert verify_chains() == {}
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def tamper(statement):
    # Behind the ORM's back, as someone with full database access would (on PostgreSQL that
    # means switching off the append-only trigger first).
    with db.engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(sa.text("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only"))
        conn.execute(statement)
        if postgres:
            conn.execute(sa.text("ALTER TABLE case_events ENABLE TRIGGER case_events_append_only"))


@pytest.mark.postgres_only
def test_the_database_itself_refuses_to_change_history(cases):
    from sqlalchemy.exc import DBAPIError

    for statement in (sa.update(CaseEvent).values(note="x"), sa.delete(CaseEvent)):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(statement)
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == 9


def test_a_changed_note_is_detected(runner, cases):
    victim = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == cases[1].id)
                                .order_by(CaseEvent.id)).all()[1]
    tamper(sa.update(CaseEvent).where(CaseEvent.id == victim.id).values(note="đã sửa"))
    assert verify_chains() == {cases[1].id: [victim.id]}
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN case {cases[1].tracking_code}: events {victim.id}" in result.output


def test_a_changed_status_or_time_is_detected(cases):
    first = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == cases[0].id)
                              .order_by(CaseEvent.id))
    tamper(sa.update(CaseEvent).where(CaseEvent.id == first.id)
           .values(to_status=CaseStatus.ACCEPTED, at=first.at - timedelta(days=1)))
    assert list(verify_chains()) == [cases[0].id]


def test_a_deleted_event_breaks_the_next_one(cases):
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == cases[2].id)
                                .order_by(CaseEvent.id)).all()
    tamper(sa.delete(CaseEvent).where(CaseEvent.id == events[1].id))
    assert verify_chains() == {cases[2].id: [events[2].id]}


def test_chains_are_checked_across_batches(cases):
    victim = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == cases[2].id)
                                .order_by(CaseEvent.id.desc())).first()
    tamper(sa.update(CaseEvent).where(CaseEvent.id == victim.id).values(data={"step": 99}))
    assert verify_chains(batch_size=2) == {cases[2].id: [victim.id]}
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 3
