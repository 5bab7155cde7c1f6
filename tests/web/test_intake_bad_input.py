"""Bad input on the intake form: a clear Vietnamese error by the field, input kept, nothing created."""
import html
import re

import pytest
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import Case
from tests import files
from tests.web.intake_helpers import NOTHING, VALID, counts, open_form, submit


@pytest.fixture(autouse=True)
def intake_unit(make_unit):
    return make_unit("VP", "Văn phòng Sở")


def field_error(body: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', body, re.S)
    assert match, f"no error shown for {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def assert_refused(response, field_id, expected_fragment):
    assert response.status_code == 422, response.status_code
    body = response.get_data(as_text=True)
    assert expected_fragment in field_error(body, field_id)
    assert 'role="alert"' in body  # the error summary is announced
    assert f'aria-describedby="{field_id}-error"' in body or f'{field_id}-error"' in body
    assert counts() == NOTHING
    return body


BAD_FIELDS = [
    ("citizen_id", "12345", "complaint", "đúng 12 chữ số"),
    ("citizen_id", "12345678901a", "complaint", "đúng 12 chữ số"),
    ("citizen_id", "999190012345", "complaint", "mã tỉnh"),
    ("phone", "12345", "feedback", "Số điện thoại không hợp lệ"),
    ("phone", "0112345678", "feedback", "Số điện thoại không hợp lệ"),
    ("phone", "+1 202 555 0100", "feedback", "Số điện thoại không hợp lệ"),
    ("email", "not-an-email", "feedback", "thư điện tử không hợp lệ"),
    ("email", "a@b", "feedback", "thư điện tử không hợp lệ"),
    ("tax_code", "12345", "petition_org", "Mã số thuế"),
    ("learned_on", "31/02/2026", "complaint", "Ngày không hợp lệ"),
    ("cosigner_count", "nhiều", "feedback", "số nguyên"),
    ("cosigner_count", "-3", "feedback", "Số người từ"),
    ("kind", "bribery", "feedback", "Lựa chọn không hợp lệ"),
]


@pytest.mark.parametrize("field,value,sample,message", BAD_FIELDS)
def test_invalid_value_is_refused_next_to_its_field(client, field, value, sample, message):
    response = submit(client, {**VALID[sample], field: value})
    body = assert_refused(response, field, message)
    # What the citizen typed is still in the form.
    assert html.escape(VALID[sample]["content"], quote=True) in body or VALID[sample]["content"] in body


@pytest.mark.parametrize("field", ["subject", "content", "address", "full_name"])
def test_empty_required_field_is_refused(client, field):
    assert_refused(submit(client, {**VALID["feedback"], field: "   "}), field, "Vui lòng điền mục này")


@pytest.mark.parametrize("sample,field", [
    ("complaint", "complained_decision"), ("complaint", "learned_on"), ("complaint", "citizen_id"),
    ("denunciation", "accused"), ("info_request", "info_form"), ("info_request", "info_delivery"),
    ("feedback", "location"), ("petition_org", "tax_code"), ("petition_org", "rep_name"),
])
def test_each_kind_asks_for_its_own_particulars(client, sample, field):
    data = {k: v for k, v in VALID[sample].items() if k != field}
    response = submit(client, data)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field)
    assert counts() == NOTHING


def test_missing_kind_is_refused(client):
    data = {k: v for k, v in VALID["feedback"].items() if k != "kind"}
    assert_refused(submit(client, data), "kind", "Vui lòng chọn loại đơn")


def test_consent_is_required(client):
    data = {k: v for k, v in VALID["feedback"].items() if k != "consent"}
    assert_refused(submit(client, data), "consent", "đồng ý")


def test_contact_is_required_for_a_named_individual(client):
    data = {k: v for k, v in VALID["feedback"].items() if k not in {"phone", "email"}}
    assert_refused(submit(client, data), "phone", "số điện thoại hoặc thư điện tử")


@pytest.mark.parametrize("field,limit", [("subject", 300), ("content", 10000), ("full_name", 200),
                                         ("address", 500), ("location", 300)])
def test_too_long_text_is_refused(client, field, limit):
    assert_refused(submit(client, {**VALID["feedback"], field: "ă" * (limit + 1)}), field, f"Tối đa {limit} ký tự")


def test_text_at_the_limit_is_accepted(client):
    response = submit(client, {**VALID["feedback"], "subject": "ơ" * 300, "content": "ư" * 10000})
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert len(case.subject) == 300 and len(case.content) == 10000


@pytest.mark.parametrize("field", ["subject", "content", "full_name", "address", "location"])
def test_nul_byte_is_refused(client, field):
    assert_refused(submit(client, {**VALID["feedback"], field: "abc\x00def"}), field, "ký tự không hợp lệ")


