"""Filling the public intake form the way a browser does."""
import sqlalchemy as sa

from petition_app.extensions import db
from petition_app.models import Attachment, Case, CaseEvent, OutboxMessage, Petitioner
from tests.conftest import csrf_token, hidden_value

VALID = {
    "feedback": {
        "kind": "feedback", "petitioner_type": "individual", "full_name": "Nguyễn Văn An",
        "phone": "0912 345 678", "email": "an.nguyen@example.com",
        "address": "12 Lê Lợi, phường Thuận Hóa, TP Huế", "subject": "Cân điện tử tại chợ sai lệch",
        "content": "Cân tại quầy số 5 chợ Đông Ba cân thiếu khoảng 100 g mỗi kg.",
        "location": "Chợ Đông Ba, TP Huế", "consent": "y",
    },
    "complaint": {
        "kind": "complaint", "petitioner_type": "individual", "full_name": "Trần Thị Bình",
        "citizen_id": "046190012345", "phone": "+84 905 123 456", "email": "binh@example.com",
        "address": "5 Hùng Vương, TP Huế", "subject": "Khiếu nại quyết định xử phạt",
        "content": "Tôi khiếu nại Quyết định xử phạt số 15/QĐ-XPHC vì áp dụng sai mức phạt.",
        "complained_decision": "Quyết định số 15/QĐ-XPHC ngày 01/10/2026", "learned_on": "2026-10-05",
        "consent": "y",
    },
    "denunciation": {
        "kind": "denunciation", "petitioner_type": "individual", "full_name": "Lê Văn Cường",
        "citizen_id": "001090012345", "phone": "0987654321", "address": "Hà Nội",
        "subject": "Tố cáo sai phạm", "content": "Cán bộ X nhận tiền để bỏ qua vi phạm đo lường.",
        "accused": "Cán bộ X, Chi cục Tiêu chuẩn Đo lường Chất lượng", "consent": "y",
    },
    "info_request": {
        "kind": "info_request", "petitioner_type": "individual", "full_name": "Phạm Thu Dung",
        "citizen_id": "079190012345", "email": "dung@example.com", "address": "TP Hồ Chí Minh",
        "subject": "Danh sách đề tài khoa học năm 2025",
        "content": "Đề nghị cung cấp danh sách đề tài khoa học cấp tỉnh được phê duyệt năm 2025.",
        "info_form": "electronic", "info_delivery": "email", "consent": "y",
    },
    "petition_org": {
        "kind": "petition", "petitioner_type": "organisation", "org_name": "Công ty TNHH Cơ khí Hương Giang",
        "tax_code": "3301234567", "address": "KCN Phú Bài, TP Huế", "rep_name": "Hoàng Văn Em",
        "rep_position": "Giám đốc", "rep_contact": "0234 3822 123", "phone": "0234 3822 123",
        "subject": "Kiến nghị hỗ trợ đăng ký nhãn hiệu",
        "content": "Doanh nghiệp kiến nghị Sở hướng dẫn, hỗ trợ đăng ký bảo hộ nhãn hiệu sản phẩm.",
        "location": "KCN Phú Bài", "consent": "y",
    },
}


def open_form(client):
    page = client.get("/gui-don")
    assert page.status_code == 200
    return {"csrf_token": csrf_token(page), "submission_token": hidden_value(page, "submission_token")}


def submit(client, data, files=None, tokens=None):
    payload = dict(tokens or open_form(client))
    payload.update(data)
    if files:
        payload["attachments"] = files
    return client.post("/gui-don", data=payload, content_type="multipart/form-data")


def counts():
    """How many rows each intake table holds: nothing may be created half-way."""
    return {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Case, Petitioner, Attachment, CaseEvent, OutboxMessage)}


NOTHING = {"cases": 0, "petitioners": 0, "attachments": 0, "case_events": 0, "outbox_messages": 0}
