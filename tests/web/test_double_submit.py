"""A form sent twice (double click, back button, two tabs racing) makes one case; its token
replayed from another session files a new one and never shows the first."""
import threading

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case
from tests.conftest import TEST_PASSWORD, csrf_token, hidden_value
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


ANOTHER = {**VALID["feedback"], "subject": "Đèn đường hỏng trước nhà", "content": "Đèn đường số 12 hỏng đã một tháng."}


def test_a_token_replayed_from_another_browser_files_its_own_case(app, client):
    tokens = open_form(client)
    first = submit(client, VALID["feedback"], tokens=tokens)
    mine = db.session.scalar(sa.select(Case))
    other = app.test_client()
    replay = submit(other, ANOTHER, tokens={**open_form(other), "submission_token": tokens["submission_token"]})
    assert replay.status_code == 303 and replay.headers["Location"] != first.headers["Location"]
    receipt = other.get(replay.headers["Location"]).get_data(as_text=True)
    assert ANOTHER["subject"] in receipt
    assert mine.tracking_code not in receipt and mine.subject not in receipt
    assert other.get(first.headers["Location"]).status_code == 302  # not its receipt: the public status
    assert counts()["cases"] == 2
    # The first browser's double click still finds its own case.
    assert submit(client, VALID["feedback"], tokens=tokens).headers["Location"] == first.headers["Location"]


def _staff_client(app, make_user, role=Role.RECEPTION):
    staff = app.test_client()
    user = make_user(role, "VP")
    staff.post("/staff/login", data={"csrf_token": csrf_token(staff.get("/staff/login")),
                                     "username": user.username, "password": TEST_PASSWORD})
    return staff


def _register(staff, data, submission_token=None):
    page = staff.get("/staff/cases/new")
    fields = {"csrf_token": csrf_token(page), "submission_token": submission_token
              or hidden_value(page, "submission_token"), "channel": "post",
              "consent_means": "in_letter", **data}
    return staff.post("/staff/cases/new", data=fields)


def test_staff_replaying_a_colleagues_token_register_a_new_case(app, make_user):
    first_desk, second_desk = _staff_client(app, make_user), _staff_client(app, make_user)
    token = hidden_value(first_desk.get("/staff/cases/new"), "submission_token")
    first = _register(first_desk, VALID["feedback"], token)
    assert _register(first_desk, VALID["feedback"], token).headers["Location"] == first.headers["Location"]
    replay = _register(second_desk, ANOTHER, token)
    assert replay.status_code == 303 and replay.headers["Location"] != first.headers["Location"]
    mine, theirs = db.session.scalars(sa.select(Case).order_by(Case.id)).all()
    page = second_desk.get(replay.headers["Location"]).get_data(as_text=True)
    assert f"mã tra cứu {theirs.tracking_code}" in page and f"mã tra cứu {mine.tracking_code}" not in page
    assert counts()["cases"] == 2


def test_a_long_forged_token_is_only_a_token(client):
    tokens = {**open_form(client), "submission_token": "t" * 500}
    assert submit(client, VALID["feedback"], tokens=tokens).status_code == 303
