"""A large log book export, built off the request (sổ tiếp công dân, XLSX or CSV).

A sheet of 100,000 visits takes longer to build than a request should hold (about 8 s on the
shared 2-core machine, most of it reading and shaping the rows; the CSV as long). Above
``INLINE_LIMIT`` rows the export is a request file under the instance's uploads folder; the
scheduler's job (or ``flask reception exports``) builds the file beside it and the page the
officer waits on offers the download. The file holds what its requester may see (the denouncer rule is applied
with the requester's rights), so only the requester may fetch it; files are removed after
``KEEP``.
"""
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from ..domain.reception import ReceptionKind, ReceptionPlace, VisitOutcome
from ..extensions import db
from ..models import User
from . import access, reception_log
from .reception_export import csv_lines, write_xlsx
from .reception_log import LogFilters

log = logging.getLogger(__name__)
INLINE_LIMIT = 10_000  # rows written within the request: ~4 s on the shared 2-core machine under load
KEEP = timedelta(days=1)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_ENUMS = {"place": ReceptionPlace, "reception_kind": ReceptionKind, "outcome": VisitOutcome}
FORMATS = ("xlsx", "csv")


def export_dir() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "log-exports"


def request_export(user: User, filters: LogFilters, *, file_format: str, locale: str, now: datetime) -> str:
    """Queue the export of ``filters`` for ``user`` as ``file_format`` (xlsx, csv); returns the token
    its page is found by."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    token = secrets.token_urlsafe(18)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    request = {"user_id": user.id, "locale": locale, "requested_at": now.isoformat(), "format": file_format,
               "filters": {k: _plain(v) for k, v in asdict(filters).items()}}
    _write_atomically(folder / f"{token}.json", json.dumps(request).encode())
    return token


def export_state(user: User, token: str) -> tuple[str, str, Path]:
    """("pending" | "ready" | "failed", its format, the file's path) of ``user``'s export; 404 otherwise."""
    if not token or set(token) - _TOKEN_CHARS:
        raise NotFound()
    folder = export_dir()
    try:
        request = json.loads((folder / f"{token}.json").read_text())
    except (OSError, ValueError):
        raise NotFound() from None
    if request.get("user_id") != user.id:
        raise NotFound()
    built, file_format = folder / f"{token}.out", request.get("format", "xlsx")
    if built.exists():
        return "ready", file_format, built
    return ("failed" if (folder / f"{token}.failed").exists() else "pending"), file_format, built


def build_pending_exports(now: datetime, label: Callable[[object], str]) -> int:
    """Build every queued export not yet built, and remove those older than ``KEEP``. Returns how
    many were built. Idempotent: a built or failed export is not built again. ``label`` names the
    codes in the cells (the web layer's i18n.label)."""
    folder = export_dir()
    if not folder.is_dir():
        return 0
    built = 0
    for request_file in sorted(folder.glob("*.json")):
        token = request_file.stem
        try:
            request = json.loads(request_file.read_text())
            requested_at = datetime.fromisoformat(request["requested_at"])
        except (OSError, ValueError, KeyError):
            continue
        if now - requested_at > KEEP:
            for suffix in (".out", ".failed", ".json"):
                (folder / f"{token}{suffix}").unlink(missing_ok=True)
            continue
        if (folder / f"{token}.out").exists() or (folder / f"{token}.failed").exists():
            continue
        user = db.session.get(User, request["user_id"])
        if user is None or not user.is_active or not access.may_read_log(user):
            (folder / f"{token}.failed").touch()  # the rights it was asked with are gone
            continue
        try:
            _build(user, _filters(request["filters"]), request.get("format", "xlsx"), request.get("locale", "vi"),
                   folder / f"{token}.out", label)
        except Exception:  # one export that cannot be built must not hold up the others
            log.exception("log book export %s failed", token)
            (folder / f"{token}.failed").touch()
            continue
        built += 1
    return built


def _build(user: User, filters: LogFilters, file_format: str, locale: str, target: Path, label) -> None:
    with force_locale(locale):
        rows = reception_log.log_rows(user, filters)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                if file_format == "csv":
                    for line in csv_lines(rows, label):
                        out.write(line.encode("utf-8"))
                else:
                    write_xlsx(rows, label, _("Sổ tiếp công dân"), out)
            os.replace(temporary, target)  # the page sees a whole file or none
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        finally:
            db.session.rollback()  # end the read transaction of the streamed query


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


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
