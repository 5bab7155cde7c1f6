"""Backup and restore at scale: seconds, archive size and memory of `backup create`, `backup verify`
and `backup restore` with N cases (each with a chain of audit events) and M attachments on
PostgreSQL, and proof that the restored copy has the same counts and an intact audit trail.

    .venv/bin/python bench/backup.py --cases 50000 --files 500

Source and target databases: $BENCH_BACKUP_DATABASE_URL (default h_backups) and
$BENCH_RESTORE_DATABASE_URL (default h_backups_restore) on 127.0.0.1 — both are EMPTIED.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/"


def load(url: str, cases: int, events: int, files: int, file_kb: int, uploads: Path) -> None:
    from petition_app.services.audit import event_row

    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng', true, now())"))
        conn.execute(sa.text("""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, unit_id, is_anonymous,
                cosigner_count, received_at, filed_late, is_repeat, version, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 18, '0'), (ARRAY['complaint','denunciation','petition','feedback',
                'info_request'])[1 + i % 5], 'online', 'received', 'Đơn số ' || i,
                'Nội dung chi tiết của đơn số ' || i || repeat(' có dấu tiếng Việt', 20), 1, false, 0,
                now() - (i % 900) * interval '1 day', false, false, 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        ids = list(conn.scalars(sa.text("SELECT id FROM cases ORDER BY id")))
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        batch = []
        for case_id in ids:
            prev = None
            for step in range(events):
                row = event_row(case_id, "note", now=start + timedelta(minutes=step), note=f"Ghi chú {step}",
                                data={"bước": step}, prev_hash=prev)
                prev = row["hash"]
                batch.append(row)
            if len(batch) >= 20000:
                conn.execute(sa.text("INSERT INTO case_events (case_id, at, actor_id, action, from_status, to_status, "
                                     "note, data, prev_hash, hash) VALUES (:case_id, :at, :actor_id, :action, "
                                     ":from_status, :to_status, :note, CAST(:data AS json), :prev_hash, :hash)"),
                             [_plain(r) for r in batch])
                batch = []
        if batch:
            conn.execute(sa.text("INSERT INTO case_events (case_id, at, actor_id, action, from_status, to_status, "
                                 "note, data, prev_hash, hash) VALUES (:case_id, :at, :actor_id, :action, "
                                 ":from_status, :to_status, :note, CAST(:data AS json), :prev_hash, :hash)"),
                         [_plain(r) for r in batch])
        uploads.mkdir(parents=True, exist_ok=True)
        rows = []
        for i in range(files):
            name = secrets.token_hex(16) + ".pdf"
            content = b"%PDF-1.4\n" + os.urandom(file_kb * 1024)
            (uploads / name).write_bytes(content)
            rows.append({"case_id": ids[i % len(ids)], "storage_name": name, "original_name": f"tep-{i}.pdf",
                         "content_type": "application/pdf", "size_bytes": len(content),
                         "sha256": hashlib.sha256(content).hexdigest()})
        if rows:
            conn.execute(sa.text("INSERT INTO attachments (case_id, storage_name, original_name, content_type, "
                                 "size_bytes, sha256, uploaded_at) VALUES (:case_id, :storage_name, :original_name, "
                                 ":content_type, :size_bytes, :sha256, now())"), rows)
    engine.dispose()
    print(f"loaded {cases:,} cases, {cases * events:,} events, {files} files of {file_kb} KB "
          f"in {time.perf_counter() - started:.1f} s")


def _plain(row: dict) -> dict:
    return {**row, "data": json.dumps(row["data"], ensure_ascii=False), "from_status": None, "to_status": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=3, help="audit events per case")
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--file-kb", type=int, default=100)
    args = parser.parse_args()
    source = os.environ.get("BENCH_BACKUP_DATABASE_URL", BASE + "h_backups")
    target = os.environ.get("BENCH_RESTORE_DATABASE_URL", BASE + "h_backups_restore")
    prepare(source)
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as folder:
        folder = Path(folder)
        load(source, args.cases, args.events, args.files, args.file_kb, folder / "uploads")
        engine = sa.create_engine(target)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()

        from petition_app import create_app
        from petition_app.services.backups import check_archive, create_backup
        from petition_app.services.restore import restore_backup

        app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": source,
                          "UPLOAD_FOLDER": str(folder / "uploads")})
        with app.app_context():
            started = time.perf_counter()
            result = create_backup(folder / "backups", now=datetime.now(timezone.utc))
            made = time.perf_counter() - started
            started = time.perf_counter()
            check_archive(result.path)
            checked = time.perf_counter() - started
        rows = sum(result.manifest.tables.values())
        size = result.path.stat().st_size
        restored_app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": target,
                                   "UPLOAD_FOLDER": str(folder / "restored")})
        with restored_app.app_context():
            started = time.perf_counter()
            restored = restore_backup(result.path)
            back = time.perf_counter() - started
        same = restored.counts == result.manifest.tables
        print(f"archive: {size / 1e6:.1f} MB for {rows:,} rows and {args.files} files "
              f"({args.files * args.file_kb / 1e3:.1f} MB of attachments)")
        print(f"backup create: {made:.1f} s ({rows / made:,.0f} rows/s)")
        print(f"backup verify: {checked:.1f} s")
        print(f"backup restore (incl. migrations, insert, audit verify): {back:.1f} s ({rows / back:,.0f} rows/s)")
        print(f"restored counts equal the manifest: {same}; files written: {restored.files}; "
              f"audit trail intact: {restored.audit_intact}")
        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if not (same and restored.audit_intact and restored.files == args.files):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
