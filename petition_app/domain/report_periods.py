"""Reporting periods (kỳ báo cáo): the inspection sector's periods, the calendar month, the
provincial plan's annual report, a five-year span and any custom range.

The sector counts its figures from the 15th of one month to the 14th of the next; its year
runs from 15 December to 14 December (DESIGN.md, "Reporting"; the circulars on reporting in the
inspection sector). The provincial plan's annual report is due before 5 November; the day its
figures stop (the cut-off) is a setting, not a constant: our reading is the 31st of October.
Pure: no Flask, no database; ``today`` is passed in.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

SECTOR_FIRST_DAY = 15  # a sector period starts on the 15th …
SECTOR_LAST_DAY = 14  # … and ends on the 14th


class Preset(str, Enum):
    SECTOR_MONTH = "sector_month"  # tháng (15 tháng trước – 14 tháng này)
    SECTOR_QUARTER = "sector_quarter"  # quý
    SECTOR_HALF_YEAR = "sector_half_year"  # 6 tháng
    SECTOR_NINE_MONTHS = "sector_nine_months"  # 9 tháng
    SECTOR_YEAR = "sector_year"  # năm (15/12 năm trước – 14/12)
    CALENDAR_MONTH = "calendar_month"  # tháng dương lịch
    PLAN_YEAR = "plan_year"  # báo cáo năm theo kế hoạch của tỉnh (gửi trước 5/11)
    FIVE_YEARS = "five_years"  # tổng kết 5 năm
    CUSTOM = "custom"  # khoảng tùy chọn


# How many sector months each preset spans, ending with the preset's last month.
_SECTOR_MONTHS = {Preset.SECTOR_MONTH: 1, Preset.SECTOR_QUARTER: 3, Preset.SECTOR_HALF_YEAR: 6,
                  Preset.SECTOR_NINE_MONTHS: 9, Preset.SECTOR_YEAR: 12}
# The number a preset is chosen by: its month, quarter or nothing (the year alone).
PRESETS_WITH_NUMBER = {Preset.SECTOR_MONTH: 12, Preset.SECTOR_QUARTER: 4, Preset.CALENDAR_MONTH: 12}


@dataclass(frozen=True)
class PlanSettings:
    """The provincial plan's annual report: figures up to ``cutoff`` (month, day), due before
    ``due`` (month, day) of the same year."""

    cutoff: tuple[int, int] = (10, 31)
    due: tuple[int, int] = (11, 5)


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included (local dates); ``due`` when a report is due."""

    start: date
    end: date
    preset: Preset = Preset.CUSTOM
    due: date | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def end_exclusive(self) -> date:
        return self.end + timedelta(days=1)


def _month_start(year: int, month: int) -> tuple[int, int]:
    """(year, month) normalised, so month 0 is December of the year before."""
    year += (month - 1) // 12
    return year, (month - 1) % 12 + 1


def sector_months(year: int, last_month: int, count: int) -> tuple[date, date]:
    """``count`` sector months ending with month ``last_month`` of ``year``: from the 15th of the
    month before the first to the 14th of the last (month 1 starts on 15 December)."""
    y, m = _month_start(year, last_month - count)
    return date(y, m, SECTOR_FIRST_DAY), date(year, last_month, SECTOR_LAST_DAY)


def preset_period(preset: Preset, year: int, number: int | None = None,
                  plan: PlanSettings = PlanSettings()) -> Period:
    """The period of a preset in ``year``: ``number`` is the month (1–12) or quarter (1–4)
    where the preset needs one; half-year, nine months and year end in June, September and
    December. ``plan`` sets the provincial plan's cut-off and due day."""
    limit = PRESETS_WITH_NUMBER.get(preset)
    if limit and not (number and 1 <= number <= limit):
        raise ValueError(f"{preset.value} needs a number from 1 to {limit}")
    if preset is Preset.CUSTOM:
        raise ValueError("a custom period is built from its dates")
    if preset is Preset.CALENDAR_MONTH:
        y, m = _month_start(year, number + 1)
        return Period(date(year, number, 1), date(y, m, 1) - timedelta(days=1), preset)
    if preset is Preset.PLAN_YEAR:
        month, day = plan.cutoff
        end = date(year, month, day)
        return Period(date(year - 1, month, day) + timedelta(days=1), end, preset, date(year, *plan.due))
    if preset is Preset.FIVE_YEARS:
        start, _ = sector_months(year - 4, 12, 12)
        return Period(start, date(year, 12, SECTOR_LAST_DAY), preset)
    count = _SECTOR_MONTHS[preset]
    last = {Preset.SECTOR_MONTH: number, Preset.SECTOR_QUARTER: (number or 0) * 3,
            Preset.SECTOR_HALF_YEAR: 6, Preset.SECTOR_NINE_MONTHS: 9, Preset.SECTOR_YEAR: 12}[preset]
    return Period(*sector_months(year, last, count), preset)


def custom_period(start: date, end: date) -> Period:
    return Period(start, end, Preset.CUSTOM)


def sector_month_of(day: date) -> tuple[int, int]:
    """(year, month) of the sector month ``day`` falls in: from the 15th it is the next month's."""
    if day.day < SECTOR_FIRST_DAY:
        return day.year, day.month
    return _month_start(day.year, day.month + 1)
