"""Queue views at 1,000,000 cases: p50/p95 per view and SQL statements per request.

Builds (once; ``--rebuild`` to redo) a PostgreSQL database with N cases spread
over 10 units, 5 kinds, 12 statuses, 6 channels and 9 categories, loaded in
bulk by INSERT … SELECT generate_series (not one ORM insert at a time), then
requests the main queue views and the case page through the Flask test client
as a supervisor and as a handler, and prints p50/p95 and the number of SQL
statements each request ran (it must not grow with the page size: no N+1).

    make bench-queue        # or: .venv/bin/python bench/queue.py --cases 1000000

Goal (issue 3): every view under 100 ms p95 at 1,000,000 cases. Since issue 4 the queues sort
on the deadline each case is working towards (next_due) and "due soon"/"overdue" read the
sweep's deadline_state, so the data carries both.
"""
import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module: import from the project root.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

KINDS = ["complaint", "denunciation", "petition", "feedback", "info_request"]
STATUSES = ["received", "accepted", "in_progress", "on_hold", "resolved", "closed", "not_accepted",
            "forwarded", "guided", "returned", "archived", "withdrawn"]
CHANNELS = ["online", "in_person", "post", "email", "phone", "forwarded"]
CATEGORIES = ["standards_metrology_quality", "intellectual_property", "radiation_safety", "technology_transfer",
              "science_management", "digital_transformation", "inspection", "administrative_procedures", "other"]


def build(url: str, cases: int, rebuild: bool) -> None:
    kept = prepare(url, None if rebuild else cases)
    if kept:
        print(f"reusing {kept:,} cases in {sa.engine.make_url(url).database} (migrated to the current schema)")
        vacuum(url)
        return
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO units (code, name, is_active, created_at) "
            "SELECT 'U' || i, 'Đơn vị ' || i, true, now() FROM generate_series(1, 10) i"))
        conn.execute(sa.text(
            "INSERT INTO users (username, full_name, password_hash, role, unit_id, is_active, created_at) "
            "SELECT 'user' || i, 'Cán bộ ' || i, 'x', CASE WHEN i = 1 THEN 'supervisor' ELSE 'handler' END, "
            "1 + (i % 10), true, now() FROM generate_series(1, 50) i"))
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, category, unit_id,
                assignee_id, is_anonymous, cosigner_count, received_at, triage_due, next_due, deadline_state,
                sla_policy_id, filed_late, is_repeat, version, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 18, '0'),
                (ARRAY{KINDS})[1 + i % 5], (ARRAY{CHANNELS})[1 + i % 6], (ARRAY{STATUSES})[1 + (i / 7) % 12],
                'Phản ánh số ' || i || ' về ' || (ARRAY['cân điện tử', 'xăng dầu', 'nhãn hiệu', 'bức xạ',
                    'chuyển đổi số'])[1 + i % 5],
                'Nội dung chi tiết của đơn số ' || i, (ARRAY{CATEGORIES})[1 + i % 9], 1 + i % 10,
                CASE WHEN i % 3 = 0 THEN 2 + i % 49 END, true, 0,
                now() - (i % 900) * interval '1 day' - (i % 1440) * interval '1 minute',
                (now() - (i % 900) * interval '1 day')::date + 14,
                -- the deadline being worked towards: received, accepted and in progress cases have one
                -- (from receipt, spread over 900 days, so most are long overdue as in a backlog)
                CASE WHEN (i / 7) % 12 < 3 THEN (now() - (i % 900) * interval '1 day')::date + 14 + (i % 3) * 15 END,
                CASE WHEN (i / 7) % 12 >= 3 THEN NULL
                     WHEN (now() - (i % 900) * interval '1 day')::date + 14 + (i % 3) * 15 < now()::date
                     THEN 'overdue'
                     WHEN (now() - (i % 900) * interval '1 day')::date + 14 + (i % 3) * 15 < now()::date + 5
                     THEN 'due_soon' ELSE 'on_track' END,
                (SELECT p.id FROM sla_policies p WHERE p.kind = (ARRAY{KINDS})[1 + i % 5] AND p.version = 1),
                false, false, 1,
                now() - (i % 900) * interval '1 day', now() - (i % 700) * interval '1 day'
            FROM generate_series(1, :n) i"""), {"n": cases})
        conn.execute(sa.text("ANALYZE"))
    print(f"loaded {cases:,} cases in {time.perf_counter() - started:.1f} s")
    engine.dispose()
    vacuum(url)


def vacuum(url: str) -> None:
    """Measure the table as autovacuum keeps it, not as a bulk load leaves it: without a vacuum no
    page is marked all-visible, so no index-only scan is possible and the dashboard's passes and
    the counts read the table itself (2-3x slower). Whether autovacuum had visited a freshly
    loaded table explained much of the run-to-run difference between sessions."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE cases"))
    engine.dispose()


