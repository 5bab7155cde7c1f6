"""Filling the desk form as an officer would."""
import re

from tests.conftest import csrf_token

VISITOR = {"citizen_id_0": "001088012345", "name_0": "Nguyễn Thị Lan", "phone_0": "0912345678",
           "address_0": "12 Lê Lợi, phường Hạc Thành, Thanh Hóa"}


def desk_data(client, **overrides) -> dict:
    """The new-visit form as the page gives it (its defaults), filled with a routine guided visit."""
    page = client.get("/staff/tiep-cong-dan/moi")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    data = {"csrf_token": csrf_token(page),
            "submission_token": re.search(r'name="submission_token" type="hidden" value="([^"]*)"', html).group(1),
            "visited_at": re.search(r'<input[^>]*id="visited_at"[^>]*value="([^"]*)"', html).group(1),
            "officer_id": re.search(r'<option selected value="(\d+)"', html).group(1),
            "place": "reception_room", "reception_kind": "routine", "people_count": "1",
            "content": "Phản ánh cân điện tử tại chợ Vườn Hoa cân thiếu cho người mua.",
            "documents": "Đơn phản ánh (01 bản)\nẢnh chụp cân", "outcome": "guided",
            "outcome_note": "Đã hướng dẫn gửi đơn đến Chi cục Tiêu chuẩn Đo lường Chất lượng.", **VISITOR}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def record(client, **overrides):
    return client.post("/staff/tiep-cong-dan/moi", data=desk_data(client, **overrides))
