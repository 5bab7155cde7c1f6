"""The public register of outcomes at 100,000 published outcomes: p50/p95 per page, SQL per request.

Builds (once; ``--rebuild`` to redo) a PostgreSQL database with N resolved cases over
10 units, 5 kinds and 9 fields, each with its publication (summary, folded search
text, resolved over three years, one in seven late), loaded in bulk by INSERT …
SELECT generate_series; then requests the register's pages through the Flask test
client, anonymously, as a citizen would: the first page, a filtered page, a deep
page (keyset), searches without diacritics (a common phrase, a rare one), one
outcome's permanent page, the Atom feed, and a conditional GET (304).

    .venv/bin/python bench/publish.py --outcomes 100000

Goal (issue 11): p95 under 50 ms for the list, a search and an outcome page.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # bench/calendar.py would shadow the standard library's calendar

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import prepare  # noqa: E402

KINDS = ["complaint", "denunciation", "petition", "feedback", "info_request"]
OUTCOMES = ["rejected", "untrue", "answered", "answered", "provided"]  # one per kind, in KINDS' order
CATEGORIES = ["standards_metrology_quality", "intellectual_property", "radiation_safety", "technology_transfer",
              "science_management", "digital_transformation", "inspection", "administrative_procedures", "other"]
TOPICS = ["cân điện tử tại chợ", "chất lượng xăng dầu", "bảo hộ nhãn hiệu", "an toàn bức xạ", "chuyển đổi số"]
FOLDED = ["can dien tu tai cho", "chat luong xang dau", "bao ho nhan hieu", "an toan buc xa", "chuyen doi so"]


def build(url: str, outcomes: int, rebuild: bool) -> None:
    kept = prepare(url, None if rebuild else outcomes)
    if kept:
        print(f"reusing {kept:,} outcomes in {sa.engine.make_url(url).database} (migrated to the current schema)")
        return
    from petition_app.domain.tracking import new_tracking_code

    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        # Real tracking codes (with their check symbol): the outcome page accepts no other.
        conn.execute(sa.text("CREATE TEMP TABLE bench_codes (i integer PRIMARY KEY, code varchar(19))"))
        codes = {new_tracking_code() for _ in range(outcomes + 100)}
        conn.execute(sa.text("INSERT INTO bench_codes VALUES (:i, :code)"),
                     [{"i": i, "code": code} for i, code in enumerate(sorted(codes)[:outcomes], start=1)])
        conn.execute(sa.text(
            "INSERT INTO units (code, name, is_active, created_at) "
            "SELECT 'U' || i, 'Đơn vị ' || i, true, now() FROM generate_series(1, 10) i"))
        conn.execute(sa.text(f"""
            INSERT INTO cases (tracking_code, kind, channel, status, subject, content, category, unit_id,
                is_anonymous, cosigner_count, received_at, sla_policy_id, filed_late, is_repeat, version,
                created_at, updated_at, outcome, answer_source, answer_html, public_summary_source,
                public_summary_html, resolved_at, resolution_due)
            SELECT (SELECT code FROM bench_codes b WHERE b.i = g.i), (ARRAY{KINDS})[1 + i % 5], 'online', 'resolved',
                'Đơn số ' || i, 'Nội dung đơn số ' || i, (ARRAY{CATEGORIES})[1 + i % 9], 1 + i % 10, true, 0,
                now() - (i % 1000) * interval '1 day' - interval '30 days',
                (SELECT p.id FROM sla_policies p WHERE p.kind = (ARRAY{KINDS})[1 + i % 5] AND p.version = 1),
                false, false, 1, now(), now(), (ARRAY{OUTCOMES})[1 + i % 5],
                'Trả lời đơn số ' || i, '<p>Trả lời đơn số ' || i || '</p>',
                'Kết quả số ' || i || ': đã kiểm tra ' || (ARRAY{TOPICS})[1 + i % 5],
                '<p>Kết quả số ' || i || ': đã kiểm tra ' || (ARRAY{TOPICS})[1 + i % 5] || '</p>',
                now() - (i % 1000) * interval '1 day', (now() - (i % 1000) * interval '1 day')::date
            FROM generate_series(1, :n) g(i)"""), {"n": outcomes})
        conn.execute(sa.text(f"""
            INSERT INTO publications (case_id, tracking_code, kind, category, unit_id, outcome, resolved_on, is_late,
                summary_html, search_text, published_at)
            SELECT c.id, c.tracking_code, c.kind, c.category, c.unit_id, c.outcome, c.resolved_at::date,
                c.id % 7 = 0, c.public_summary_html,
                lower(c.tracking_code) || ' ket qua so ' || c.id || ': da kiem tra ' || (ARRAY{FOLDED})[1 + c.id % 5],
                c.resolved_at
            FROM cases c ORDER BY c.resolved_at, c.id"""))
        conn.execute(sa.text("ANALYZE"))
    print(f"loaded {outcomes:,} published outcomes in {time.perf_counter() - started:.1f} s")
    engine.dispose()


def measure(url: str, repeats: int) -> list[tuple[str, list[float], list[float], list[int], int]]:
    from petition_app import create_app
    from petition_app.extensions import db

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    statements = [0]
    with app.app_context():
        def count_statement(*_args, **_kwargs):
            statements[0] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count_statement)
        code = db.session.scalar(sa.text("SELECT tracking_code FROM publications ORDER BY id LIMIT 1 OFFSET 50000"))
        unit = db.session.scalar(sa.text("SELECT id FROM units ORDER BY id LIMIT 1 OFFSET 3"))
    client = app.test_client()
    page = client.get("/ket-qua").get_data(as_text=True)
    for _ in range(100):  # 100 pages deep (2,000 rows) by the keyset links
        match = re.search(r'truoc=(\d+)', page)
        if not match:
            break
        page = client.get(f"/ket-qua?truoc={match.group(1)}").get_data(as_text=True)
    deep = match.group(1) if match else ""
    first = client.get("/ket-qua")
    scenarios = [
        ("list, first page", "/ket-qua", {}),
        ("list, page 100 (keyset)", f"/ket-qua?truoc={deep}", {}),
        ("list, kind + year + late", "/ket-qua?loai=feedback&nam=2025&thoi_han=tre-han", {}),
        ("list, unit + field", f"/ket-qua?don_vi={unit}&linh_vuc=radiation_safety", {}),
        ("search 'xang dau' (20%)", "/ket-qua?q=xang+dau", {}),
        ("search 'xăng dầu' with diacritics", "/ket-qua?q=x%C4%83ng+d%E1%BA%A7u", {}),
        ("search one outcome 'ket qua so 77777:'", "/ket-qua?q=so+77777%3A", {}),
        ("search, no match", "/ket-qua?q=khong+co+ket+qua+nay", {}),
        ("outcome page", f"/ket-qua/{code}", {}),
        ("Atom feed", "/ket-qua/atom.xml", {}),
        ("list, conditional GET (304)", "/ket-qua", {"If-None-Match": first.headers["ETag"]}),
    ]
    results = []
    for label, path, headers in scenarios:
        times, cpu, counts, status = [], [], [], 0
        for _ in range(repeats):
            statements[0] = 0
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, headers=headers)
            times.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            counts.append(statements[0])
            status = response.status_code
            assert status in (200, 304), (path, status)
        results.append((label, times, cpu, counts, status))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outcomes", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_PUBLISH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_publish"))
    args = parser.parse_args()
    build(args.database_url, args.outcomes, args.rebuild)
    results = measure(args.database_url, args.repeats)
    print(f"register benchmark: {args.outcomes:,} published outcomes, {args.repeats} requests per line, "
          "Flask test client, PostgreSQL")
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(above the core count, the wall-clock figures include waiting for a CPU)")
    print(f"{'page':42}{'status':>7}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50':>9}{'SQL/request':>13}")
    worst = 0.0
    for label, times, cpu, counts, status in results:
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        worst = max(worst, p95)
        print(f"{label:42}{status:7}{statistics.median(times):9.1f}{p95:9.1f}{statistics.median(cpu):9.1f}"
              f"{max(counts):13}")
    print(f"worst p95: {worst:.1f} ms (goal < 50 ms) -> {'PASS' if worst < 50 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
