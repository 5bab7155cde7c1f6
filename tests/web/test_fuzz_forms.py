"""Random input in the intake form, the desk intake and Open311: any Unicode, control characters,
very long values, wrong types. Never a 500, nothing half-written (a case always comes with its
petitioner, event and notice), and a script typed anywhere comes back escaped."""
import html
import os
import re

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petition_app.domain.cases import Role
from petition_app.extensions import db
from petition_app.models import Case
from tests.web.intake_helpers import VALID, counts, open_form, submit

SCRIPT = "<script>alert(1)</script>"
# Everything a browser or a client could send: any code point a form can carry (no lone surrogates),
# control characters included, sometimes a script, sometimes far past every length limit.
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.builds(lambda piece, times: piece * times, st.text(st.characters(exclude_categories=("Cs",)), min_size=1,
                                                           max_size=5), st.integers(2_001, 5_000)),
    st.sampled_from([SCRIPT, "", " ", "\x00", "0" * 30, "-1", "99999999999999999999", "2026-02-30", "NaN",
                     "1e309", "<", "Đ" * 301]),
)
# 25 examples per run in the suite; FUZZ_EXAMPLES=500 for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25)), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PUBLIC_FIELDS = sorted({*VALID["complaint"], *VALID["feedback"], *VALID["info_request"], "cosigner_count",
                        "cosigner_names", "anonymous", "is_second_time", "first_decision_on", "accused",
                        "petitioner_type"} - {"csrf_token", "submission_token"})


def consistent():
    """A case never exists without its petitioner (when named), first event and acknowledgement."""
    rows = counts()
    assert rows["case_events"] >= rows["cases"]
    named = db.session.scalar(sa.select(sa.func.count(Case.id)).where(Case.is_anonymous.is_(False)))
    assert rows["petitioners"] == named


def assert_escaped(page: str):
    assert SCRIPT not in page  # shown as text: &lt;script&gt;…


@FUZZ
@given(kind=st.sampled_from(["feedback", "complaint", "info_request", "denunciation", "petition", "bogus", ""]),
       changes=st.dictionaries(st.sampled_from(PUBLIC_FIELDS), TEXT, min_size=1, max_size=4))
def test_the_public_form_never_fails_and_never_half_writes(client, kind, changes):
    data = {**VALID.get(kind, VALID["feedback"]), "kind": kind, **changes}
    response = submit(client, data)
    assert response.status_code in (200, 303, 400, 413, 422), response.status_code
    if response.status_code == 303:
        assert_escaped(client.get(response.headers["Location"]).get_data(as_text=True))
    else:
        assert_escaped(response.get_data(as_text=True))
    consistent()


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(["service_code", "description", "first_name", "last_name", "email",
                                                "phone", "address_string", "media_url", "attribute[consent]",
                                                "attribute[citizen_id]", "attribute[learned_on]",
                                                "attribute[petitioner_address]", "attribute[subject]",
                                                "attribute[info_delivery]", "attribute[cosigner_count]", "api_key"]),
                               TEXT, min_size=1, max_size=4),
       fmt=st.sampled_from(["json", "xml"]))
def test_open311_never_fails(client, changes, fmt):
    from tests.web.test_open311 import FEEDBACK

    response = client.post(f"/open311/v2/requests.{fmt}", data={**FEEDBACK, **changes})
    assert response.status_code in (200, 400, 403, 413), response.status_code
    assert_escaped(response.get_data(as_text=True)) if fmt == "xml" else None
    consistent()


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(["kind", "channel", "subject", "content", "full_name", "citizen_id",
                                                "phone", "email", "address", "received_at", "learned_on",
                                                "complained_decision", "late_reason", "late_reason_note",
                                                "consent_means", "confirm_backdate", "location", "cosigner_count"]),
                               TEXT, min_size=1, max_size=4))
def test_the_desk_intake_never_fails(client, login_once, changes):
    from tests.web.test_desk_intake import desk_form

    data = {**desk_form(client), **VALID["feedback"], "consent_means": "in_person_verbal", **changes}
    response = client.post("/staff/cases/new", data=data, content_type="multipart/form-data")
    assert response.status_code in (200, 303, 400, 413, 422), response.status_code
    page = client.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 303 \
        else response.get_data(as_text=True)
    assert_escaped(page)
    consistent()


def test_a_script_in_every_text_field_comes_back_as_text(client):
    data = {**open_form(client), **{k: (SCRIPT if k not in ("kind", "petitioner_type", "consent", "phone", "email")
                                        else v) for k, v in VALID["feedback"].items()}}
    response = submit(client, data)
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert html.escape(SCRIPT) in receipt and not re.search(r"<script>alert", receipt)


import pytest  # noqa: E402


@pytest.fixture
def login_once(login):
    return login(Role.RECEPTION)
