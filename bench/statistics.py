"""The public statistics (/thong-ke) at N cases: seconds per page and per open-data file.

Builds (once; ``--rebuild`` to redo) a PostgreSQL database ``petition_bench_stats`` with N cases
received over the last 900 days across 10 units, 5 kinds, 12 statuses, 6 channels and 9 fields;
the resolved ones carry resolved_at and resolution_due, the other finished ones an audit event
into their final status (what the backlog reads). Then requests the current year's and the
current month's page, JSON and CSV through the Flask test client and prints the median and the
worst of ``--repeats`` runs.

    .venv/bin/python bench/statistics.py --cases 200000
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # bench/calendar.py would shadow the standard library's calendar module

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402
from bench.queue import CATEGORIES, CHANNELS, KINDS, STATUSES  # noqa: E402


def build(url: str, cases: int, rebuild: bool) -> None:
    if prepare(url, None if rebuild else cases):
        print(f"reusing {cases:,} cases")
        return
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "SELECT 'U' || i, 'Đơn vị ' || i, true, now() FROM generate_series(1, 10) i"))
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, category, unit_id,
                is_anonymous, cosigner_count, received_at, resolution_due, resolved_at, filed_late, is_repeat,
                version, created_at, updated_at)
            SELECT 'S' || lpad(i::text, 18, '0'), (ARRAY{KINDS})[1 + i % 5], (ARRAY{CHANNELS})[1 + i % 6],
                (ARRAY{STATUSES})[1 + (i / 7) % 12], 'Đơn ' || i, 'Nội dung', (ARRAY{CATEGORIES})[1 + i % 9],
                1 + i % 10, true, 0, now() - (i % 900) * interval '1 day' - (i % 1440) * interval '1 minute',
                (now() - (i % 900) * interval '1 day')::date + 21,
                CASE WHEN (i / 7) % 12 IN (4, 5)
                     THEN now() - (i % 900) * interval '1 day' + (10 + i % 20) * interval '1 day' END,
                false, false, 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text("""
            INSERT INTO case_events (case_id, at, action, to_status, data, hash)
            SELECT id, received_at + interval '5 days', 'decline', status, '{}', md5(id::text)
            FROM cases WHERE status IN ('not_accepted', 'forwarded', 'guided', 'returned', 'archived',
                                        'withdrawn')"""))
        conn.execute(sa.text("ANALYZE"))
    print(f"loaded {cases:,} cases in {time.perf_counter() - started:.1f} s")
    engine.dispose()


def measure(url: str, repeats: int) -> None:
    from petition_app import create_app
    from petition_app.clock import local_date, utcnow

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    with app.app_context():
        today = local_date(utcnow())
    year, month = f"{today.year}", f"{today.year}-{today.month:02d}"
    for path in (f"/thong-ke/{year}", f"/thong-ke/{year}.json", f"/thong-ke/{year}.csv",
                 f"/thong-ke/{month}", f"/thong-ke/{month}.json"):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, path
        print(f"{path:28} median {statistics.median(times):6.2f} s   worst {max(times):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_STATS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_stats"))
    args = parser.parse_args()
    build(args.database_url, args.cases, args.rebuild)
    measure(args.database_url, args.repeats)


if __name__ == "__main__":
    main()
