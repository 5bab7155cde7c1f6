"""A calendar change against many open cases: how long adding or removing one override
takes, when every open case's period reaches the changed day.

Builds (afresh each run) a PostgreSQL database of N open cases of every kind,
received over the last 40 days, a third accepted, then adds a day off three working days
from now (every case's deadlines are computed afresh, most move) and removes it again (the
same cases move back). Each moved case gets an audit event; nobody has an e-mail address,
so no notices are queued.

    make bench-recompute    # or: .venv/bin/python bench/recompute.py --cases 20000

There is no goal in the issue; the figure says how long an admin waits (the page recomputes
in the request) for the department's real volume of open cases.
"""
import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module: import from the project root.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

KINDS = ["complaint", "denunciation", "petition", "feedback", "info_request"]


def build(url: str, cases: int) -> None:
    prepare(url)  # emptied every run: the run itself moves every case's deadlines
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('U1', 'Đơn vị', true, now())"))
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, unit_id, is_anonymous,
                cosigner_count, received_at, accepted_at, triage_due, sla_policy_id, filed_late, is_repeat,
                is_complex, is_remote, version, created_at, updated_at)
            SELECT 'R' || lpad(i::text, 18, '0'), (ARRAY{KINDS})[1 + i % 5], 'online',
                (ARRAY['received', 'accepted', 'in_progress'])[1 + i % 3], 'Đơn ' || i, 'Nội dung', 1, true, 0,
                now() - (i % 40) * interval '1 day',
                CASE WHEN i % 3 > 0 THEN now() - (i % 40) * interval '1 day' + interval '2 days' END,
                (now() - (i % 40) * interval '1 day')::date + 14,
                (SELECT p.id FROM sla_policies p WHERE p.kind = (ARRAY{KINDS})[1 + i % 5] AND p.version = 1),
                false, false, false, false, 1, now(), now()
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_RECOMPUTE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_recompute"))
    args = parser.parse_args()
    build(args.database_url, args.cases)

    from petition_app import create_app
    from petition_app.clock import local_date, utcnow
    from petition_app.services.calendar_changes import add_override, remove_override
    from petition_app.services.working_calendar import working_calendar

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        from petition_app.extensions import db
        from petition_app.models import CalendarOverride

        # Settle every case's deadlines once (a day far in the past moves nothing, but the
        # refresh computes what the bulk load left out), so the measured runs start exact.
        calendar = working_calendar()
        day = calendar.add_working_days(local_date(utcnow()), 3)
        long_ago = calendar.add_working_days(day - timedelta(days=400), 1)
        began = time.perf_counter()
        settle = add_override(long_ago, False, "chuẩn bị", actor=None, now=utcnow())
        db.session.commit()
        print(f"settled {settle.checked:,} cases in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        added = add_override(day, False, "Quyết định thử", actor=None, now=utcnow())
        add_s = time.perf_counter() - began
        override = db.session.scalar(sa.select(CalendarOverride).where(CalendarOverride.day == day))
        began = time.perf_counter()
        removed = remove_override(override.id, actor=None, now=utcnow())
        remove_s = time.perf_counter() - began
    print(f"calendar change benchmark: {args.cases:,} open cases, PostgreSQL")
    print(f"{'change':22}{'checked':>10}{'moved':>10}{'seconds':>10}{'cases/s':>10}")
    for name, result, seconds in (("add a day off", added, add_s), ("remove it again", removed, remove_s)):
        print(f"{name:22}{result.checked:>10,}{result.changed:>10,}{seconds:>10.2f}"
              f"{result.checked / seconds:>10,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
