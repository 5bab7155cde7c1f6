"""The reports of a long period as files built off the request (the scheduler's job queue).

Every form of a year over a million cases is a few seconds of SQL each; the workbook of every form
or the narrative for a five-year review, or for a period with more than ``INLINE_CASES`` cases, is
a prepared file (services/prepared_files.py): the reader waits on a page that tells them when it
is ready, and the job builds it with the reader's own scope (a unit head: their unit).
"""
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from ..clock import local_midnight
from ..domain.report_periods import Period, Preset
from ..domain.reports import Form, Layout, layout_by_key, layout_in_force
from ..extensions import db
from ..models import Case, User
from . import prepared_files, report_narrative, reports
from .report_export import configured_letterhead, write_xlsx

KIND = "report"
FORMATS = ("xlsx", "docx")
INLINE_CASES = 50_000  # cases received in the period above which the files are prepared
INLINE_DAYS = 400  # a period longer than a year (the five-year review) is always prepared


def is_large(period: Period) -> bool:
    """Whether the files of ``period`` are built off the request."""
    if (period.end - period.start) > timedelta(days=INLINE_DAYS):
        return True
    start, end = local_midnight(period.start), local_midnight(period.end_exclusive)
    received = db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.select(Case.id).where(Case.received_at >= start, Case.received_at < end).limit(INLINE_CASES + 1)
        .subquery()))
    return received > INLINE_CASES


def all_forms(user: User, chosen: Layout, period: Period) -> list[reports.Report]:
    """Every form for ``period`` as ``user`` reads it: ``chosen`` for its form, the one in force for others."""
    return [reports.build_report(user, chosen if form is chosen.form else layout_in_force(form, period.start),
                                 period) for form in Form]


def request_files(user: User, chosen: Layout, period: Period, *, file_format: str, locale: str,
                  now: datetime) -> str:
    """Queue the file of every form (xlsx) or the narrative (docx) of ``period`` for ``user``."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    what = {"layout": chosen.key, "start": period.start.isoformat(), "end": period.end.isoformat(),
            "preset": period.preset.value, "due": period.due.isoformat() if period.due else None}
    return prepared_files.request_file(user, KIND, what, file_format=file_format, locale=locale, now=now)


def file_state(user: User, token: str) -> tuple[str, str, Path]:
    return prepared_files.file_state(user, token, KIND)


def builder() -> prepared_files.Builder:
    """How the job builds a report file: the same forms and writers as the page's downloads."""

    def build(user: User, what: dict, file_format: str, target: Path) -> None:
        period = Period(date.fromisoformat(what["start"]), date.fromisoformat(what["end"]), Preset(what["preset"]),
                        date.fromisoformat(what["due"]) if what.get("due") else None)
        chosen = layout_by_key(what["layout"])
        if chosen is None:
            raise ValueError(f"no layout {what['layout']!r}")
        built = all_forms(user, chosen, period)
        if file_format == "docx":
            body = report_narrative.configured_narrative(built)
        else:
            body = write_xlsx(built, configured_letterhead())
        target.write_bytes(body)

    return prepared_files.Builder(may=lambda user: reports.scope_of(user) is not None, build=build)
