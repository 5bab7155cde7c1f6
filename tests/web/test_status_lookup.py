"""Looking a case up by tracking code: /tra-cuu and /tra-cuu/<code>."""
import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import Case
from tests.web.intake_helpers import VALID, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


@pytest.fixture
def filed(client):
    submit(client, VALID["complaint"])
    return db.session.scalar(sa.select(Case))


def test_status_page_shows_kind_unit_status_and_dates(client, filed):
    response = client.get(f"/tra-cuu/{filed.tracking_code}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Khiếu nại" in body and "Văn phòng Sở" in body
    assert "Đã tiếp nhận, đang phân loại" in body
    assert "25/11/2026" in body and "09/12/2026" in body


def test_status_page_never_shows_personal_data(client, filed):
    body = client.get(f"/tra-cuu/{filed.tracking_code}").get_data(as_text=True)
    petitioner = filed.petitioner
    for secret in (petitioner.full_name, petitioner.citizen_id, petitioner.phone, "0905", petitioner.email,
                   petitioner.address, filed.subject, filed.content, filed.complained_decision):
        assert secret not in body


def test_lookup_form_redirects_to_the_status_page(client, filed):
    typed = filed.tracking_code.lower().replace("-", " ")
    response = client.get("/tra-cuu", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tra-cuu/{filed.tracking_code}")


def test_code_typed_without_dashes_is_redirected_to_its_canonical_url(client, filed):
    response = client.get(f"/tra-cuu/{filed.tracking_code.replace('-', '').lower()}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(filed.tracking_code)


def test_unknown_code_gives_a_clear_404(client):
    response = client.get("/tra-cuu/2222-3333-4444-5555")
    assert response.status_code == 404
    assert "Không tìm thấy đơn" in response.get_data(as_text=True)


def test_mistyped_code_is_caught_by_its_check_symbol(client, filed):
    code = filed.tracking_code
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    response = client.get("/tra-cuu", query_string={"code": wrong})
    assert response.status_code == 422
    assert "Mã tra cứu không đúng" in response.get_data(as_text=True)


def test_empty_lookup_is_refused_next_to_the_field(client):
    response = client.get("/tra-cuu", query_string={"code": " "})
    assert response.status_code == 422
    assert 'id="code-error"' in response.get_data(as_text=True)


def test_lookup_of_hostile_input_is_escaped(client):
    response = client.get("/tra-cuu/<script>alert(1)<%2Fscript>")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_home_page_offers_every_kind_and_the_lookup(client):
    body = client.get("/").get_data(as_text=True)
    for kind in ("feedback", "petition", "complaint", "denunciation", "info_request"):
        assert f"/gui-don?loai={kind}" in body
    assert 'action="/tra-cuu"' in body


def test_same_urls_serve_english(client, filed):
    client.get("/ngon-ngu/en?next=/tra-cuu")
    body = client.get(f"/tra-cuu/{filed.tracking_code}").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Complaint" in body
    client.get("/ngon-ngu/vi")
    assert "Khiếu nại" in client.get(f"/tra-cuu/{filed.tracking_code}").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/ngon-ngu/en?next=//evil.example.com/")
    assert response.headers["Location"] == "/"
