"""Files too large to build within a request, built by the scheduler's job and fetched by their
requester only: the whole log book's exports, the reports of a long period.

A request is a small JSON file under ``UPLOAD_FOLDER/prepared`` naming its kind, its format and
what to build; the job (``build_pending``, every few seconds, or ``flask exports build``) hands
each to its kind's ``Builder``, which re-checks the requester's rights and writes the file beside
it; the page the requester waits on offers the download once it is there. The file holds what its
requester may see, so only the requester may fetch it; files are removed after ``KEEP``.
"""
import json
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from werkzeug.exceptions import NotFound

from ..extensions import db
from ..models import User

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Builder:
    """How one kind of file is built: who may still have it, and how it is written."""

    may: Callable[[User], bool]  # re-checked when the file is built: rights can be lost meanwhile
    build: Callable[[User, dict, str, Path], None]  # (requester, what, format, where to write)


def folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "prepared"


def request_file(user: User, kind: str, what: dict, *, file_format: str, locale: str, now: datetime) -> str:
    """Queue a file of ``kind`` for ``user``; returns the token its page is found by."""
    token = secrets.token_urlsafe(18)
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    request = {"kind": kind, "user_id": user.id, "locale": locale, "requested_at": now.isoformat(),
               "format": file_format, "what": what}
    write_atomically(target / f"{token}.json", json.dumps(request).encode())
    return token


def file_state(user: User, token: str, kind: str) -> tuple[str, str, Path]:
    """("pending" | "ready" | "failed", its format, the file's path) of ``user``'s file of ``kind``;
    404 for anyone else's, another kind's or none."""
    if not token or set(token) - _TOKEN_CHARS:
        raise NotFound()
    request = _read(folder() / f"{token}.json")
    if request is None or request.get("user_id") != user.id or request.get("kind") != kind:
        raise NotFound()
    built = folder() / f"{token}.out"
    if built.exists():
        return "ready", request["format"], built
    return ("failed" if (folder() / f"{token}.failed").exists() else "pending"), request["format"], built


def build_pending(now: datetime, builders: dict[str, Builder]) -> int:
    """Build every queued file of the kinds in ``builders`` not yet built, and remove every file
    older than ``KEEP``. Returns how many were built. Idempotent: a built or failed file is not
    built again; one that cannot be built does not hold up the others."""
    source = folder()
    if not source.is_dir():
        return 0
    built = 0
    for request_file_path in sorted(source.glob("*.json")):
        token, request = request_file_path.stem, _read(request_file_path)
        if request is None:
            continue
        if now - datetime.fromisoformat(request["requested_at"]) > KEEP:
            for suffix in (".out", ".failed", ".json"):
                (source / f"{token}{suffix}").unlink(missing_ok=True)
            continue
        builder = builders.get(request.get("kind"))
        if builder is None or (source / f"{token}.out").exists() or (source / f"{token}.failed").exists():
            continue
        user = db.session.get(User, request["user_id"])
        if user is None or not user.is_active or not builder.may(user):
            (source / f"{token}.failed").touch()  # the rights it was asked with are gone
            continue
        try:
            with force_locale(request.get("locale", "vi")):
                _build(builder, user, request, source / f"{token}.out")
        except Exception:
            log.exception("prepared file %s (%s) failed", token, request.get("kind"))
            (source / f"{token}.failed").touch()
            continue
        built += 1
    return built


def _build(builder: Builder, user: User, request: dict, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        builder.build(user, request["what"], request["format"], Path(temporary))
        os.replace(temporary, target)  # the page sees a whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        db.session.rollback()  # end the read transaction of the build's queries


def _read(path: Path) -> dict | None:
    try:
        request = json.loads(path.read_text())
        datetime.fromisoformat(request["requested_at"])
        return request if isinstance(request.get("what"), dict) and request.get("format") else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
