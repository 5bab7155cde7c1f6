"""GET /healthz: what a load balancer needs (database, schema, scheduler) and nothing else."""
from datetime import timedelta

import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.services.health import beat, check


def test_a_migrated_database_without_a_scheduler_serves(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "degraded", "database": "ok", "migrations": "current",
                                   "scheduler": "none"}


def test_the_leaders_heartbeat_is_fresh_then_stale(client, clock, app):
    beat(clock.now, new_leader=True)
    assert client.get("/healthz").get_json()["status"] == "ok"
    clock.advance(seconds=app.config["HEARTBEAT_STALE_SECONDS"])
    assert client.get("/healthz").get_json()["scheduler"] == "ok"  # at the edge: still fresh
    clock.advance(seconds=1)
    response = client.get("/healthz")
    assert response.status_code == 200  # the web node still serves; the scheduler is somebody else's
    assert response.get_json()["scheduler"] == "stale" and response.get_json()["status"] == "degraded"
    beat(clock.now)
    assert check(clock.now).scheduler == "ok"


def test_a_schema_that_is_not_the_codes_takes_the_node_out(client):
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'a3f1c9e4d7b2'"))
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "database": "ok", "migrations": "not_current",
                                       "scheduler": "none"}
    finally:
        from flask import current_app

        head = current_app.extensions.get("migrations_head")
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})


def test_an_unreachable_database_is_a_503_not_a_500(app_config, tmp_path):
    from petition_app import create_app

    app_config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere?connect_timeout=2"
    app = create_app(app_config)
    with app.app_context():
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "down", "migrations": "unknown",
                                   "scheduler": "none"}
    assert "nowhere" not in response.get_data(as_text=True)


def test_the_scheduler_beats_and_a_new_leader_is_recorded(app, clock):
    from petition_app.models import SchedulerHeartbeat

    beat(clock.now, new_leader=True)
    first = clock.now
    clock.advance(seconds=30)
    beat(clock.now)
    row = db.session.get(SchedulerHeartbeat, 1)
    db.session.refresh(row)
    assert row.leader_since.replace(tzinfo=None) == first.replace(tzinfo=None)
    clock.advance(seconds=30)
    beat(clock.now, new_leader=True)
    db.session.refresh(row)
    assert row.leader_since.replace(tzinfo=None) == clock.now.replace(tzinfo=None)
    assert db.session.scalar(sa.select(sa.func.count(SchedulerHeartbeat.id))) == 1
    assert timedelta(0) <= clock.now - first
