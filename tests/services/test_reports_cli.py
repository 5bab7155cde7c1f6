"""`flask reports build`: the forms of a period as files, from the shell."""
import csv
import io

import openpyxl
import pytest

from tests.services import report_helpers as h


@pytest.fixture
def month(app, make_unit, make_user):
    return h.build_month(make_unit, make_user)


def test_build_writes_every_form_to_one_workbook(month, runner, tmp_path):
    out = tmp_path / "thang-11.xlsx"
    result = runner.invoke(args=["reports", "build", "--from", "15/10/2026", "--to", "14/11/2026",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["01-TCD", "01-XLD", "01-KQGQ", "01-KQGQTC"]
    sheet = book["01-KQGQ"]
    totals = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert list(totals[1:13]) == [h.COMPLAINTS["Tổng cộng"][str(i)] for i in range(1, 13)]


def test_build_one_form_in_an_older_layout_as_csv(month, runner, tmp_path):
    out = tmp_path / "tcd.csv"
    result = runner.invoke(args=["reports", "build", "--form", "01-TCD", "--layout", "01-TCD@02-2021",
                                 "--from", "15/10/2026", "--to", "14/11/2026", "--format", "csv",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert len(rows[1]) == 22  # the unit and 21 columns: no online column before 01/2024
    assert rows[-1] == ["Tổng cộng"] + [str(h.RECEPTION["Tổng cộng"][str(i)]) for i in range(1, 22)]


def test_build_a_pdf(month, runner, tmp_path):
    out = tmp_path / "xld.pdf"
    result = runner.invoke(args=["reports", "build", "--form", "01-XLD", "--from", "15/10/2026",
                                 "--to", "14/11/2026", "--format", "pdf", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("args, message", [
    (["--from", "31/02/2026", "--to", "14/11/2026"], "dd/mm/yyyy"),
    (["--from", "15/11/2026", "--to", "14/11/2026"], "before --from"),
    (["--from", "15/10/2026", "--to", "14/11/2026", "--layout", "01-XLD@1999"], "no layout"),
])
def test_bad_arguments_are_refused(app, runner, args, message):
    result = runner.invoke(args=["reports", "build", *args])
    assert result.exit_code != 0 and message in result.output
