"""The backup archive (bản sao lưu): one .tar.gz holding a manifest, the rows of every table
as JSON lines, and the attachment files.

Layout, in this order, so one streaming pass can check everything before anything is written::

    manifest.json          format, app revision, created at, row counts, sha256 of every member
    data/<table>.jsonl     one JSON object per row, tables in foreign-key order
    uploads/<storage name> the attachment files the rows point at

The gzip stream's CRC catches a damaged or truncated archive; the manifest's sha256 of every
member catches a member that was changed, dropped or added. Pure Python: no Flask, no database.
"""
import base64
import hashlib
import io
import json
import re
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import BinaryIO

FORMAT = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
UPLOAD_PREFIX = "uploads/"
_CHUNK = 1024 * 256
# A storage name is random hex plus an extension (services/attachments.py::store); anything else
# in an archive is refused rather than written to disk.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class ArchiveRefused(ValueError):
    """The archive cannot be used; ``message`` says why, in Vietnamese, for the operator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Manifest:
    alembic_revision: str
    created_at: str
    backend: str
    tables: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # member name -> sha256
    missing_uploads: list[str] = field(default_factory=list)
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            values = json.loads(raw)
            manifest = cls(**values)
        except (ValueError, TypeError) as exc:
            raise ArchiveRefused(f"Bản kê (manifest) của tệp sao lưu không đọc được: {exc}") from None
        if manifest.format != FORMAT:
            raise ArchiveRefused(f"Định dạng sao lưu {manifest.format} không được hỗ trợ (cần {FORMAT}).")
        return manifest


def encode_value(value):
    """A column value as JSON: instants and dates as ISO 8601, enums by value, bytes as base64."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def encode_row(row: dict) -> bytes:
    return json.dumps({k: encode_value(v) for k, v in row.items()}, ensure_ascii=False).encode() + b"\n"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(target: BinaryIO, manifest: Manifest, members: list[tuple[str, Path]]) -> None:
    """Write the manifest first, then each (member name, file on disk) in the order given."""
    with tarfile.open(fileobj=target, mode="w:gz") as archive:
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(raw)
        info.mode = 0o600
        archive.addfile(info, io.BytesIO(raw))
        for name, path in members:
            info = tarfile.TarInfo(name)
            info.size = path.stat().st_size
            info.mode = 0o600
            with open(path, "rb") as source:
                archive.addfile(info, source)


def is_safe_upload_name(name: str) -> bool:
    return bool(_SAFE_NAME.match(name)) and name not in (".", "..")


@dataclass
class Member:
    name: str
    stream: BinaryIO  # valid only until the next member is read


def read_members(source: Path) -> Iterator[Manifest | Member]:
    """Yield the archive's manifest, then stream its members, checking each one's sha256 against the
    manifest as it is consumed (a caller that reads a member fully gets ArchiveRefused on a
    mismatch before the next one), and at the end that nothing listed was missing.

    Raises ArchiveRefused for a damaged, truncated or tampered archive.
    """
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise ArchiveRefused("Tệp sao lưu không có bản kê (manifest.json) ở đầu: không phải bản sao lưu "
                                     "của hệ thống hoặc đã bị sửa.")
            manifest = Manifest.from_json(archive.extractfile(first).read())
            yield manifest
            seen: set[str] = set()
            while (info := archive.next()) is not None:
                expected = manifest.files.get(info.name)
                if expected is None or not info.isfile() or info.name in seen:
                    raise ArchiveRefused(f"Tệp sao lưu chứa mục lạ không có trong bản kê: {info.name}")
                if info.name.startswith(UPLOAD_PREFIX) and not is_safe_upload_name(info.name[len(UPLOAD_PREFIX):]):
                    raise ArchiveRefused(f"Tên tệp đính kèm không hợp lệ trong bản sao lưu: {info.name}")
                checked = _CheckedStream(archive.extractfile(info))
                # Buffered: iterating a raw stream by lines would read it a byte at a time.
                yield Member(info.name, io.BufferedReader(checked, _CHUNK))
                checked.drain()
                if checked.hexdigest() != expected:
                    raise ArchiveRefused(f"Sai mã kiểm tra (sha256) của {info.name}: tệp sao lưu đã bị hỏng "
                                         "hoặc bị sửa.")
                seen.add(info.name)
            missing = sorted(set(manifest.files) - seen)
            if missing:
                raise ArchiveRefused(f"Tệp sao lưu thiếu {len(missing)} mục có trong bản kê, ví dụ {missing[0]}: "
                                     "tệp bị cắt cụt hoặc không đầy đủ.")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveRefused(f"Tệp sao lưu bị hỏng hoặc bị cắt cụt, không đọc được ({exc}).") from None


def verify_archive(source: Path) -> Manifest:
    """Read the whole archive once and check every checksum; write nothing."""
    items = read_members(source)
    manifest = next(items)
    for _member in items:
        pass
    return manifest


class _CheckedStream(io.RawIOBase):
    """A member's stream that hashes what is read from it."""

    def __init__(self, inner: BinaryIO):
        self.inner = inner
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.inner.read(len(buffer))
        self.digest.update(chunk)
        buffer[:len(chunk)] = chunk
        return len(chunk)

    def drain(self) -> None:
        while chunk := self.inner.read(_CHUNK):
            self.digest.update(chunk)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()
