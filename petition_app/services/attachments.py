"""Checking and storing attachments (tệp đính kèm) outside static/."""
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from ..domain.attachments import FileType, safe_display_name, sniff_file_type


class AttachmentRefused(ValueError):
    """Every file refused, each as (code, file name); a code is one of: too_many, too_large,
    empty, wrong_type, storage (too_many and storage name no file; storage: the upload folder is
    not writable or full, so nothing was kept)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(", ".join(code for code, _ in problems))
        self.problems = problems


@dataclass
class Upload:
    """One file as received: its name as the citizen's machine called it and its bytes."""

    filename: str
    stream: BinaryIO


@dataclass
class CheckedUpload:
    upload: Upload
    file_type: FileType
    size: int
    display_name: str


def check_uploads(uploads: list[Upload]) -> list[CheckedUpload]:
    """Enforce the count, size and real type of the files; raise AttachmentRefused naming
    every file refused, not only the first."""
    cfg = current_app.config
    uploads = [u for u in uploads if u.filename]
    problems: list[tuple[str, str]] = []
    if len(uploads) > cfg["MAX_ATTACHMENTS"]:
        problems.append(("too_many", ""))
    checked = []
    for upload in uploads:
        stream = upload.stream
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(0)
        if size == 0:
            problems.append(("empty", upload.filename))
            continue
        if size > cfg["MAX_ATTACHMENT_BYTES"]:
            problems.append(("too_large", upload.filename))
            continue
        file_type = sniff_file_type(stream.read(16), stream)
        stream.seek(0)
        if file_type is None:
            problems.append(("wrong_type", upload.filename))
            continue
        checked.append(CheckedUpload(upload, file_type, size, safe_display_name(upload.filename, file_type)))
    if problems:
        raise AttachmentRefused(problems)
    return checked


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(checked: CheckedUpload) -> tuple[str, str]:
    """Write the file under a random name; return (storage name, sha256).

    A write that fails part way (disk full) leaves no piece of the file behind: the caller only
    knows the names this function returned, so it could not remove the piece itself."""
    storage_name = secrets.token_hex(16) + checked.file_type.extension
    digest = hashlib.sha256()
    target = upload_dir() / storage_name
    try:
        with open(target, "xb") as out:
            stream = checked.upload.stream
            stream.seek(0)
            while chunk := stream.read(1024 * 256):
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return storage_name, digest.hexdigest()


def discard(storage_names: list[str]) -> None:
    """Remove files written for a transaction that did not commit."""
    for name in storage_names:
        (upload_dir() / name).unlink(missing_ok=True)


def path_of(storage_name: str) -> Path:
    return upload_dir() / storage_name
