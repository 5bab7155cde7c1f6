"""Vietnamese working days (ngày làm việc) and the counting of statutory periods.

Periods follow Bộ luật Dân sự 2015, Điều 147–148: a period "within N days
from day D" starts the day after D; a period in working days ends on the Nth
working day after D; a period in calendar days whose last day is not a
working day ends on the next working day.

Working days are Monday to Friday, minus public holidays, plus the days made
working days in exchange (a Saturday worked so that a bridge day is off).
Dates given as ``workdays`` always win over weekends and holidays.

Every query is a binary search over a sorted table of working-day ordinals
covering whole years; the table grows (by whole years, atomically) when a
query reaches outside it, so any date is answered, not only the years given.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WEEKEND = "weekend"
YearLoader = Callable[[int], tuple[Mapping[date, str], Iterable[date]]]


@dataclass(frozen=True)
class _Table:
    first_year: int
    last_year: int
    ordinals: list[int]  # sorted ordinals of the working days in [first_year, last_year]


class WorkingCalendar:
    """Which days are worked, and arithmetic over them."""

    def __init__(self, holidays=(), workdays=(), weekend=(5, 6)):
        """``holidays``: dates off (or a mapping date → name); ``workdays``: dates worked regardless."""
        names = holidays if isinstance(holidays, Mapping) else dict.fromkeys(holidays, "")
        self._holiday_names: dict[date, str] = dict(names)
        self._workdays: set[date] = set(workdays)
        self._weekend = frozenset(weekend)
        self._loader: YearLoader | None = None
        self._loaded_years: set[int] = set()
        self._lock = threading.Lock()
        self._table: _Table | None = None

    @classmethod
    def vietnam(cls, years, overrides=None, reasons=None) -> WorkingCalendar:
        """holidays.VN for ``years`` (Vietnamese names), its weekend workdays, then ``overrides``.

        ``overrides`` maps a date to True (worked) or False (off): the
        government's yearly decisions on exchanged days. They always win.
        ``reasons`` optionally names the overridden days off (the decision behind each).
        Years outside ``years`` are loaded from holidays.VN when first needed.
        """
        import holidays as holidays_lib

        overrides = dict(overrides or {})
        reasons = dict(reasons or {})

        def load(year: int):
            vn = holidays_lib.country_holidays("VN", years=year, language="vi")
            off = {d: name for d, name in vn.items() if overrides.get(d) is not True}
            off.update({d: reasons.get(d) or "Ngày nghỉ theo quyết định" for d, working in overrides.items()
                        if working is False and d.year == year and d not in off})
            worked = {d for d in vn.weekend_workdays if d.year == year and overrides.get(d) is not False}
            worked |= {d for d, working in overrides.items() if working is True and d.year == year}
            return off, worked

        calendar = cls()
        calendar._loader = load
        years = list(years)
        if years:
            calendar._extend(min(years), max(years))
        return calendar

    # -- queries ---------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        table = self._covering(d.year, d.year)
        ordinals = table.ordinals
        i = bisect_left(ordinals, d.toordinal())
        return i < len(ordinals) and ordinals[i] == d.toordinal()

    def add_working_days(self, start: date, n: int) -> date:
        """The nth working day strictly after ``start``; ``start`` itself when n == 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        table = self._covering(start.year, start.year)
        while True:
            index = bisect_right(table.ordinals, start.toordinal()) + n - 1
            if index < len(table.ordinals):
                return date.fromordinal(table.ordinals[index])
            # Roughly 250 working days a year: grow the table far enough, then look again.
            table = self._covering(start.year, table.last_year + n // 200 + 1)

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days d with a < d <= b; negative when b is before a."""
        if b < a:
            return -self.working_days_between(b, a)
        ordinals = self._covering(a.year, b.year).ordinals
        return bisect_right(ordinals, b.toordinal()) - bisect_right(ordinals, a.toordinal())

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start`` + n days, moved forward to the next working day if it is not one."""
        end = start + timedelta(days=n)
        return end if self.is_working_day(end) else self.add_working_days(end, 1)

    def non_working_days(self, a: date, b: date) -> list[tuple[date, str]]:
        """Each day d with a < d <= b that is not worked, and why (a holiday's name or "weekend")."""
        days = []
        d = a + timedelta(days=1)
        while d <= b:
            if not self.is_working_day(d):
                days.append((d, self._holiday_names.get(d) or WEEKEND))
            d += timedelta(days=1)
        return days

    def holiday_name(self, d: date) -> str | None:
        self._covering(d.year, d.year)
        return self._holiday_names.get(d)

    # -- the table ---------------------------------------------------------------

    def _covering(self, first_year: int, last_year: int) -> _Table:
        table = self._table
        if table is not None and table.first_year <= first_year and last_year <= table.last_year:
            return table
        return self._extend(first_year, last_year)

    def _extend(self, first_year: int, last_year: int) -> _Table:
        with self._lock:
            table = self._table
            if table is not None:
                first_year = min(first_year, table.first_year)
                last_year = max(last_year, table.last_year)
                if table.first_year == first_year and table.last_year == last_year:
                    return table
            if self._loader is not None:
                for year in range(first_year, last_year + 1):
                    if year not in self._loaded_years:
                        off, worked = self._loader(year)
                        self._holiday_names.update(off)
                        self._workdays.update(worked)
                        self._loaded_years.add(year)
            ordinals = [
                o for o in range(date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal() + 1)
                if self._is_worked(date.fromordinal(o))
            ]
            self._table = _Table(first_year, last_year, ordinals)
            return self._table

    def _is_worked(self, d: date) -> bool:
        if d in self._workdays:
            return True
        return d.weekday() not in self._weekend and d not in self._holiday_names
