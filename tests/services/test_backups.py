"""`flask backup create` and `flask backup restore`: a restored system holds the same cases,
files and unbroken audit chains; a damaged archive or a non-empty target is refused untouched."""
import gzip
import hashlib
import io
import os
import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from petition_app import create_app
from petition_app.extensions import db
from petition_app.models import Attachment, Case, CaseEvent
from petition_app.services.attachments import Upload
from petition_app.services.audit import record_admin_event, record_event
from petition_app.services.intake import file_case
from tests import files
from tests.conftest import BACKEND
from tests.services.test_intake_service import request


@pytest.fixture
def filled(app, clock, make_unit, make_user):
    """Three cases with files and several chained events, a split part, an admin event."""
    make_unit("VP", "Văn phòng Sở")
    officer = make_user()
    cases = []
    for number in range(3):
        uploads = [Upload("don.pdf", io.BytesIO(files.PDF + bytes([number]))),
                   Upload("anh.png", io.BytesIO(files.PNG))] if number < 2 else []
        case = file_case(request(subject=f"Đơn số {number}"), uploads, now=clock.now).case
        for step in range(2):
            clock.advance(minutes=7)
            record_event(case, "note", now=clock.now, actor=officer, note=f"Ghi chú {step} — có dấu",
                         data={"bước": step})
        db.session.commit()
        cases.append(case)
    cases[2].parent_id = cases[0].id  # a part split off the first case (tách đơn)
    record_admin_event("policy_changed", actor=officer, now=clock.now, data={"kind": "complaint"})
    db.session.commit()
    return cases


def snapshot_of_cases() -> dict:
    rows = db.session.execute(sa.select(Case.tracking_code, Case.subject, Case.content, Case.parent_id,
                                        Case.received_at, Case.status).order_by(Case.id)).all()
    events = db.session.execute(sa.select(CaseEvent.case_id, CaseEvent.hash).order_by(CaseEvent.id)).all()
    files_ = db.session.execute(sa.select(Attachment.storage_name, Attachment.sha256)).all()
    return {"cases": [tuple(r) for r in rows], "events": [tuple(e) for e in events], "files": sorted(files_)}


@pytest.fixture
def target_url(tmp_path, database_url):
    """An empty database to restore into: a new SQLite file, or PostgreSQL's h_…_restore, emptied."""
    if BACKEND != "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    url = os.environ.get("TEST_RESTORE_DATABASE_URL") or make_url(database_url).set(
        database=make_url(database_url).database + "_restore").render_as_string(hide_password=False)
    target = make_url(url)
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:  # CI gives one database: make its _restore twin the first time
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def restore_app(app_config, target_url, tmp_path):
    """A second app on the empty database and an empty upload folder."""
    target = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": target_url,
                         "UPLOAD_FOLDER": str(tmp_path / "restored-uploads")})
    yield target
    with target.app_context():
        db.session.remove()
        db.engine.dispose()


