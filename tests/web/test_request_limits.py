"""A form body too large, or with too many fields, is refused before it is parsed, on every route."""
import io

import pytest

from tests import files
from tests.web.intake_helpers import VALID, counts, submit

FLOOD = b"a&" * (5 * 512 * 1024)  # 5 MB, 2.6 million empty fields


@pytest.mark.parametrize("path", ["/staff/logout", "/gui-don", "/staff/login", "/admin/routing"])
def test_a_large_url_encoded_body_is_refused(client, path):
    response = client.post(path, data=FLOOD, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "quá nhiều mục" in response.get_data(as_text=True)


def test_too_many_fields_are_refused_even_in_a_small_body(client, app):
    body = b"a&" * app.config["MAX_FORM_PARTS"]
    assert len(body) < app.config["MAX_FORM_MEMORY_SIZE"]
    response = client.post("/staff/logout", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_the_bound_is_a_setting(client, app):
    app.config["MAX_FORM_MEMORY_SIZE"] = 64
    response = client.post("/staff/logout", data=b"x=" + b"1" * 100,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_a_body_sent_in_chunks_is_bounded_too(client):
    # No Content-Length: the server has read the chunks into a stream of unknown length.
    response = client.post("/gui-don", input_stream=io.BytesIO(FLOOD),
                           content_type="application/x-www-form-urlencoded",
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413


def test_uploads_larger_than_the_form_bound_still_go_through(client, make_unit, app):
    make_unit("VP", "Văn phòng Sở")
    pdf = files.PDF + b"0" * (2 * app.config["MAX_FORM_MEMORY_SIZE"])
    uploads = [files.upload(pdf, f"tai-lieu-{i}.pdf") for i in range(5)]
    response = submit(client, VALID["feedback"], files=uploads)
    assert response.status_code == 303
    assert counts()["attachments"] == 5
