"""The database gone (restarted, failed over): a clean 503 "try again" page, never a 500, nothing
half-written; and the app reconnects by itself when it is back (issue 14, faults).
bench/faults/pg_restart.py restarts a real PostgreSQL in the middle of a load."""
import socket

import pytest
import sqlalchemy as sa

from petition_app import create_app
from petition_app.extensions import db
from tests.conftest import IsolatedClient
from tests.web.intake_helpers import NOTHING, VALID, counts, open_form, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def unreachable(app_config):
    """The same app with its database on a port where nothing listens."""
    down = create_app({**app_config, "SQLALCHEMY_DATABASE_URI":
                       f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/petition_down"})
    down.test_client_class = IsolatedClient
    return down


def test_a_submission_while_the_database_is_down_gets_a_503_try_again_page(unreachable):
    client = unreachable.test_client()
    tokens = open_form(client)  # the form itself needs no database
    response = submit(client, VALID["feedback"], tokens=tokens)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "tạm gián đoạn" in page and "chưa được lưu" in page
    assert "Traceback" not in page and "psycopg" not in page and "127.0.0.1" not in page


def test_the_staff_api_answers_503_as_a_problem(unreachable):
    response = unreachable.test_client().get("/api/v1/cases", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 503


def test_a_bad_statement_is_still_a_500_not_a_503(app, client):
    """Only a lost or refused connection is "try again": a programming error must not hide as one."""
    @app.get("/_test/bad-sql")
    def bad_sql():
        db.session.execute(sa.text("SELECT no_such_column FROM cases"))
        return "unreachable"

    response = client.get("/_test/bad-sql")
    assert response.status_code == 500


@pytest.mark.postgres_only
def test_the_app_reconnects_by_itself_after_its_connections_are_killed(app, client):
    """As after a PostgreSQL restart: every pooled connection is dead; the next request works."""
    tokens = open_form(client)
    assert submit(client, VALID["feedback"], tokens=tokens).status_code == 303
    killer = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with killer.begin() as conn:
        killed = conn.scalar(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()
    assert killed >= 1
    db.session.remove()
    response = submit(client, {**VALID["feedback"], "subject": "Đơn thứ hai"})
    assert response.status_code == 303
    assert counts() == {**NOTHING, "cases": 2, "petitioners": 2, "case_events": 2, "outbox_messages": 2}
