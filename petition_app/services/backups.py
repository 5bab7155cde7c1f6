"""Backing up and restoring the whole system: the database and the attachments (sao lưu, phục hồi).

The dump is logical and portable (domain/backup_archive.py): every table's rows as JSON lines,
read from one consistent snapshot —

- PostgreSQL: one REPEATABLE READ, READ ONLY transaction, so every table is read as of the same
  instant while the system keeps taking submissions (what pg_dump does inside, without needing
  the pg_dump binary of the server's major version on the app host);
- SQLite: the online backup API copies the live database to a temporary file first, and the rows
  are read from that copy.

The attachments copied are those the snapshot's rows point at, so a file written after the
snapshot (its row not yet committed, or committed later) is never half-included. The same archive
restores into either backend. Messages are for the operator at the console (Vietnamese).
"""
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from ..domain.backup_archive import (
    DATA_PREFIX,
    UPLOAD_PREFIX,
    ArchiveRefused,
    Manifest,
    encode_row,
    is_safe_upload_name,
    sha256_file,
    verify_archive,
    write_archive,
)
from ..extensions import db
from ..models import Attachment, PublishedInformation
from .attachments import path_of
from .health import code_head
from .refusals import Refused


class BackupRefused(Refused):
    """A backup or restore that cannot go ahead; nothing was written."""

    def __init__(self, message: str):
        super().__init__(None, message)


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float
    damaged_uploads: list[str] = field(default_factory=list)  # on disk, but not the bytes the row recorded


def create_backup(output_dir: Path, *, now: datetime) -> BackupResult:
    """Write one archive under ``output_dir`` and return where it is.

    1. The database must be at this code's migration head (the restore needs the same schema).
    2. Read every table from one snapshot into data/<table>.jsonl, in foreign-key order.
    3. Copy the files the snapshot's rows name; a file missing on disk is listed in the manifest.
    4. Write the manifest (counts, sha256 of every member) and the archive under a temporary name,
       then rename it, so a crash never leaves an archive that looks complete.
    """
    started = datetime.now(timezone.utc)
    head = code_head()
    revision = stored_revision(db.engine)
    if revision != head:
        raise BackupRefused(f"Cơ sở dữ liệu đang ở phiên bản {revision}, mã nguồn ở {head}: "
                            "chạy `flask db upgrade` trước khi sao lưu.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work = Path(work)
        (work / "data").mkdir()
        (work / "uploads").mkdir()
        tables: dict[str, int] = {}
        members: list[tuple[str, Path]] = []
        with _snapshot() as conn:
            for table in db.metadata.sorted_tables:
                target = work / "data" / f"{table.name}.jsonl"
                tables[table.name] = _dump_table(conn, table, target)
                members.append((f"{DATA_PREFIX}{table.name}.jsonl", target))
            expected = dict(conn.execute(sa.select(Attachment.storage_name, Attachment.sha256)).all())
            expected.update(dict.fromkeys(conn.scalars(
                sa.select(PublishedInformation.storage_name).where(PublishedInformation.storage_name.is_not(None)))))
        missing, damaged = [], []
        for name, digest in sorted(expected.items()):
            source = path_of(name)
            if not is_safe_upload_name(name) or not source.is_file():
                missing.append(name)
                continue
            copy = work / "uploads" / name
            _copy(source, copy)
            if digest is not None and sha256_file(copy) != digest:
                damaged.append(name)
            members.append((f"{UPLOAD_PREFIX}{name}", copy))
        manifest = Manifest(alembic_revision=head, created_at=now.astimezone(timezone.utc).isoformat(),
                            backend=db.engine.dialect.name, tables=tables,
                            files={name: sha256_file(path) for name, path in members}, missing_uploads=missing)
        final = output_dir / f"petition-backup-{now.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}.tar.gz"
        partial = final.with_name(final.name + ".partial")
        # Personal data and denouncers' identities: readable by the operator's account only.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            write_archive(out, manifest, members)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
    seconds = (datetime.now(timezone.utc) - started).total_seconds()
    return BackupResult(final, manifest, seconds, damaged)


@contextmanager
def _snapshot() -> Iterator[sa.Connection]:
    """A connection that sees one instant of the whole database."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with (engine.connect().execution_options(isolation_level="REPEATABLE READ",
                                                 postgresql_readonly=True) as conn, conn.begin()):
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="petition-snapshot-") as folder:
        copy_path = Path(folder) / "snapshot.sqlite3"
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(copy_path) as target:
                raw.driver_connection.backup(target)
            target.close()
        finally:
            raw.close()
        copy_engine = sa.create_engine(f"sqlite:///{copy_path}")
        try:
            with copy_engine.connect() as conn:
                yield conn
        finally:
            copy_engine.dispose()


def _dump_table(conn: sa.Connection, table: sa.Table, target: Path) -> int:
    count = 0
    result = conn.execution_options(yield_per=2000).execute(sa.select(table).order_by(*table.primary_key.columns))
    with open(target, "wb") as out:
        for row in result.mappings():
            out.write(encode_row(dict(row)))
            count += 1
    return count


def _copy(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(1024 * 1024):
            dst.write(chunk)


def stored_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.scalar(sa.text("SELECT version_num FROM alembic_version"))


def check_archive(archive: Path) -> Manifest:
    """Read the archive through and check it against its manifest, writing nothing."""
    if not Path(archive).is_file():
        raise BackupRefused(f"Không có tệp sao lưu {archive}.")
    try:
        return verify_archive(Path(archive))
    except ArchiveRefused as refusal:
        raise BackupRefused(refusal.message) from None
