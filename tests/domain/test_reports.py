"""Report layouts and periods: the sector's 15th-to-14th periods, layouts chosen by a period's
first day, every column reachable by a cross-check, checks evaluated on figures."""
from datetime import date

import pytest

from petition_app.domain import report_periods as rp
from petition_app.domain import reports as r

P = rp.Preset


@pytest.mark.parametrize("preset, number, start, end", [
    (P.SECTOR_MONTH, 1, date(2025, 12, 15), date(2026, 1, 14)),
    (P.SECTOR_MONTH, 11, date(2026, 10, 15), date(2026, 11, 14)),
    (P.SECTOR_QUARTER, 1, date(2025, 12, 15), date(2026, 3, 14)),
    (P.SECTOR_QUARTER, 4, date(2026, 9, 15), date(2026, 12, 14)),
    (P.SECTOR_HALF_YEAR, None, date(2025, 12, 15), date(2026, 6, 14)),
    (P.SECTOR_NINE_MONTHS, None, date(2025, 12, 15), date(2026, 9, 14)),
    (P.SECTOR_YEAR, None, date(2025, 12, 15), date(2026, 12, 14)),
    (P.CALENDAR_MONTH, 2, date(2026, 2, 1), date(2026, 2, 28)),
    (P.CALENDAR_MONTH, 12, date(2026, 12, 1), date(2026, 12, 31)),
    (P.PLAN_YEAR, None, date(2025, 11, 1), date(2026, 10, 31)),
    (P.FIVE_YEARS, None, date(2021, 12, 15), date(2026, 12, 14)),
])
def test_presets_cover_the_sectors_periods(preset, number, start, end):
    period = rp.preset_period(preset, 2026, number)
    assert (period.start, period.end) == (start, end)


def test_the_plans_report_is_due_before_5_november_and_its_cut_off_is_a_setting():
    assert rp.preset_period(P.PLAN_YEAR, 2026).due == date(2026, 11, 5)
    moved = rp.preset_period(P.PLAN_YEAR, 2026, plan=rp.PlanSettings(cutoff=(10, 14), due=(11, 1)))
    assert (moved.start, moved.end, moved.due) == (date(2025, 10, 15), date(2026, 10, 14), date(2026, 11, 1))


@pytest.mark.parametrize("preset, number", [(P.SECTOR_MONTH, None), (P.SECTOR_MONTH, 13),
                                            (P.SECTOR_QUARTER, 5), (P.CALENDAR_MONTH, 0), (P.CUSTOM, None)])
def test_a_preset_without_its_number_is_refused(preset, number):
    with pytest.raises(ValueError):
        rp.preset_period(preset, 2026, number)


def test_a_custom_period_may_not_end_before_it_starts():
    assert rp.custom_period(date(2026, 1, 1), date(2026, 1, 1)).end_exclusive == date(2026, 1, 2)
    with pytest.raises(ValueError):
        rp.custom_period(date(2026, 1, 2), date(2026, 1, 1))


@pytest.mark.parametrize("on, version", [(date(2020, 1, 1), "02/2021"), (date(2021, 7, 1), "02/2021"),
                                         (date(2024, 6, 30), "02/2021"), (date(2024, 7, 1), "01/2024"),
                                         (date(2026, 11, 15), "01/2024")])
def test_a_period_uses_the_layout_in_force_on_its_first_day(on, version):
    for form in r.Form:
        assert r.layout_in_force(form, on).version == version


def test_every_form_has_both_layouts_with_unique_codes_and_keys():
    for form in r.Form:
        versions = [lay.version for lay in r.layouts_of(form)]
        assert versions == ["02/2021", "01/2024"]
    for layout in r.LAYOUTS:
        codes = [c.code for c in layout.columns]
        assert len(codes) == len(set(codes)), layout.key
        assert r.layout_by_key(layout.key) is layout
        for check in layout.checks:
            layout.column(check.total)
            for part in check.parts:
                assert layout.column(part).measure, (layout.key, part)


def test_the_2024_reception_layout_adds_online_reception_only():
    old, new = r.layouts_of(r.Form.RECEPTION)
    assert new.columns[:-1] == old.columns
    assert new.columns[-1].heading == "Trong đó: tiếp trực tuyến"


def test_the_handling_form_is_the_published_01_XLD_and_others_are_marked_as_our_reading():
    layout = r.layout_in_force(r.Form.HANDLING, date(2026, 1, 1))
    assert layout.number == "01/XLD"
    assert [c.code for c in layout.columns] == [str(n) for n in range(1, 28)]
    assert {c.source for c in layout.columns} == {r.SOURCE_TEXT}
    for form in (r.Form.RECEPTION, r.Form.COMPLAINTS, r.Form.DENUNCIATIONS):
        assert {c.source for c in r.layout_in_force(form, date(2026, 1, 1)).columns} == {r.SOURCE_READING}
    assert [c.describe() for c in layout.checks][:2] == ["(1) = (2) + (3) + (4) + (5) + (6) + (7)",
                                                         "(9) = (11) + (12) + (13)"]


def test_checks_report_what_figures_break():
    layout = r.layout_in_force(r.Form.COMPLAINTS, date(2026, 1, 1))
    good = {"1": 5, "2": 2, "3": 3, "4": 4, "5": 1, "6": 1, "7": 1, "8": 1, "9": 2, "10": 1, "11": 1}
    assert r.evaluate_checks(layout, good) == []
    broken = dict(good, **{"3": 4})
    assert r.evaluate_checks(layout, broken) == [r.Check("1", ("2", "3"))]


def test_the_header_merges_groups_over_their_columns_and_leaves_down_to_the_last_row():
    layout = r.layout_in_force(r.Form.HANDLING, date(2026, 1, 1))
    rows = r.header_rows(layout)
    assert len(rows) == 3
    top = [(c.text, c.column, c.colspan, c.rowspan) for c in rows[0]]
    assert top[:5] == [("Đơn vị", 0, 1, 3), ("Tổng số đơn", 1, 1, 3), ("Kỳ trước chuyển sang", 2, 3, 1),
                       ("Tiếp nhận trong kỳ", 5, 3, 1), ("Số đơn đã xử lý", 8, 1, 3)]
    assert ("Kết quả xử lý đơn", 18, 8, 1) in top
    assert [(c.text, c.column, c.colspan, c.rowspan) for c in rows[1] if c.column >= 18] == [
        ("Đơn thuộc thẩm quyền", 18, 4, 1), ("Đơn không thuộc thẩm quyền", 22, 4, 1)]
    assert ("Chưa giải quyết", 16, 2, 1) in [(c.text, c.column, c.colspan, c.rowspan) for c in rows[1]]
    # Every form column is covered exactly once per header row.
    for row_index in range(3):
        covered = []
        for level, row in enumerate(rows[:row_index + 1]):
            for c in row:
                if level + c.rowspan > row_index:
                    covered += range(c.column, c.column + c.colspan)
        assert sorted(covered) == list(range(len(layout.columns) + 1))


@pytest.mark.parametrize("day, expected", [(date(2026, 11, 14), (2026, 11)), (date(2026, 11, 15), (2026, 12)),
                                           (date(2026, 12, 15), (2027, 1)), (date(2027, 1, 1), (2027, 1))])
def test_the_sector_month_a_day_falls_in(day, expected):
    assert rp.sector_month_of(day) == expected
    period = rp.preset_period(P.SECTOR_MONTH, *expected)
    assert period.start <= day <= period.end
