"""Restoring a backup (phục hồi) into an empty database: rows, attachments, then the audit check.

Only into an empty database, so a restore can never mix two histories or overwrite live data.
The archive is read through and checked against its manifest before anything is written; the
rows go in in one transaction, and the files written are removed again if it fails.
"""
import base64
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from ..domain.backup_archive import (
    DATA_PREFIX,
    UPLOAD_PREFIX,
    ArchiveRefused,
    Manifest,
    Member,
    read_members,
    sha256_file,
)
from ..extensions import db
from ..models import SlaPolicy
from .attachments import path_of
from .audit import verify_chains, verify_visit_chains
from .backups import BackupRefused, check_archive, stored_revision
from .health import code_head

_BATCH = 1000
# Rows the migrations themselves write (the default deadline policies): replaced by the archive's.
_SEEDED = {SlaPolicy.__tablename__}


@dataclass
class RestoreResult:
    manifest: Manifest
    counts: dict[str, int]
    files: int
    broken_case_chains: dict[int, list[int]] = field(default_factory=dict)
    broken_visit_chains: dict[int, list[int]] = field(default_factory=dict)

    @property
    def audit_intact(self) -> bool:
        return not self.broken_case_chains and not self.broken_visit_chains


def restore_backup(archive: Path) -> RestoreResult:
    """Restore ``archive`` into the configured database and upload folder.

    1. Read the whole archive and check every checksum (nothing written yet).
    2. The archive must come from this code's schema; the database must be empty (no schema at
       all: it is migrated first) and the upload folder must not hold other bytes under the same names.
    3. Insert every table's rows in one transaction and write the files; on failure, roll back and
       remove the files written.
    4. Verify the audit chains of cases and visits (what `flask audit verify` does) and count.
    """
    archive = Path(archive)
    manifest = check_archive(archive)
    head = code_head()
    if manifest.alembic_revision != head:
        raise BackupRefused(f"Bản sao lưu thuộc phiên bản CSDL {manifest.alembic_revision}, mã nguồn đang ở "
                            f"{head}: phục hồi bằng phiên bản ứng dụng đã tạo bản sao lưu, rồi `flask db upgrade`.")
    _check_target_is_empty(head)
    _check_upload_folder(manifest)
    if stored_revision(db.engine) is None:
        upgrade(revision=head)
    written: list[Path] = []
    try:
        counts = _load(archive, written)
    except ArchiveRefused as refusal:  # the archive changed on disk since step 1
        _remove(written)
        raise BackupRefused(refusal.message) from None
    except BaseException:
        _remove(written)
        raise
    db.session.remove()
    return RestoreResult(manifest, counts, len(written), verify_chains(), verify_visit_chains())


def _check_target_is_empty(head: str) -> None:
    revision = stored_revision(db.engine)
    with db.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names())
        if revision is None:
            ours = present & set(db.metadata.tables)
            if ours:
                raise BackupRefused(f"Cơ sở dữ liệu đích có bảng nhưng không có phiên bản migration "
                                    f"({', '.join(sorted(ours)[:5])}…): chỉ phục hồi vào một cơ sở dữ liệu trống.")
            return
        if revision != head:
            raise BackupRefused(f"Cơ sở dữ liệu đích ở phiên bản {revision}, cần {head} hoặc trống hoàn toàn.")
        filled = {}
        for table in db.metadata.sorted_tables:
            query = sa.select(sa.func.count()).select_from(table)
            if table.name in _SEEDED:
                query = query.where(SlaPolicy.created_by_id.is_not(None))
            if rows := conn.scalar(query):
                filled[table.name] = rows
    if filled:
        listed = ", ".join(f"{name}: {rows}" for name, rows in sorted(filled.items()))
        raise BackupRefused(f"Cơ sở dữ liệu đích không trống ({listed}). Chỉ phục hồi vào một cơ sở dữ liệu "
                            "trống; không có gì được ghi.")


def _check_upload_folder(manifest: Manifest) -> None:
    for member, digest in manifest.files.items():
        if member.startswith(UPLOAD_PREFIX):
            target = path_of(member[len(UPLOAD_PREFIX):])
            if target.exists() and sha256_file(target) != digest:
                raise BackupRefused(f"Thư mục tệp đính kèm đã có tệp {target.name} khác nội dung: "
                                    "chỉ phục hồi vào một thư mục trống; không có gì được ghi.")


def _load(archive: Path, written: list[Path]) -> dict[str, int]:
    tables = db.metadata.tables
    counts: dict[str, int] = {}
    items = read_members(archive)
    manifest = next(items)
    with db.engine.begin() as conn:
        for table in _SEEDED:
            conn.execute(tables[table].delete())
        deferred: list[tuple[sa.Table, str, list[dict]]] = []
        for member in items:
            if member.name.startswith(DATA_PREFIX):
                table = tables[member.name[len(DATA_PREFIX):].removesuffix(".jsonl")]
                counts[table.name] = _insert_rows(conn, table, member, deferred)
            else:
                written.extend(_write_file(member))
        for table, column, rows in deferred:
            key = table.primary_key.columns.values()[0]
            conn.execute(sa.update(table).where(key == sa.bindparam("_key")).values({column: sa.bindparam("_ref")}),
                         rows)
        if counts != manifest.tables:
            raise BackupRefused("Số dòng đã phục hồi khác bản kê; đã hoàn tác.")
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)
    return counts


def _insert_rows(conn: sa.Connection, table: sa.Table, member: Member, deferred: list) -> int:
    """Insert the member's rows in batches; a column referring to its own table (a split case's
    parent) is filled afterwards, so the order of rows never matters."""
    decoders = {column.name: _decoder(column) for column in table.columns}
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    key = table.primary_key.columns.values()[0].name
    later: dict[str, list[dict]] = {name: [] for name in self_refs}
    batch, count = [], 0
    for line in member.stream:
        raw = json.loads(line)
        row = {name: decoders[name](value) for name, value in raw.items()}
        for name in self_refs:
            if row.get(name) is not None:
                later[name].append({"_key": row[key], "_ref": row[name]})
                row[name] = None
        batch.append(row)
        count += 1
        if len(batch) >= _BATCH:
            conn.execute(sa.insert(table), batch)
            batch = []
    if batch:
        conn.execute(sa.insert(table), batch)
    deferred.extend((table, name, rows) for name, rows in later.items() if rows)
    return count


def _decoder(column: sa.Column):
    kind = column.type.impl_instance if isinstance(column.type, sa.TypeDecorator) else column.type
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, sa.LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        return lambda v: None if v is None else kind.enum_class(v)
    return lambda v: v


def _write_file(member: Member) -> list[Path]:
    target = path_of(member.name[len(UPLOAD_PREFIX):])
    if target.exists():  # the same bytes (checked before): nothing to write, nothing to undo
        return []
    partial = target.with_name(target.name + ".restoring")
    try:
        with open(partial, "wb") as out:
            while chunk := member.stream.read(1024 * 256):
                out.write(chunk)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return [target]


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _reset_sequences(conn: sa.Connection) -> None:
    """Ids were inserted as they were: move each sequence past the largest."""
    for table in db.metadata.sorted_tables:
        keys = table.primary_key.columns.values()
        if len(keys) == 1 and isinstance(keys[0].type, sa.Integer):
            largest = sa.select(sa.func.coalesce(sa.func.max(keys[0]), 0) + 1).scalar_subquery()
            conn.execute(sa.select(sa.func.setval(sa.func.pg_get_serial_sequence(table.name, keys[0].name),
                                                  largest, False)))
