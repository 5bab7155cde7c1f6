"""A visit's audit trail is a hash chain like a case's: `flask audit verify` finds a changed,
removed or reordered visit event. Edits are allowed on the day the visit was recorded (local
date) and audited; afterwards a correction is a new entry on the same chain."""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Visit, VisitEvent
from petition_app.services.audit import verify_visit_chains
from tests.conftest import csrf_token
from tests.web.reception_helpers import desk_data, record


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def events_of(visit_id: int) -> list[VisitEvent]:
    db.session.expire_all()
    return db.session.scalars(sa.select(VisitEvent).where(VisitEvent.visit_id == visit_id)
                              .order_by(VisitEvent.id)).all()


def edit(client, visit_id: int, **overrides):
    page = client.get(f"/staff/tiep-cong-dan/{visit_id}/sua")
    version = str(db.session.get(Visit, visit_id).version)
    data = desk_data(client, version=version, visited_at="25/11/2026 09:00", **overrides)
    data["csrf_token"] = csrf_token(page) if page.status_code == 200 else data["csrf_token"]
    return client.post(f"/staff/tiep-cong-dan/{visit_id}/sua", data=data)


@pytest.fixture
def trail(client, login, clock):
    """Two visits: one recorded, edited, registered as a case and corrected the next day; one plain."""
    login(Role.RECEPTION)
    record(client)
    first = db.session.scalar(sa.select(Visit.id))
    clock.advance(minutes=10)
    assert edit(client, first, content="Phản ánh cân thiếu (đã sửa).").status_code == 303
    clock.advance(minutes=10)
    page = client.get(f"/staff/tiep-cong-dan/{first}")
    assert client.post(f"/staff/tiep-cong-dan/{first}/dang-ky-ho-so", data={
        "csrf_token": csrf_token(page), "kind": "feedback", "subject": "Cân thiếu", "consent": "y"}
    ).status_code == 303
    clock.advance(days=1)
    assert client.post(f"/staff/tiep-cong-dan/{first}/dinh-chinh", data={
        "csrf_token": csrf_token(page), "note": "Số điện thoại đúng là 0912 345 679."}).status_code == 303
    record(client, name_0="Trần Văn Bình", citizen_id_0="001088054321", visited_at="26/11/2026 09:00")
    second = db.session.scalar(sa.select(sa.func.max(Visit.id)))
    return first, second


def tamper(statement):
    # Behind the ORM's back, as someone with full database access would (on PostgreSQL that
    # means switching off the append-only trigger first).
    with db.engine.begin() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.execute(sa.text("ALTER TABLE visit_events DISABLE TRIGGER visit_events_append_only"))
        conn.execute(statement)
        if postgres:
            conn.execute(sa.text("ALTER TABLE visit_events ENABLE TRIGGER visit_events_append_only"))


def test_each_visit_event_is_chained_to_the_one_before(trail, runner):
    first, second = trail
    events = events_of(first)
    assert [e.action for e in events] == ["recorded", "edited", "registered", "corrected"]
    assert events[0].prev_hash is None
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert events_of(second)[0].prev_hash is None  # each visit has its own chain
    assert verify_visit_chains() == {}
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def test_a_changed_visit_event_is_detected(trail, runner):
    first, _second = trail
    edited = events_of(first)[1]
    tamper(sa.update(VisitEvent).where(VisitEvent.id == edited.id)
           .values(data={"content": ["Phản ánh cân điện tử", "Nội dung khác"]}))
    assert verify_visit_chains() == {first: [edited.id]}
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"BROKEN visit {first}: events {edited.id}" in result.output


def test_a_changed_actor_time_or_correction_is_detected(trail):
    first, _second = trail
    events = events_of(first)
    tamper(sa.update(VisitEvent).where(VisitEvent.id == events[3].id).values(note="Đính chính khác."))
    tamper(sa.update(VisitEvent).where(VisitEvent.id == events[0].id)
           .values(at=datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)))
    assert verify_visit_chains() == {first: [events[0].id, events[3].id]}


def test_a_deleted_or_reordered_visit_event_breaks_the_next_one(trail):
    first, second = trail
    events = events_of(first)
    tamper(sa.delete(VisitEvent).where(VisitEvent.id == events[1].id))
    assert verify_visit_chains() == {first: [events[2].id]}
    moved = events_of(second)[0]
    tamper(sa.update(VisitEvent).where(VisitEvent.id == moved.id).values(visit_id=first))
    assert verify_visit_chains(batch_size=2) == {first: [events[2].id, moved.id]}


def test_visit_chains_are_checked_across_batches(trail):
    first, _second = trail
    last = events_of(first)[-1]
    tamper(sa.update(VisitEvent).where(VisitEvent.id == last.id).values(action="edited"))
    assert verify_visit_chains(batch_size=2) == {first: [last.id]}


@pytest.mark.postgres_only
def test_the_database_itself_refuses_to_change_a_visit_event(trail):
    from sqlalchemy.exc import DBAPIError

    for statement in (sa.update(VisitEvent).values(note="x"), sa.delete(VisitEvent)):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(statement)
    assert db.session.scalar(sa.select(sa.func.count(VisitEvent.id))) == 5


def test_an_edit_late_on_the_day_is_allowed_and_past_local_midnight_is_not(client, login, clock):
    login(Role.RECEPTION)
    clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc))  # 08:00 in Vietnam
    record(client, visited_at="25/11/2026 07:45")
    visit_id = db.session.scalar(sa.select(Visit.id))
    clock.set(datetime(2026, 11, 25, 16, 50, tzinfo=timezone.utc))  # 23:50 the same local day
    assert edit(client, visit_id, content="Sửa lúc 23 giờ 50.").status_code == 303
    clock.set(datetime(2026, 11, 25, 17, 5, tzinfo=timezone.utc))  # 00:05 the next local day
    late = edit(client, visit_id, content="Sửa sau nửa đêm.")
    assert late.status_code == 422 and "ghi đính chính" in late.get_data(as_text=True)
    assert db.session.get(Visit, visit_id).content == "Sửa lúc 23 giờ 50."
    assert [e.action for e in events_of(visit_id)] == ["recorded", "edited"]
    assert verify_visit_chains() == {}
