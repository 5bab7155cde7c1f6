"""A large log book export, built off the request (sổ tiếp công dân, XLSX or CSV).

A sheet of 100,000 visits takes longer to build than a request should hold (about 8 s on the
shared 2-core machine, most of it reading and shaping the rows; the CSV as long). Above
``INLINE_LIMIT`` rows the export is a prepared file (services/prepared_files.py): the scheduler's
job builds it with the requester's rights (the denouncer rule applied as for them) and the page
the officer waits on offers the download, to the requester only.
"""
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from flask_babel import gettext as _

from ..domain.reception import ReceptionKind, ReceptionPlace, VisitOutcome
from ..models import User
from . import access, prepared_files, reception_log
from .reception_export import csv_lines, write_xlsx
from .reception_log import LogFilters

INLINE_LIMIT = 10_000  # rows written within the request: ~1 s on the shared 2-core machine under load
KIND = "log"
FORMATS = ("xlsx", "csv")
_ENUMS = {"place": ReceptionPlace, "reception_kind": ReceptionKind, "outcome": VisitOutcome}


def export_dir() -> Path:
    return prepared_files.folder()


def request_export(user: User, filters: LogFilters, *, file_format: str, locale: str, now: datetime) -> str:
    """Queue the export of ``filters`` for ``user`` as ``file_format`` (xlsx, csv); returns the token
    its page is found by."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    what = {"filters": {k: _plain(v) for k, v in asdict(filters).items()}}
    return prepared_files.request_file(user, KIND, what, file_format=file_format, locale=locale, now=now)


def export_state(user: User, token: str) -> tuple[str, str, Path]:
    """("pending" | "ready" | "failed", its format, the file's path) of ``user``'s export; 404 otherwise."""
    return prepared_files.file_state(user, token, KIND)


def builder(label: Callable[[object], str]) -> prepared_files.Builder:
    """How the job builds a log export; ``label`` names the codes in the cells (i18n.label)."""

    def build(user: User, what: dict, file_format: str, target: Path) -> None:
        rows = reception_log.log_rows(user, _filters(what["filters"]))
        with target.open("wb") as out:
            if file_format == "csv":
                for line in csv_lines(rows, label):
                    out.write(line.encode("utf-8"))
            else:
                write_xlsx(rows, label, _("Sổ tiếp công dân"), out)

    return prepared_files.Builder(may=access.may_read_log, build=build)


def build_pending_exports(now: datetime, label: Callable[[object], str]) -> int:
    """Build the queued log exports (only these: the job builds every kind, prepared_files)."""
    return prepared_files.build_pending(now, {KIND: builder(label)})


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def _filters(data: dict) -> LogFilters:
    values = {}
    for name, value in data.items():
        if value is None:
            values[name] = None
        elif name in ("date_from", "date_to"):
            values[name] = date.fromisoformat(value)
        elif name in _ENUMS:
            values[name] = _ENUMS[name](value)
        else:
            values[name] = value
    return LogFilters(**values)
