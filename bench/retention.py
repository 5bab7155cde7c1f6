"""The retention job at scale: seconds to anonymise N closed cases past their period (with their
petitioners, e-mails and attachment rows), and proof that the public statistics of every year
loaded and the audit chains are unchanged.

    .venv/bin/python bench/retention.py --cases 100000

Uses $BENCH_RETENTION_DATABASE_URL (default h_backups on 127.0.0.1), which is EMPTIED.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime, timedelta, timezone  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

KINDS = ["complaint", "denunciation", "petition", "feedback", "info_request"]


def load(url: str, cases: int) -> None:
    from petition_app.domain.cases import CaseStatus
    from petition_app.services.audit import event_row

    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng', true, now())"))
        conn.execute(sa.text("""
            INSERT INTO petitioners (id, type, full_name, citizen_id, phone, email, address, cosigner_names,
                is_protected, consent_at, created_at)
            SELECT i, 'individual', 'Nguyễn Văn ' || i, lpad(i::text, 12, '0'), '09' || lpad(i::text, 8, '0'),
                'nguoi' || i || '@example.com', i || ' Lê Lợi, Huế', '[]', false, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        # Received 2012-2023, closed 200 days later: roughly half are past their kind's period in 2026.
        conn.execute(sa.text(f"""
            INSERT INTO cases (id, tracking_code, kind, channel, status, subject, content, unit_id, petitioner_id,
                is_anonymous, cosigner_count, received_at, resolved_at, outcome, filed_late, is_repeat, version,
                created_at, updated_at)
            SELECT i, 'R' || lpad(i::text, 18, '0'), (ARRAY{KINDS})[1 + i % 5], 'online', 'closed',
                'Đơn của ông Nguyễn Văn ' || i, 'Nội dung đơn số ' || i, 1, i, false, 0,
                timestamptz '2012-01-01' + (i % 4380) * interval '1 day',
                timestamptz '2012-01-01' + (i % 4380 + 190) * interval '1 day', NULL, false, false, 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :n)"), {"n": cases})
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('petitioners', 'id'), :n)"), {"n": cases})
        conn.execute(sa.text("""
            INSERT INTO outbox_messages (case_id, recipient, subject, body_text, status, attempts, next_attempt_at,
                created_at)
            SELECT i, 'nguoi' || i || '@example.com', 'Đã nhận đơn', 'Kính gửi ông Nguyễn Văn ' || i, 'sent', 1,
                now(), now() FROM generate_series(1, :n) i"""), {"n": cases})
        rows = conn.execute(sa.text("SELECT id, resolved_at FROM cases ORDER BY id")).all()
        batch = []
        for case_id, resolved_at in rows:
            row = event_row(case_id, "close", now=resolved_at + timedelta(days=10), to_status=CaseStatus.CLOSED)
            batch.append({**row, "data": json.dumps(row["data"]), "to_status": "closed", "from_status": None})
        conn.execute(sa.text("INSERT INTO case_events (case_id, at, actor_id, action, from_status, to_status, note, "
                             "data, prev_hash, hash) VALUES (:case_id, :at, :actor_id, :action, :from_status, "
                             ":to_status, :note, CAST(:data AS json), :prev_hash, :hash)"), batch)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"loaded {cases:,} closed cases with petitioners, e-mails and closing events "
          f"in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_RETENTION_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/h_backups")
    prepare(url)
    load(url, args.cases)

    from petition_app import create_app
    from petition_app.extensions import db
    from petition_app.services import public_statistics
    from petition_app.services.audit import verify_chains
    from petition_app.services.retention import apply_retention

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    now = datetime(2026, 11, 25, 2, 30, tzinfo=timezone.utc)
    today = date(2026, 11, 25)
    with app.app_context():
        before = [public_statistics.compute(public_statistics.Period(y), today) for y in range(2012, 2025)]
        started = time.perf_counter()
        dry = apply_retention(now, dry_run=True)
        dry_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = apply_retention(now)
        seconds = time.perf_counter() - started
        db.session.expire_all()
        after = [public_statistics.compute(public_statistics.Period(y), today) for y in range(2012, 2025)]
        left = db.session.scalar(sa.text("SELECT count(*) FROM petitioners p JOIN cases c ON c.petitioner_id = p.id "
                                         "WHERE c.anonymised_at IS NOT NULL AND p.full_name IS NOT NULL"))
        broken = verify_chains()
        again = apply_retention(now + timedelta(days=1))
    print(f"dry run: {dry.total:,} cases due ({dict(dry.cases)}) in {dry_seconds:.2f} s")
    print(f"anonymised {report.total:,} of {args.cases:,} cases in {seconds:.1f} s "
          f"({report.total / seconds:,.0f} cases/s)")
    print(f"statistics of 2012-2024 identical before and after: {before == after}; "
          f"names left on anonymised cases: {left}; broken audit chains: {len(broken)}; "
          f"second run anonymised: {again.total}")
    if before != after or left or broken or again.total or report.total != dry.total:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
