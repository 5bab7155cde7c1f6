"""The periodic reports at N cases and M visits: seconds to build a sector year's report of every
form (target: under 10 s each at 1,000,000 cases and 200,000 visits), and one drill-down.

Builds (once; ``--rebuild`` to redo) a PostgreSQL database ``petition_bench_reports`` set-wise
(INSERT … SELECT FROM generate_series): cases over the last 900 days across 10 units, every kind,
status, signer class, eligibility and competence, with the audit events the forms read (triage,
follow-up, withdrawal), and visits of every kind of reception and outcome by ten officers.
Then builds each form for the current sector year (15/12 – 14/12) as leadership would.

    .venv/bin/python bench/reports.py --cases 1000000 --visits 200000
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
from bench.queue import CATEGORIES, KINDS, STATUSES  # noqa: E402

TARGET_SECONDS = 10.0
SIGNERS = ["one", "several", "delegation"]


def build(url: str, cases: int, visits: int, rebuild: bool) -> None:
    if prepare(url, None if rebuild else cases):
        print(f"reusing {cases:,} cases")
        return
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "SELECT 'U' || i, 'Đơn vị ' || i, true, now() FROM generate_series(1, 10) i"))
        conn.execute(sa.text("INSERT INTO users (username, full_name, password_hash, role, unit_id, is_active, "
                             "created_at, session_generation, failed_sign_ins, must_change_password) "
                             "SELECT 'officer' || i, 'Cán bộ ' || i, 'x', 'reception', i, true, now(), 0, 0, false "
                             "FROM generate_series(1, 10) i"))
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, category, unit_id,
                is_anonymous, cosigner_count, received_at, signers, is_eligible, within_competence, is_repeat,
                accepted_at, resolved_at, outcome, resolution_due, filed_late, version, created_at, updated_at)
            SELECT 'R' || lpad(i::text, 18, '0'), k, 'online', s, 'Đơn ' || i, 'Nội dung',
                (ARRAY{CATEGORIES})[1 + i % 9], 1 + i % 10, false, 0, r,
                (ARRAY{SIGNERS})[1 + i % 4],
                CASE WHEN s = 'not_accepted' THEN false WHEN s IN ('returned', 'archived', 'received') THEN NULL
                     ELSE true END,
                CASE WHEN s IN ('forwarded', 'guided') THEN false
                     WHEN s IN ('accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'withdrawn') THEN true END,
                i % 11 = 0,
                CASE WHEN s IN ('accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'withdrawn')
                     THEN r + interval '5 days' END,
                CASE WHEN s IN ('resolved', 'closed') THEN r + (10 + i % 40) * interval '1 day' END,
                CASE WHEN s IN ('resolved', 'closed') THEN
                    CASE k WHEN 'complaint' THEN (ARRAY['upheld', 'partly_upheld', 'rejected'])[1 + i % 3]
                           WHEN 'denunciation' THEN (ARRAY['true', 'partly_true', 'untrue'])[1 + i % 3]
                           WHEN 'info_request' THEN 'provided' ELSE 'answered' END END,
                r::date + 35, false, 1, now(), now()
            FROM (SELECT i, (ARRAY{KINDS})[1 + i % 5] AS k, (ARRAY{STATUSES})[1 + (i / 7) % 12] AS s,
                         now() - (i % 900) * interval '1 day' - (i % 1440) * interval '1 minute' AS r
                  FROM generate_series(1, :n) i) g"""), {"n": cases})
        conn.execute(sa.text("""
            INSERT INTO case_events (case_id, at, action, from_status, to_status, data, hash)
            SELECT id, received_at + interval '3 days', 'triage', 'received',
                   CASE WHEN status IN ('on_hold', 'withdrawn', 'resolved', 'closed', 'in_progress')
                        THEN 'accepted' ELSE status END, '{}', md5(id::text)
            FROM cases WHERE status <> 'received'"""))
        conn.execute(sa.text("""
            INSERT INTO case_events (case_id, at, action, from_status, to_status, data, hash)
            SELECT id, received_at + interval '20 days', 'withdraw', 'in_progress', 'withdrawn', '{}'::json,
                   md5(id::text)
            FROM cases WHERE status = 'withdrawn'
            UNION ALL
            SELECT id, received_at + interval '15 days', 'follow_up', 'forwarded', 'forwarded', '{}'::json,
                   md5(id::text)
            FROM cases WHERE status = 'forwarded' AND id % 3 = 0"""))
        conn.execute(sa.text(f"""
            INSERT INTO visits (visited_at, place, officer_id, reception_kind, is_repeat, is_online, is_group,
                people_count, content, kind, documents, outcome, is_protected, created_at, updated_at, version)
            SELECT now() - (i % 900) * interval '1 day', 'reception_room', 1 + i % 10,
                (ARRAY['routine', 'head_periodic', 'head_ad_hoc', 'deputy'])[1 + i % 4], i % 3 = 0, i % 13 = 0,
                i % 17 = 0, CASE WHEN i % 17 = 0 THEN 6 + i % 20 ELSE 1 END, 'Nội dung',
                (ARRAY{KINDS})[1 + i % 5], '[]', (ARRAY['guided', 'registered', 'attached', 'refused'])[1 + i % 4],
                false, now(), now(), 1
            FROM generate_series(1, :m) i"""), {"m": visits})
        conn.execute(sa.text("ANALYZE"))
    print(f"loaded {cases:,} cases and {visits:,} visits in {time.perf_counter() - started:.1f} s")
    engine.dispose()


def measure(url: str, repeats: int) -> None:
    from petition_app import create_app
    from petition_app.clock import local_date, utcnow
    from petition_app.domain.cases import Role
    from petition_app.domain.report_periods import Preset, preset_period
    from petition_app.domain.reports import Form, layout_in_force
    from petition_app.models import User
    from petition_app.services import reports

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        today = local_date(utcnow())
        period = preset_period(Preset.SECTOR_YEAR, today.year + (1 if today.month == 12 and today.day >= 15 else 0))
        print(f"period {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}; target {TARGET_SECONDS:.0f} s per form")
        for form in Form:
            layout = layout_in_force(form, period.start)
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                report = reports.compute_report(layout, period)
                times.append(time.perf_counter() - started)
            worst = max(times)
            verdict = "ok" if worst < TARGET_SECONDS else "OVER TARGET"
            print(f"{layout.number:10} total {report.total.values['1']:>9,}   median {statistics.median(times):6.2f} s"
                  f"   worst {worst:6.2f} s   ({verdict}; cross-checks broken: {len(report.broken)})")
        supervisor = User(role=Role.SUPERVISOR, id=0)  # not saved: the drill-down only reads its role
        layout = layout_in_force(Form.HANDLING, period.start)
        started = time.perf_counter()
        found = reports.drill_down(supervisor, layout, period, "9")
        print(f"drill-down 01/XLD (9): {found.count:,} rows, first {len(found.cases)} listed in "
              f"{time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_REPORTS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_reports"))
    args = parser.parse_args()
    build(args.database_url, args.cases, args.visits, args.rebuild)
    measure(args.database_url, args.repeats)


if __name__ == "__main__":
    main()