def backup(runner, tmp_path) -> Path:
    result = runner.invoke(args=["backup", "create", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    path = Path(result.output.splitlines()[0])
    assert path.is_file() and path.name.endswith(".tar.gz")
    return path


def restore(restore_app, archive):
    with restore_app.app_context():
        return restore_app.test_cli_runner().invoke(args=["backup", "restore", str(archive)])


def test_a_restored_backup_has_the_same_cases_files_and_intact_audit_chains(app, runner, filled, tmp_path,
                                                                            restore_app):
    before = snapshot_of_cases()
    archive = backup(runner, tmp_path)
    source_files = {p.name: p.read_bytes() for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()}
    assert len(source_files) == 4

    result = restore(restore_app, archive)
    assert result.exit_code == 0, result.output
    assert "cases\t3" in result.output and "4 tệp đính kèm" in result.output
    assert "audit trail intact" in result.output

    with restore_app.app_context():
        assert snapshot_of_cases() == before
        restored = Path(restore_app.config["UPLOAD_FOLDER"])
        assert {p.name: p.read_bytes() for p in restored.iterdir()} == source_files
        for name, digest in before["files"]:
            assert hashlib.sha256((restored / name).read_bytes()).hexdigest() == digest
        verify = restore_app.test_cli_runner().invoke(args=["audit", "verify"])
        assert verify.exit_code == 0 and "intact" in verify.output
        # New rows continue after the restored ids (PostgreSQL sequences were moved on).
        case = file_case(request(subject="Sau phục hồi"), [], now=before["cases"][0][4]).case
        assert case.id > max(c.id for c in db.session.scalars(sa.select(Case).where(Case.id != case.id)))


def test_restore_refuses_a_database_that_is_not_empty(app, runner, filled, tmp_path, restore_app):
    archive = backup(runner, tmp_path)
    assert restore(restore_app, archive).exit_code == 0
    with restore_app.app_context():
        before = snapshot_of_cases()
    again = restore(restore_app, archive)
    assert again.exit_code != 0
    assert "không trống" in again.output and "cases: 3" in again.output
    with restore_app.app_context():
        assert snapshot_of_cases() == before
    # Nor into the live database the backup came from.
    live = runner.invoke(args=["backup", "restore", str(archive)])
    assert live.exit_code != 0 and "không trống" in live.output


def damaged_copies(archive: Path, folder: Path) -> dict[str, Path]:
    raw = archive.read_bytes()
    copies = {"truncated": raw[: len(raw) // 2], "flipped": raw[:200] + bytes([raw[200] ^ 0xFF]) + raw[201:],
              "not an archive": b"hello"}
    # A well-formed archive whose data was edited: only the manifest's checksum can tell.
    buffer = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=buffer, mode="w:gz") as edited:
        for info in source:
            content = source.extractfile(info).read()
            if info.name == "data/cases.jsonl":
                content = content.replace("Đơn số 1".encode(), "Đơn số 9".encode())
            info.size = len(content)
            edited.addfile(info, io.BytesIO(content))
    copies["edited"] = buffer.getvalue()
    # A member dropped from the end (an archive cut between members, the gzip still closed).
    buffer = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=buffer, mode="w:gz") as shorter:
        members = source.getmembers()
        for info in members[:-1]:
            shorter.addfile(info, io.BytesIO(source.extractfile(info).read()))
    copies["member missing"] = buffer.getvalue()
    paths = {}
    for name, content in copies.items():
        path = folder / f"{name.replace(' ', '-')}.tar.gz"
        path.write_bytes(content)
        paths[name] = path
    return paths


@pytest.mark.parametrize("damage, says", [
    ("truncated", ("hỏng",)), ("not an archive", ("hỏng",)), ("edited", ("sha256",)), ("member missing", ("thiếu",)),
    # Where the flipped byte lands decides what notices it first: the gzip check or the manifest's parser.
    ("flipped", ("hỏng", "không đọc được")),
])
def test_a_damaged_archive_is_refused_before_anything_is_written(app, runner, filled, tmp_path, restore_app,
                                                                 damage, says):
    archive = backup(runner, tmp_path)
    damaged = damaged_copies(archive, tmp_path)[damage]
    verify = runner.invoke(args=["backup", "verify", str(damaged)])
    assert verify.exit_code != 0 and any(word in verify.output for word in says)
    result = restore(restore_app, damaged)
    assert result.exit_code != 0 and any(word in result.output for word in says)
    with restore_app.app_context():
        assert sa.inspect(db.engine).get_table_names() == []  # not even the schema
    uploads = Path(restore_app.config["UPLOAD_FOLDER"])
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_the_untouched_archive_verifies_and_lists_every_table(app, runner, filled, tmp_path):
    archive = backup(runner, tmp_path)
    verify = runner.invoke(args=["backup", "verify", str(archive)])
    assert verify.exit_code == 0 and "nguyên vẹn" in verify.output
    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
    assert names[0] == "manifest.json"
    assert {f"data/{t.name}.jsonl" for t in db.metadata.sorted_tables} <= set(names)
    assert sum(n.startswith("uploads/") for n in names) == 4
    assert gzip.decompress(archive.read_bytes())  # one gzip stream, readable by standard tools


def test_a_file_written_after_the_snapshot_is_not_included_and_a_lost_one_is_reported(app, runner, filled,
                                                                                      tmp_path):
    folder = Path(app.config["UPLOAD_FOLDER"])
    (folder / "0123456789abcdef.pdf").write_bytes(files.PDF)  # no row points at it (yet)
    lost = db.session.scalars(sa.select(Attachment.storage_name)).first()
    (folder / lost).unlink()
    result = runner.invoke(args=["backup", "create", "--output", str(tmp_path / "backups")])
    assert result.exit_code == 1 and f"thiếu tệp đính kèm {lost}" in result.output
    archive = Path(result.output.splitlines()[0])
    with tarfile.open(archive, "r:gz") as opened:
        names = set(opened.getnames())
    assert "uploads/0123456789abcdef.pdf" not in names and f"uploads/{lost}" not in names
    assert sum(n.startswith("uploads/") for n in names) == 3


@pytest.mark.postgres_only
def test_a_postgresql_backup_restores_into_sqlite(app_config, runner, filled, tmp_path):
    """One format for both backends: a PostgreSQL backup opens on a laptop's SQLite."""
    before = snapshot_of_cases()
    archive = backup(runner, tmp_path)
    laptop = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'laptop.sqlite3'}",
                         "UPLOAD_FOLDER": str(tmp_path / "laptop-uploads")})
    result = restore(laptop, archive)
    assert result.exit_code == 0 and "audit trail intact" in result.output, result.output
    with laptop.app_context():
        assert snapshot_of_cases() == before
        db.session.remove()
        db.engine.dispose()


def test_the_archive_is_readable_by_its_owner_only(app, runner, filled, tmp_path):
    archive = backup(runner, tmp_path)
    assert archive.stat().st_mode & 0o077 == 0


def test_a_case_filed_while_the_backup_runs_is_wholly_out_of_it(app, runner, filled, tmp_path, clock,
                                                                 restore_app):
    """A submission committed between the dump of `cases` and that of `attachments` and `case_events`
    must not leave its events or files in the archive without its case: one snapshot for all tables."""
    before = snapshot_of_cases()
    filed = []

    def file_one_midway(conn, cursor, statement, parameters, context, executemany):
        if not filed and "FROM case_events" in statement and "ORDER BY case_events.id" in statement:
            filed.append(None)
            upload = [Upload("moi.pdf", io.BytesIO(files.PDF + b"moi"))]
            filed[0] = file_case(request(subject="Gửi trong lúc sao lưu"), upload, now=clock.now).case.tracking_code

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", file_one_midway)
    try:
        archive = backup(runner, tmp_path)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", file_one_midway)
    assert filed and filed[0] is not None  # the submission really happened during the dump
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 4
    result = restore(restore_app, archive)
    assert result.exit_code == 0 and "audit trail intact" in result.output, result.output
    with restore_app.app_context():
        assert snapshot_of_cases() == before
        assert len(list(Path(restore_app.config["UPLOAD_FOLDER"]).iterdir())) == 4
