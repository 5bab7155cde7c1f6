"""Shared fixtures: a migrated database (SQLite or PostgreSQL), the app, a clock, real SMTP.

The schema is built once per run by the Alembic migrations (never by
create_all). Each test gets a fresh app on that database; rows written by a
test are deleted after it, so tests may commit, use several connections and
run threads like the real thing.
"""
import contextvars
import functools
import os
import re
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask import current_app
from flask.testing import FlaskClient

from petition_app import create_app
from petition_app.domain import second_factor as second_factor_rules
from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import SecondFactor, Unit, User

BACKEND = os.environ.get("PETITION_TEST_BACKEND", "sqlite")
TEST_PASSWORD = "mat-khau-thu-nghiem-01"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # what the test users' authenticator app holds


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: runs only in the SQLite pass")
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BACKEND != "postgresql" and "postgres_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set TEST_DATABASE_URL)"))


def pytest_report_header(config):
    return f"database backend: {BACKEND}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if BACKEND == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.exit("PETITION_TEST_BACKEND=postgresql needs TEST_DATABASE_URL", returncode=2)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    migrate_app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with migrate_app.app_context():
        from flask_migrate import upgrade

        upgrade()
        _empty_tables()  # what the migrations seeded: every test starts from the same empty tables
        db.engine.dispose()
    return url


@dataclass
class Clock:
    """The injected "now"; tests move it instead of sleeping."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now

    def set(self, moment: datetime) -> datetime:
        self.now = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app_config(database_url, tmp_path, clock):
    """Overrides for the test app; a test may change them before using `app`."""
    return {
        "CONFIG_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "CLOCK": clock,
        "MAIL_PORT": _free_port(),  # nothing listens there unless the smtp fixture does
        "INTAKE_RATE_LIMIT": "1000 per minute",
        "LOOKUP_RATE_LIMIT": "1000 per minute",
        "LOOKUP_MISS_RATE_LIMIT": "1000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        # Many tests move the clock by days between a sign-in and a page; test_idle_timeout.py
        # sets the real default back.
        "SESSION_IDLE_MINUTES": 60 * 24 * 365,
    }


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in a real server.

    The test body holds an app context for its own queries; without this,
    requests would share it (and its `g` and database session) with the test
    and with each other.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # TRUNCATE fires no row triggers, so the append-only audit trigger does not stop it.
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            conn.execute(sa.text(f"TRUNCATE {names}"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- factories -------------------------------------------------------------

@pytest.fixture
def make_unit(app):
    def make(code="VP", name="Văn phòng Sở"):
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == code))
        if unit is None:
            unit = Unit(code=code, name=name)
            db.session.add(unit)
            db.session.commit()
        return unit

    return make


@functools.cache
def _password_hash(password: str) -> str:
    """Hashing is slow on purpose; tests reuse one real hash per password."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


@pytest.fixture
def make_user(app, make_unit):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.HANDLER, unit_code="VP", username=None, password=TEST_PASSWORD,
             second_factor: bool | None = None):
        """A user; leadership and admins come with a second factor enrolled (``TEST_TOTP_SECRET``)
        unless ``second_factor=False``, as they could not sign in otherwise."""
        unit = make_unit(unit_code, f"Đơn vị {unit_code}")
        user = User(username=username or f"{role.value}{next(counter)}", full_name=f"Cán bộ {role.value}",
                    role=role, unit=unit, email=None)
        user.password_hash = _password_hash(password)
        db.session.add(user)
        db.session.flush()
        if second_factor if second_factor is not None else second_factor_rules.is_required(role):
            db.session.add(SecondFactor(user_id=user.id, secret=TEST_TOTP_SECRET,
                                        created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                                        confirmed_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client, make_user, clock):
    """Sign in through the real login form (and the code page, for a user with a second factor)."""

    def sign_in(role: Role = Role.HANDLER, unit_code="VP", user=None):
        user = user or make_user(role, unit_code)
        sign_in_with(client, user, clock)
        return user

    return sign_in


def sign_in_with(client, user, clock=None, password=TEST_PASSWORD):
    """The real sign-in of ``user`` on ``client``: the password, then a code if they have a second
    factor (computed at the app's clock unless given); returns the last response (a redirect)."""
    token = csrf_token(client.get("/staff/login"))
    response = client.post("/staff/login", data={"csrf_token": token, "username": user.username,
                                                 "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"].endswith("/staff/login/ma-xac-thuc"):
        response = enter_code(client, user, clock)
    return response


def enter_code(client, user, clock=None):
    """Complete the second step with the code an authenticator app shows at the test clock's time."""
    token = csrf_token(client.get("/staff/login/ma-xac-thuc"))
    response = client.post("/staff/login/ma-xac-thuc", data={"csrf_token": token,
                                                             "code": totp_code(user, clock)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def totp_code(user, clock=None) -> str:
    """A code not used yet: now's, else the next step's (within the window), else the clock moves 30 s."""
    import pyotp

    clock = clock or current_app.config["CLOCK"]
    factor = db.session.get(SecondFactor, user.id, populate_existing=True)
    totp = pyotp.TOTP(factor.secret)
    step = totp.timecode(clock())
    if factor.last_step is not None and factor.last_step >= step + 1:
        clock.advance(seconds=30 * (factor.last_step - step))
        step = totp.timecode(clock())
    if factor.last_step is not None and factor.last_step >= step:
        step += 1
    return totp.generate_otp(step)


def csrf_token(response) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True))
    if match is None:
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def hidden_value(response, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', response.get_data(as_text=True))
    assert match, f"no hidden {name} on the page"
    return match.group(1)


# --- a real SMTP server on loopback -----------------------------------------

class RecordingHandler:
    """aiosmtpd handler that keeps every message; can be told to refuse."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 try again later"
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(app_config):
    """A real SMTP server on 127.0.0.1; the test app sends to it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app_config["MAIL_PORT"] = controller.port
    app_config["MAIL_SERVER"] = "127.0.0.1"
    try:
        yield handler
    finally:
        controller.stop()