def test_invalid_utf8_is_refused(client):
    """A browser posts this form as multipart; bytes that are not UTF-8 must not become a case."""
    fields = {**open_form(client), **VALID["feedback"]}
    boundary = "----petition-test"
    parts = []
    for name, value in fields.items():
        raw = b"caf\xc3\x28 \xff\xfe" if name == "subject" else value.encode("utf-8")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + raw)
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    response = client.post("/gui-don", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert_refused(response, "subject", "ký tự không hợp lệ")


TEXT_FIELDS = ["subject", "content", "full_name", "address", "location"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_html_and_script_are_stored_as_text_and_escaped(client, login, field):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = submit(client, {**VALID["feedback"], field: f"Nội dung {attack}"})
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    stored = getattr(case, field, None) or getattr(case.petitioner, field)
    assert attack in stored  # kept verbatim as plain text
    from petition_app.domain.cases import Role

    login(Role.SUPERVISOR)
    page = client.get(f"/staff/cases/{case.id}").get_data(as_text=True)
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    for rendered in (page, receipt):
        assert "<script>alert" not in rendered
        assert "<img src=x" not in rendered
    assert "&lt;script&gt;" in page


def test_html_is_escaped_when_the_form_is_shown_again(client):
    attack = '"><script>alert(1)</script>'
    response = submit(client, {**VALID["feedback"], "subject": attack, "phone": "bad"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in body
    assert "&#34;&gt;&lt;script&gt;" in body or "&quot;&gt;&lt;script&gt;" in body


def test_missing_csrf_token_creates_nothing_and_keeps_the_input(client):
    tokens = open_form(client)
    del tokens["csrf_token"]
    response = submit(client, VALID["feedback"], tokens=tokens)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Phiên làm việc" in body
    assert "CSRF" not in body.split("<main", 1)[1]  # no library jargon in front of citizens
    assert VALID["feedback"]["subject"] in body
    assert counts() == NOTHING


def test_forged_csrf_token_is_refused(client):
    tokens = open_form(client)
    tokens["csrf_token"] = "forged"
    assert submit(client, VALID["feedback"], tokens=tokens).status_code == 422
    assert counts() == NOTHING


# --- attachments -------------------------------------------------------------

def test_accepted_files_are_stored_outside_static_under_random_names(client, app):
    uploads = [files.upload(files.PDF, "don.pdf"), files.upload(files.PNG, "anh.png"),
               files.upload(files.JPEG, "anh2.jpg"), files.upload(files.docx(), "to-trinh.docx")]
    response = submit(client, VALID["feedback"], files=uploads)
    assert response.status_code == 303
    case = db.session.scalar(sa.select(Case))
    assert [a.content_type for a in case.attachments] == [
        "application/pdf", "image/png", "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    for attachment in case.attachments:
        assert (folder / attachment.storage_name).is_file()
        assert attachment.original_name not in attachment.storage_name
        assert "static" not in str(folder.resolve())


@pytest.mark.parametrize("content,name", [
    (files.EXE, "don.pdf"), (files.HTML, "trang.pdf"), (files.plain_zip(), "tai-lieu.docx"),
    (files.zip_bomb(300), "bao-cao.docx"), (files.docx("index.html"), "trang-web.docx"),
    (b"GIF89a\x01\x00\x01\x00", "anh.png"), (b"", "rong.pdf"),
])
def test_wrong_file_type_renamed_is_refused(client, app, content, name):
    response = submit(client, VALID["feedback"], files=[files.upload(content, name)])
    body = assert_refused(response, "attachments", name)
    assert "chọn lại tệp" in body  # the citizen is told to pick the files again
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    assert not folder.exists() or not any(folder.iterdir())


def test_oversize_file_is_refused(client, app):
    big = files.PDF + b"0" * (app.config["MAX_ATTACHMENT_BYTES"])
    assert_refused(submit(client, VALID["feedback"], files=[files.upload(big, "lon.pdf")]),
                   "attachments", "lớn hơn 10 MB")


def test_more_than_five_files_is_refused(client):
    uploads = [files.upload(files.PDF, f"tep{i}.pdf") for i in range(6)]
    assert_refused(submit(client, VALID["feedback"], files=uploads), "attachments", "tối đa 5 tệp")


def test_request_larger_than_the_limit_gets_a_friendly_page(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = submit(client, VALID["feedback"], files=[files.upload(files.PDF + b"0" * 4096, "a.pdf")])
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)
    assert counts() == NOTHING


def test_late_complaint_is_refused_with_the_law_cited(client, clock):
    response = submit(client, {**VALID["complaint"], "learned_on": "2026-06-01"})
    body = assert_refused(response, "learned_on", "Đã quá thời hiệu khiếu nại")
    assert "Luật Khiếu nại 2011, Điều 9" in field_error(body, "learned_on")


def test_complaint_on_the_last_day_of_the_window_is_accepted(client, clock):
    # Learned on 27/08/2026: day 90 is 25/11/2026 (today), still within the window.
    response = submit(client, {**VALID["complaint"], "learned_on": "2026-08-27"})
    assert response.status_code == 303


def test_future_learned_on_date_is_refused(client):
    assert_refused(submit(client, {**VALID["complaint"], "learned_on": "2026-12-01"}),
                   "learned_on", "không được sau ngày gửi đơn")
