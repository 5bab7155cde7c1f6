"""A form sent twice (double click, back button, two tabs racing) makes one case."""
import threading

import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import Case
from tests.web.intake_helpers import VALID, counts, open_form, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def test_resubmitting_the_same_form_returns_the_first_case(client):
    tokens = open_form(client)
    first = submit(client, VALID["feedback"], tokens=tokens)
    second = submit(client, VALID["feedback"], tokens=tokens)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert counts()["cases"] == 1 and counts()["outbox_messages"] == 1


def test_two_forms_opened_separately_make_two_cases(client):
    submit(client, VALID["feedback"])
    submit(client, VALID["feedback"])
    assert counts()["cases"] == 2


def test_concurrent_double_submit_makes_one_case(app, client):
    tokens = open_form(client)
    cookie = client.get_cookie("session")
    results = []
    barrier = threading.Barrier(4)

    def post():
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        barrier.wait()
        results.append(submit(other, VALID["feedback"], tokens=tokens))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [303] * 4
    assert len({r.headers["Location"] for r in results}) == 1
    db.session.remove()
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1
    assert counts()["case_events"] == 1 and counts()["outbox_messages"] == 1
