"""The factory, configuration, migrations and error handling."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from petition_app import create_app
from petition_app.clock import LOCAL_TZ
from petition_app.extensions import db


def test_factory_builds_a_testing_app(app):
    assert app.testing
    assert {"public", "staff", "admin"} <= set(app.blueprints)


def test_production_refuses_to_start_without_a_real_secret_key():
    for key in ("", "dev", "development-only-secret-key", "short"):
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app({"CONFIG_NAME": "production", "SECRET_KEY": key,
                        "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_starts_with_a_strong_secret_key():
    app = create_app({"CONFIG_NAME": "production", "SECRET_KEY": "x" * 48,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": "https://tiepdan.example.gov.vn",
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_settings_come_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db.internal/petitions")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/0")
    monkeypatch.setenv("UPLOAD_FOLDER", "/srv/petitions/uploads")
    monkeypatch.setenv("MAIL_SERVER", "smtp.internal")
    monkeypatch.setenv("MAIL_PORT", "2525")
    try:
        reloaded = importlib.reload(config)
        cls = reloaded.ProductionConfig
        assert cls.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://db.internal/petitions"
        assert cls.RATELIMIT_STORAGE_URI == "redis://cache.internal:6379/0"
        assert cls.UPLOAD_FOLDER == "/srv/petitions/uploads"
        assert (cls.MAIL_SERVER, cls.MAIL_PORT) == ("smtp.internal", 2525)
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_migrations_give_exactly_the_models_schema(app):
    """`flask db upgrade` on an empty database (done by the session fixture) has no drift."""
    def include(obj, name, type_, reflected, compare_to):
        # PostgreSQL-only trigram search indexes live in a migration, not in the models.
        return not (type_ == "index" and name and name.endswith("_trgm"))

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_unexpected_error_rolls_back_and_shows_a_friendly_page(app, client):
    @app.get("/boom")
    def boom():
        db.session.execute(sa.text("select 1"))
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in response.get_data(as_text=True)


def test_api_clients_get_json_errors(client):
    response = client.get("/api/v2/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"] == 404
    # The staff API's own errors are RFC 9457 problem details.
    problem = client.get("/api/v1/nothing-here")
    assert problem.status_code == 404 and problem.mimetype == "application/problem+json"
    assert problem.get_json()["status"] == 404


def test_demo_data_loads_once(runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "quantri" in first.output and "tiepdan" in first.output
    from petition_app.domain.cases import CaseStatus
    from petition_app.models import Case

    statuses = set(db.session.scalars(sa.select(Case.status)))
    assert statuses == set(CaseStatus)
    # Some sample deadlines have passed (the pages show them overdue without a sweep), and
    # finished sample cases have no running deadline.
    from petition_app.clock import local_date, utcnow
    from petition_app.domain.cases import OPEN_STATUSES

    running = db.session.execute(sa.select(Case.status, Case.next_due).where(Case.next_due.is_not(None))).all()
    assert running and all(status in OPEN_STATUSES for status, _ in running)
    assert any(due < local_date(utcnow()) for _, due in running)
    cases_before = db.session.scalar(sa.select(sa.func.count(Case.id)))
    second = runner.invoke(args=["demo", "load"])
    assert "already loaded" in second.output
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == cases_before


def test_demo_data_shows_a_lived_in_reception_desk(runner):
    from petition_app.domain.reception import ReceptionKind, VisitOutcome
    from petition_app.models import ReceptionSession, Visit
    from petition_app.services.audit import verify_visit_chains

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    visits = db.session.scalars(sa.select(Visit).order_by(Visit.visited_at)).all()
    assert {v.outcome for v in visits} == {VisitOutcome.GUIDED, VisitOutcome.REFUSED, VisitOutcome.REGISTERED}
    group = next(v for v in visits if v.is_group)
    assert group.people_count >= 5 and len(group.visitors) >= 2 and group.prior_authority
    head = next(v for v in visits if v.reception_kind is ReceptionKind.HEAD_PERIODIC)
    assert head.session is not None and head.session.starts_at <= head.visited_at <= head.session.ends_at
    refused = next(v for v in visits if v.outcome is VisitOutcome.REFUSED)
    assert refused.refusal_ground is not None
    registered = next(v for v in visits if v.outcome is VisitOutcome.REGISTERED)
    assert registered.case is not None and registered.case.channel.value == "in_person"
    assert all(v.visited_at.astimezone(LOCAL_TZ).weekday() < 5 for v in visits)
    assert db.session.scalar(sa.select(sa.func.count(ReceptionSession.id))) == 2  # held, and the next one
    assert verify_visit_chains() == {}
    assert "already loaded" in runner.invoke(args=["demo", "load"]).output
    assert db.session.scalar(sa.select(sa.func.count(Visit.id))) == len(visits)


def test_demo_data_ships_the_calendar_facts_the_holidays_package_gets_ahead_of(runner):
    from datetime import date

    from petition_app.services.working_calendar import working_calendar

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    calendar = working_calendar()
    assert calendar.is_working_day(date(2026, 11, 24))  # not yet a public holiday in law
    assert not calendar.is_working_day(date(2026, 8, 31)) and calendar.is_working_day(date(2026, 8, 22))


def test_the_demo_leader_and_admin_sign_in_with_the_printed_secret_or_flask_demo_code(app, runner, clock):
    """No setting relaxes two-step sign-in: the demo enrols its leader and admin and says how to get a code."""
    import re

    import pyotp

    from tests.conftest import csrf_token

    loaded = runner.invoke(args=["demo", "load"])
    secrets_printed = dict(re.findall(r"^\s+(lanhdao|quantri)\s+([A-Z2-7]{32})$", loaded.output, re.M))
    assert set(secrets_printed) == {"lanhdao", "quantri"}
    password = re.search(r"^\s+lanhdao\s+supervisor\s+(\S+)$", loaded.output, re.M).group(1)
    codes = dict(re.findall(r"^\s+(lanhdao|quantri)\s+(\d{6})$", runner.invoke(args=["demo", "code"]).output, re.M))
    assert codes == {name: pyotp.TOTP(secret).at(clock()) for name, secret in secrets_printed.items()}
    client = app.test_client()
    response = client.post("/staff/login", data={"csrf_token": csrf_token(client.get("/staff/login")),
                                                 "username": "lanhdao", "password": password})
    assert response.headers["Location"].endswith("/staff/login/ma-xac-thuc")
    response = client.post("/staff/login/ma-xac-thuc", data={
        "csrf_token": csrf_token(client.get("/staff/login/ma-xac-thuc")), "code": codes["lanhdao"]})
    assert response.status_code == 302 and client.get("/staff/").status_code == 200
