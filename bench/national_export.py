"""The national database export (issue 12): time and memory for a full and an incremental export.

Builds (every run) a PostgreSQL database with N cases (default 200,000; every kind, a petitioner
each, a fifth denunciations) and N/4 visits, loaded by INSERT … SELECT generate_series, their
`updated_at` spread over 400 days. Then, in this process as `flask national-export` would, writes
the JSON and the CSV of everything and of the last 30 days to a temporary file, printing seconds,
records, bytes and the process's peak resident memory after each, so that a flat memory figure
shows the export streams rather than loads.

    .venv/bin/python bench/national_export.py --cases 200000 [--url postgresql+psycopg://…]
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

KINDS = "['complaint','denunciation','petition','feedback','info_request']"


def build(url: str, cases: int) -> None:
    prepare(url)
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng', true, now())"))
        conn.execute(sa.text("INSERT INTO users (username, full_name, password_hash, role, unit_id, is_active, "
                             "created_at) VALUES ('desk', 'Cán bộ tiếp', 'x', 'reception', 1, true, now())"))
        conn.execute(sa.text("""
            INSERT INTO petitioners (type, full_name, citizen_id, phone, email, address, cosigner_names, is_protected,
                consent_at, created_at)
            SELECT 'individual', 'Nguyễn Văn ' || i, lpad(i::text, 12, '0'), '+8491' || lpad(i::text, 7, '0'),
                'cd' || i || '@example.com', 'Số ' || i || ' Lê Lợi, Huế', '[]', i % 5 = 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, unit_id, petitioner_id,
                is_anonymous, cosigner_count, received_at, triage_due, filed_late, is_repeat, version, created_at,
                updated_at, within_competence, is_eligible)
            SELECT 'N' || lpad(i::text, 18, '0'), (ARRAY{KINDS})[1 + i % 5], 'online', 'received',
                'Đơn số ' || i, 'Nội dung', 1, i, false, 0, now() - (i % 400) * interval '1 day',
                (now() - (i % 400) * interval '1 day')::date + 14, false, false, 1, now(),
                now() - (i % 400) * interval '1 day', true, true
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text("""
            INSERT INTO visits (visited_at, place, officer_id, reception_kind, is_repeat, is_online, is_group,
                people_count, content, documents, outcome, is_protected, created_at, updated_at, version, case_id)
            SELECT now() - (i % 400) * interval '1 day', 'reception_room', 1, 'routine', false, false, false, 1,
                'Phản ánh số ' || i, '[]', 'guided', i % 50 = 0, now(), now() - (i % 400) * interval '1 day', 1,
                CASE WHEN i % 3 = 0 THEN i END
            FROM generate_series(1, :n) i"""), {"n": cases // 4})
        conn.execute(sa.text("""
            INSERT INTO visitors (visit_id, position, full_name, citizen_id, address, phone)
            SELECT id, 0, 'Trần Thị ' || id, NULL, 'Thôn ' || id, NULL FROM visits"""))
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()
    print(f"loaded {cases:,} cases and {cases // 4:,} visits in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL",
                                                        "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_export"))
    args = parser.parse_args()
    build(args.url, args.cases)

    from petition_app import create_app
    from petition_app.services.national_export import export

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.url})
    now = datetime.now(timezone.utc)
    print(f"peak memory before: {peak_mb():.0f} MB")
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        for since in (None, (now - timedelta(days=30)).date()):
            for file_format in ("json", "csv"):
                path = Path(folder) / f"out.{file_format}"
                started = time.perf_counter()
                with path.open("w", encoding="utf-8") as out:
                    out.writelines(export(since, file_format, actor=None, now=now, via="cli"))
                seconds = time.perf_counter() - started
                lines = sum(1 for _ in path.open(encoding="utf-8"))
                print(f"{file_format} since {since or 'the start'}: {seconds:.1f} s, ~{lines - 1:,} records, "
                      f"{path.stat().st_size / 1e6:.0f} MB; peak memory {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
