"""The narrative report (DOCX): every form's figures in sentences, the parts for people marked, for
the readers of the reports only; from the web and from `flask reports build --format docx`."""
import io

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from petition_app.domain.cases import Role
from tests.services import report_helpers as h

QUERY = "bieu=01-XLD&ky=sector_month&nam=2026&so=11"
URL = f"/staff/bao-cao/bao-cao-tong-hop.docx?{QUERY}"


@pytest.fixture
def month(app, make_unit, make_user):
    return h.build_month(make_unit, make_user)


def _text(body: bytes) -> tuple[str, Document]:
    document = Document(io.BytesIO(body))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells), document


def test_the_narrative_states_every_forms_figures_for_the_period(month, client, login):
    login(Role.SUPERVISOR)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in response.headers["Content-Disposition"]
    text, document = _text(response.data)
    reception, handling = h.RECEPTION["Tổng cộng"], h.HANDLING["Tổng cộng"]
    complaints, denunciations = h.COMPLAINTS["Tổng cộng"], h.DENUNCIATIONS["Tổng cộng"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "từ ngày 15/10/2026 đến ngày 14/11/2026" in text
    assert f"Tổng số lượt tiếp công dân: {reception['1']} lượt với {reception['2']} người" in text
    assert f"Trong đó tiếp công dân trực tuyến {h.RECEPTION_ONLINE['Tổng cộng']} lượt." in text
    carried = handling["2"] + handling["3"] + handling["4"]
    received = handling["5"] + handling["6"] + handling["7"]
    assert f"Tổng số đơn: {handling['1']} đơn (kỳ trước chuyển sang {carried} đơn, tiếp nhận trong kỳ " \
           f"{received} đơn)" in text
    assert f"Đơn đủ điều kiện xử lý: {handling['9']} đơn ({handling['10']} vụ việc)" in text
    assert f"không thuộc thẩm quyền {handling['22']} đơn (hướng dẫn {handling['23']}, chuyển đơn " \
           f"{handling['24']}, đôn đốc giải quyết {handling['25']})" in text
    assert f"khiếu nại thuộc thẩm quyền phải giải quyết: {complaints['1']} vụ việc (kỳ trước chuyển sang " \
           f"{complaints['2']}, tiếp nhận trong kỳ {complaints['3']})" in text
    assert f"giải quyết đúng hạn {complaints['9']}, quá hạn {complaints['10']}" in text
    assert f"Đang giải quyết {denunciations['11']} vụ việc, trong đó quá hạn {denunciations['12']}" in text
    marked = [run.text for p in document.paragraphs for run in p.runs
              if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert len(marked) == 4 and all(m.startswith("[Cán bộ soạn thảo hoàn thiện:") for m in marked)
    assert "Lưu ý trước khi gửi" not in text  # the known month breaks no cross-check


def test_a_unit_head_gets_the_narrative_of_their_unit(month, client, login):
    login(Role.UNIT_HEAD, "TDC")
    text, _document = _text(client.get(URL).data)
    unit = h.RECEPTION["Chi cục TĐC"]
    assert f"Tổng số lượt tiếp công dân: {unit['1']} lượt với {unit['2']} người" in text


@pytest.mark.parametrize("role", [Role.HANDLER, Role.RECEPTION])
def test_who_may_not_read_reports_gets_no_narrative(month, client, login, role):
    login(role)
    assert client.get(URL).status_code == 404


def test_a_bad_period_is_not_a_narrative(month, client, login):
    login(Role.SUPERVISOR)
    assert client.get(URL.replace("so=11", "so=13")).status_code == 404


def test_the_shell_builds_the_narrative_from_every_form(month, runner, tmp_path):
    out = tmp_path / "bao-cao.docx"
    result = runner.invoke(args=["reports", "build", "--from", "15/10/2026", "--to", "14/11/2026",
                                 "--format", "docx", "--output", str(out)])
    assert result.exit_code == 0, result.output
    text, _document = _text(out.read_bytes())
    assert f"Tổng số đơn: {h.HANDLING['Tổng cộng']['1']} đơn" in text
    refused = runner.invoke(args=["reports", "build", "--form", "01-TCD", "--from", "15/10/2026",
                                  "--to", "14/11/2026", "--format", "docx", "--output", str(out)])
    assert refused.exit_code != 0 and "--form all" in refused.output
