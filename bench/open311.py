"""Open311 reads at 1,000,000 cases: p50/p95 of GET requests.json (the 90-day list, a kind, open
only), of one request by code and of a comma list of 20 codes, through the Flask test client on
PostgreSQL, with the SQL statements per request.

Reuses the queue benchmark's database (bench/queue.py builds it once: 1,000,000 cases over 900
days, 10 units, every kind and status).

    .venv/bin/python bench/open311.py            # after bench/queue.py has built its database

Goal (issue 13): GET requests.json p95 at 1,000,000 cases; the queue's 100 ms is the bar used.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.queue import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_QUEUE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_queue"))
    args = parser.parse_args()
    build(args.database_url, args.cases, rebuild=False)

    from petition_app import create_app
    from petition_app.domain.tracking import new_tracking_code
    from petition_app.extensions import db

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.database_url})
    statements = [0]
    with app.app_context():
        # The bulk load's codes are not real tracking codes (no check symbol): give the rows read
        # by code real ones (kept across runs: rows that already have one are left alone).
        ids = db.session.scalars(sa.text(
            "(SELECT id FROM cases ORDER BY id DESC LIMIT 20) UNION (SELECT id FROM cases ORDER BY id "
            "LIMIT 1 OFFSET 500000)")).all()
        for case_id in ids:
            db.session.execute(sa.text("UPDATE cases SET tracking_code = :code WHERE id = :id AND tracking_code "
                                       "LIKE 'B%'"), {"code": new_tracking_code(), "id": case_id})
        db.session.commit()
        codes = db.session.scalars(sa.text("SELECT tracking_code FROM cases ORDER BY id DESC LIMIT 20")).all()
        deep = db.session.scalar(sa.text("SELECT tracking_code FROM cases ORDER BY id LIMIT 1 OFFSET 500000"))

        def count(*_args, **_kwargs):
            statements[0] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count)
    client = app.test_client()
    lines = [
        ("requests.json (90 days, public kinds)", "/open311/v2/requests.json"),
        ("requests.json?service_code=feedback", "/open311/v2/requests.json?service_code=feedback"),
        ("requests.json?status=open", "/open311/v2/requests.json?status=open"),
        ("requests.xml (90 days)", "/open311/v2/requests.xml"),
        ("requests/<code>.json", f"/open311/v2/requests/{deep}.json"),
        ("requests.json?service_request_id=20 codes",
         "/open311/v2/requests.json?service_request_id=" + ",".join(codes)),
        ("services.json", "/open311/v2/services.json"),
    ]
    print(f"Open311 reads: {args.cases:,} cases, {args.repeats} requests per line, Flask test client, PostgreSQL")
    print(f"{'request':44}{'p50 ms':>9}{'p95 ms':>9}{'SQL':>6}{'rows':>6}")
    for label, path in lines:
        client.get(path)  # warm
        times = []
        for _ in range(args.repeats):
            statements[0] = 0
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code, response.data[:300])
        rows = len(response.get_json()) if ".json" in path and "/services" not in path else "-"
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        print(f"{label:44}{statistics.median(times):9.1f}{p95:9.1f}{statements[0]:6}{rows!s:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