def measure(url: str, repeats: int) -> list[tuple[str, str, list[float], list[int]]]:
    from petition_app import create_app
    from petition_app.extensions import db
    from petition_app.models import User

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "LOGIN_RATE_LIMIT": "100000 per minute"})
    statements = [0]
    with app.app_context():
        def count_statement(*_args, **_kwargs):
            statements[0] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count_statement)
        for username in ("user1", "user2"):
            user = db.session.scalar(sa.select(User).where(User.username == username))
            user.set_password("bench-password-1")
        db.session.commit()
        deep_case = db.session.scalar(sa.text("SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET 500000")) or 1
        unit_case = db.session.scalar(sa.text(
            "SELECT id FROM cases WHERE unit_id = (SELECT unit_id FROM users WHERE username = 'user2') "
            "ORDER BY id LIMIT 1 OFFSET 50000")) or 1

    results = []
    for who in ("user1", "user2"):  # a supervisor (all units), a handler (one unit)
        client = app.test_client()
        client.post("/staff/login", data={"username": who, "password": "bench-password-1"})
        first = client.get("/staff/?view=all" if who == "user1" else "/staff/?view=unit").get_data(as_text=True)
        cursor = None
        for _ in range(200):  # walk 200 pages (10,000 rows) to reach a deep page's cursor
            match = re.search(r'[?&]after=([\w-]+)', first)
            if not match:
                break
            cursor = match.group(1)
            first = client.get(f"/staff/?view={'all' if who == 'user1' else 'unit'}&after={cursor}").get_data(
                as_text=True)
        view = "all" if who == "user1" else "unit"
        scenarios = [
            (f"queue {view}, first page", f"/staff/?view={view}"),
            (f"queue {view}, page 200", f"/staff/?view={view}&after={cursor}"),
            (f"queue {view}, kind+status filter", f"/staff/?view={view}&kind=complaint&status=accepted"),
            (f"queue {view}, sort by received", f"/staff/?view={view}&sort=received"),
            (f"queue {view}, search 'xăng dầu' (20%)", f"/staff/?view={view}&q=x%C4%83ng+d%E1%BA%A7u"),
            (f"queue {view}, search one case", f"/staff/?view={view}&q=s%E1%BB%91+777772+"),
            ("queue overdue", "/staff/?view=overdue"),
            ("queue due soon", "/staff/?view=due_soon"),
            ("case page", f"/staff/cases/{deep_case if who == 'user1' else unit_case}"),
        ]
        if who == "user1":  # leadership's dashboard (a handler gets 404)
            scenarios.append(("deadline dashboard", "/staff/dashboard"))
        for label, path in scenarios:
            times, counts = [], []
            for _ in range(repeats):
                statements[0] = 0
                began = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - began) * 1000)
                counts.append(statements[0])
                assert response.status_code == 200, (path, response.status_code)
            results.append((who, label, times, counts))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_QUEUE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_queue"))
    args = parser.parse_args()
    build(args.database_url, args.cases, args.rebuild)
    results = measure(args.database_url, args.repeats)
    print(f"queue benchmark: {args.cases:,} cases, {args.repeats} requests per line, Flask test client, PostgreSQL")
    print(f"{'user':8}{'view':36}{'p50 ms':>9}{'p95 ms':>9}{'SQL/request':>13}")
    worst = 0.0
    for who, label, times, counts in results:
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        worst = max(worst, p95)
        role = "leader" if who == "user1" else "handler"
        print(f"{role:8}{label:36}{statistics.median(times):9.1f}{p95:9.1f}{max(counts):13}")
    print(f"worst p95: {worst:.1f} ms (goal < 100 ms) -> {'PASS' if worst < 100 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
