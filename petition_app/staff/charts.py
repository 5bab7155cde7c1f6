"""Geometry of the dashboard's horizontal bar charts, computed here so the SVG macro
(templates/staff/_charts.html) only places what it is given.

Widths are percentages of the chart's width (its bars scale with a viewBox); heights and
text are in pixels, so labels stay readable on a phone.
"""
from dataclasses import dataclass

from flask_babel import format_percent
from flask_babel import gettext as _

from ..domain.deadlines import DeadlineState
from ..services.dashboard import AgeBucket, OnTimeRow, StateCount

BAR_HEIGHT = 18
BAR_GAP = 4
LABEL_HEIGHT = 20  # the row's label line, above its bars
ROW_GAP = 12
TEXT_INSIDE_FROM = 55  # a bar wider than this (%) carries its value inside, in white
LABEL_CHARS = 40  # longer labels are cut in the chart; the table below has them whole


@dataclass(frozen=True)
class Bar:
    width: float  # % of the chart's width
    y: int
    text: str
    tone: str  # a DeadlineState value: the bar's colour
    height: int = BAR_HEIGHT

    @property
    def text_inside(self) -> bool:
        return self.width > TEXT_INSIDE_FROM

    @property
    def text_y(self) -> int:
        return self.y + self.height - 5


@dataclass(frozen=True)
class Row:
    label: str
    y: int  # the label's baseline
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    rows: list[Row]
    height: int


def share(value: float, top: float) -> float:
    """``value`` as a percentage of ``top``; 0 when there is nothing to compare with."""
    return round(100 * value / top, 2) if top else 0.0


def percent(rate: float | None) -> str:
    """A rate from 0 to 1 as the reader's locale writes it (66,7% in Vietnamese); — for none."""
    return "—" if rate is None else format_percent(rate, "#,##0.#%")


def layout(rows: list[tuple[str, list[tuple[float, str, DeadlineState]]]]) -> Chart:
    """Stack the rows: a label line, then its bars, one under the other."""
    placed, top = [], 0
    for text, bars in rows:
        label = text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"
        first_bar = top + LABEL_HEIGHT
        placed.append(Row(label, top + 14, [
            Bar(width, first_bar + i * (BAR_HEIGHT + BAR_GAP), value, tone.value)
            for i, (width, value, tone) in enumerate(bars)]))
        top = first_bar + len(bars) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    return Chart(placed, top)


def deadline_chart(counts: list[StateCount]) -> Chart:
    """Overdue and due-soon bars side by side for each unit, on one scale."""
    top = max((max(c.overdue, c.due_soon) for c in counts), default=0)
    return layout([(c.label, [
        (share(c.overdue, top), _("%(n)s quá hạn", n=c.overdue), DeadlineState.OVERDUE),
        (share(c.due_soon, top), _("%(n)s sắp đến hạn", n=c.due_soon), DeadlineState.DUE_SOON),
    ]) for c in counts])


def ageing_chart(buckets: list[AgeBucket]) -> Chart:
    top = max((b.count for b in buckets), default=0)
    return layout([(b.label, [(share(b.count, top), str(b.count), b.state)]) for b in buckets])


def on_time_chart(rows: list[OnTimeRow]) -> Chart:
    """Each unit's on-time rate, on the 0–100% scale."""
    return layout([(r.label, [(share(r.on_time, r.resolved), percent(r.rate), DeadlineState.ON_TRACK)])
                   for r in rows])
