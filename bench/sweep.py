"""The deadline sweep at 1,000,000 open cases: the time of one sweep when 1% cross a
threshold, beside a sweep where nothing changes, to show its cost follows the changes.

Builds (once; ``--rebuild`` to redo) a PostgreSQL database of open cases whose next
deadlines are spread evenly over 100 days, settles them with a first sweep, then moves
"today" one day at a time: each step ~1% of the cases become overdue (and ~1% due
soon). Notices are not sent (the sweep runs outside working hours), so the figures
are the state updates alone.

    make bench-sweep        # or: .venv/bin/python bench/sweep.py

Goal (issue 4): one sweep under 5 s at 1,000,000 open cases, its cost proportional to
the cases that change.
"""
import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module: import from the project root.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime, timedelta, timezone  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

START = date(2027, 3, 1)  # a Monday; deadlines spread over the 100 days from here


def build(url: str, cases: int, rebuild: bool) -> None:
    kept = prepare(url, None if rebuild else cases)
    if kept:
        print(f"reusing {kept:,} cases")
        return
    engine = sa.create_engine(url)
    began = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('U1', 'Đơn vị', true, now())"))
        conn.execute(sa.text("""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, unit_id, is_anonymous,
                cosigner_count, received_at, triage_due, next_due, filed_late, is_repeat, is_complex, is_remote,
                version, created_at, updated_at)
            SELECT 'S' || lpad(i::text, 18, '0'), 'feedback', 'online',
                (ARRAY['received', 'accepted', 'in_progress'])[1 + i % 3], 'Đơn ' || i, 'Nội dung', 1, true, 0,
                now(), :start + (i % 100), :start + (i % 100), false, false, false, false, 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases, "start": START})
        conn.execute(sa.text("ANALYZE cases"))
    print(f"loaded {cases:,} open cases in {time.perf_counter() - began:.1f} s")
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=5, help="sweeps measured, one day apart")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_SWEEP_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_sweep"))
    args = parser.parse_args()
    build(args.database_url, args.cases, args.rebuild)

    from petition_app import create_app
    from petition_app.services.sweep import sweep_deadlines

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.database_url})

    def night_of(day: date) -> datetime:  # 23:00 in Vietnam: outside working hours, no notices
        return datetime(day.year, day.month, day.day, 16, 0, tzinfo=timezone.utc)

    with app.app_context():
        from petition_app.extensions import db

        db.session.execute(sa.text("UPDATE cases SET deadline_state = NULL, notified_level = NULL"))
        db.session.commit()
        began = time.perf_counter()
        first = sweep_deadlines(night_of(START - timedelta(days=1)))
        settle = time.perf_counter() - began
        # After a million-row change autovacuum cleans and re-analyses the table; do it now rather
        # than wait, or the indexes still point at a million dead rows with a NULL state.
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE cases"))
        rows = []
        day = START
        for _ in range(args.days):
            day += timedelta(days=1)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            began = time.perf_counter()
            report = sweep_deadlines(night_of(day))
            changing = time.perf_counter() - began
            began = time.perf_counter()
            again = sweep_deadlines(night_of(day))
            idle = time.perf_counter() - began
            rows.append((day, report.to_overdue + report.to_due_soon + report.to_on_track, changing, idle,
                         again.to_overdue + again.to_due_soon))
    print(f"sweep benchmark: {args.cases:,} open cases, PostgreSQL")
    print(f"first sweep (sets every case's state): {first.to_on_track + first.to_due_soon + first.to_overdue:,} "
          f"cases in {settle:.2f} s")
    print(f"{'day':12}{'changed':>10}{'sweep s':>10}{'no-change sweep s':>20}")
    for day, changed, changing, idle, leftover in rows:
        assert leftover == 0, "a second sweep changed something"
        print(f"{day.isoformat():12}{changed:>10,}{changing:>10.3f}{idle:>20.3f}")
    worst = max(r[2] for r in rows)
    print(f"median sweep {statistics.median(r[2] for r in rows):.3f} s, worst {worst:.3f} s (goal < 5 s) -> "
          f"{'PASS' if worst < 5 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
