"""The citizen's status page shows the deadline the case is working towards now."""
import re

import pytest
import sqlalchemy as sa

from petition_app.domain.cases import Role
from petition_app.domain.workflow import Action
from petition_app.extensions import db
from petition_app.models import Case
from petition_app.services.workflow import ActionInput, take_action
from tests.web.intake_helpers import VALID, submit

ASKED = "Bản sao hóa đơn mua hàng tại quầy số 5"
WHY = "Cần xác minh thêm tại cơ sở kinh doanh"


@pytest.fixture
def filed(app, make_unit):
    make_unit("VP", "Văn phòng Sở")
    submit(app.test_client(), VALID["feedback"])
    return db.session.scalar(sa.select(Case))


def act(case, action, actor, clock, **given):
    db.session.refresh(case)
    take_action(case.id, action, actor, version=case.version, now=clock.now, given=ActionInput(**given))
    db.session.refresh(case)


def deadline(client, case):
    body = client.get(f"/tra-cuu/{case.tracking_code}").get_data(as_text=True)
    match = re.search(r'<dt>([^<]+)</dt>\s*<dd id="case-deadline">(.*?)</dd>', body, re.S)
    return (match.group(1), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(2))).strip()) if match \
        else None, body


def test_the_deadline_moves_from_triage_to_resolution_to_paused_to_extended(client, filed, clock, make_user):
    supervisor = make_user(Role.SUPERVISOR, "VP")
    (label, text), _ = deadline(client, filed)
    assert label == "Hạn thông báo kết quả xử lý đơn" and text == filed.triage_due.strftime("%d/%m/%Y")

    act(filed, Action.ACCEPT, supervisor, clock, unit_id=filed.unit_id or supervisor.unit_id)
    (label, text), body = deadline(client, filed)
    assert label == "Hạn giải quyết" and text == filed.resolution_due.strftime("%d/%m/%Y")
    assert filed.resolution_due != filed.triage_due

    clock.advance(days=2)
    act(filed, Action.HOLD, supervisor, clock, note=ASKED)
    (label, text), _ = deadline(client, filed)
    assert label == "Thời hạn"
    assert text.startswith(f"Tạm dừng — đang chờ ông/bà bổ sung: {ASKED} Từ ngày 27/11/2026.")

    clock.advance(days=7)
    act(filed, Action.RESUME, supervisor, clock, note="Đã nhận hóa đơn")
    resumed = filed.resolution_due
    (label, text), _ = deadline(client, filed)
    assert label == "Hạn giải quyết" and text == resumed.strftime("%d/%m/%Y")

    act(filed, Action.EXTEND, supervisor, clock, days=5, note=WHY)
    assert filed.resolution_due > resumed
    (label, text), body = deadline(client, filed)
    assert text == f"{filed.resolution_due:%d/%m/%Y} (đã gia hạn) Lý do gia hạn: {WHY}"
    for secret in ("Nguyễn Văn An", "0912", "an.nguyen@example.com", "12 Lê Lợi", filed.subject):
        assert secret not in body


def test_a_hold_at_triage_pauses_the_triage_answer_and_a_finished_case_has_no_deadline(client, filed, clock,
                                                                                     make_user):
    reception = make_user(Role.RECEPTION, "VP")
    act(filed, Action.HOLD, reception, clock, note=ASKED)
    (label, text), _ = deadline(client, filed)
    assert label == "Thời hạn" and ASKED in text and filed.triage_due.strftime("%d/%m/%Y") not in text
    clock.advance(days=1)
    act(filed, Action.RESUME, reception, clock, note="Đã bổ sung")
    act(filed, Action.GUIDE, reception, clock, note="Đề nghị gửi UBND phường")
    found, body = deadline(client, filed)
    assert found is None and "Hạn giải quyết" not in body
