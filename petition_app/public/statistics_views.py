"""Public statistics (/thong-ke): a page per month or year, and the same figures as open data
(``/thong-ke/2026-11.json``, ``/thong-ke/2026.csv``). Counts only, never personal data."""
import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..clock import local_date, utcnow
from ..domain.cases import CaseKind, Category, Channel
from ..i18n import label
from ..services import public_statistics as statistics
from ..services.public_statistics import FIGURES, NO_FIELD, NO_UNIT, Figures, Period, Statistics
from ..staff.charts import layout, share
from .views import bp

CSV_COLUMNS = ("period", "dimension", "key", "label", *FIGURES)
# A page costs seconds at hundreds of thousands of cases (bench/statistics.py): shared caches may keep it.
CACHE_SECONDS = 300


@bp.after_request
def _cache_statistics(response):
    if request.endpoint in ("public.statistics_page", "public.statistics_json", "public.statistics_csv") \
            and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


class Tone(str, Enum):
    """A bar's colour on the statistics charts (app.css, .tone-…)."""

    RECEIVED = "received"
    RESOLVED = "resolved"
    BACKLOG = "backlog"
    ON_TIME = "on_track"
    LATE = "overdue"


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    figures: Figures


def _dimension_titles() -> dict[str, str]:
    return {"month": _("Theo tháng"), "kind": _("Theo loại đơn"), "channel": _("Theo hình thức tiếp nhận"),
            "field": _("Theo lĩnh vực"), "unit": _("Theo đơn vị")}


def _month_label(code: str) -> str:
    year, month = code.split("-")
    return _("Tháng %(m)s/%(y)s", m=int(month), y=year)


def _field_label(value: str) -> str:
    if value == NO_FIELD:
        return _("Chưa xác định lĩnh vực")
    try:
        return label(Category(value))
    except ValueError:
        return value


def lines(stats: Statistics) -> dict[str, list[Line]]:
    """Each dimension's rows, labelled, in a stable order: months in order; every kind and channel
    in the law's order (zeros included); fields in the catalogue's order; units by name;
    the "not yet given" row last."""
    by = stats.by
    result = {"month": [Line(k, _month_label(k), f) for k, f in by["month"].items()]}
    result["kind"] = [Line(k.value, label(k), by["kind"].get(k, Figures())) for k in CaseKind]
    result["channel"] = [Line(c.value, label(c), by["channel"].get(c, Figures())) for c in Channel]
    order = {c.value: i for i, c in enumerate(Category)}
    fields = sorted(by["field"], key=lambda v: (v == NO_FIELD, order.get(v, len(order)), v))
    result["field"] = [Line(v, _field_label(v), by["field"][v]) for v in fields]
    units = sorted((k for k in by["unit"] if k != NO_UNIT), key=lambda k: stats.units[k][1])
    result["unit"] = [Line(stats.units[k][0], stats.units[k][1], by["unit"][k]) for k in units]
    if NO_UNIT in by["unit"]:
        result["unit"].append(Line(NO_UNIT, _("Chưa chuyển đơn vị"), by["unit"][NO_UNIT]))
    return result


def _period_or_404(code: str) -> tuple[Period, Statistics]:
    today = local_date(utcnow())
    period = statistics.parse_period(code, today)
    if period is None:
        abort(404)
    return period, statistics.compute(period, today)


def _month_chart(rows: list[Line]):
    top = max((max(r.figures.received, r.figures.resolved, r.figures.backlog) for r in rows), default=0)
    return layout([(r.label, [
        (share(r.figures.received, top), _("%(n)s tiếp nhận", n=r.figures.received), Tone.RECEIVED),
        (share(r.figures.resolved, top), _("%(n)s giải quyết", n=r.figures.resolved), Tone.RESOLVED),
        (share(r.figures.backlog, top), _("%(n)s tồn cuối kỳ", n=r.figures.backlog), Tone.BACKLOG),
    ]) for r in rows])


def _timeliness_chart(rows: list[Line]):
    top = max((max(r.figures.on_time, r.figures.late) for r in rows), default=0)
    return layout([(r.label, [
        (share(r.figures.on_time, top), _("%(n)s đúng hạn", n=r.figures.on_time), Tone.ON_TIME),
        (share(r.figures.late, top), _("%(n)s trễ hạn", n=r.figures.late), Tone.LATE),
    ]) for r in rows if r.figures.resolved])


@bp.get("/thong-ke")
def statistics_index():
    """This year's page; a period chosen in the form is checked and redirected to its own URL."""
    today = local_date(utcnow())
    if "ky" in request.args:
        chosen = request.args["ky"].strip()
        if statistics.parse_period(chosen, today) is not None:
            return redirect(url_for("public.statistics_page", code=chosen), code=303)
        this_month = Period(today.year, today.month).code
        error = _("Kỳ không hợp lệ. Nhập năm (ví dụ %(y)s) hoặc tháng (ví dụ %(m)s), từ năm %(first)s "
                  "đến kỳ hiện tại.", y=today.year, m=this_month, first=statistics.FIRST_YEAR)
        return _render(Period(today.year), statistics.compute(Period(today.year), today), chosen, error), 422
    period = Period(today.year)
    return _render(period, statistics.compute(period, today))


@bp.get("/thong-ke/<code>")
def statistics_page(code):
    period, stats = _period_or_404(code)
    return _render(period, stats)


def _render(period: Period, stats: Statistics, chosen: str | None = None, error: str | None = None):
    today = local_date(utcnow())
    rows = lines(stats)
    return render_template(
        "public/statistics.html", period=period, stats=stats, rows=rows, titles=_dimension_titles(),
        is_current=period.end > today, today=today, chosen=period.code if chosen is None else chosen, error=error,
        month_chart=_month_chart(rows["month"]), unit_chart=_timeliness_chart(rows["unit"]))


@bp.get("/thong-ke/<code>.json")
def statistics_json(code):
    period, stats = _period_or_404(code)
    rows = lines(stats)
    body = {
        "period": period.code, "from": period.start.isoformat(),
        "to": (period.end - timedelta(days=1)).isoformat(), "timezone": "Asia/Ho_Chi_Minh",
        "figures": list(FIGURES), "total": stats.total.as_dict(),
        **{f"by_{d}": [{"key": line.key, "label": line.label, **line.figures.as_dict()} for line in rows[d]]
           for d in rows},
    }
    return body


@bp.get("/thong-ke/<code>.csv")
def statistics_csv(code):
    period, stats = _period_or_404(code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow([period.code, "total", "total", _("Toàn Sở"), *stats.total.as_dict().values()])
    for dimension, dimension_rows in lines(stats).items():
        for line in dimension_rows:
            writer.writerow([period.code, dimension, line.key, line.label, *line.figures.as_dict().values()])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="thong-ke-{period.code}.csv"'})
