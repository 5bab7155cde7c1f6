"""The reception desk: registering a visit as a case over HTTP, the log book and its XLSX at 100,000 visits.

Builds (every run) a PostgreSQL database with N visits (default 100,000) spread over two years,
three officers, both places, the four kinds of reception and the four outcomes, each with one
visitor (a tenth are delegations with a second representative), loaded in bulk by INSERT …
SELECT generate_series. Then serves the app with werkzeug's threaded server on a loopback port
and, over real HTTP (urllib, a cookie jar, one client):

- POSTs the desk form with "register as a case" (a visit, its visitor, a case, its petitioner,
  audit events, one commit) — p50/p95;
- GETs the log book's first page, unfiltered and filtered by a month, as leadership — p50/p95;
- GETs the XLSX of one month and of the largest filter still written within the request
  (services/log_exports.INLINE_LIMIT rows) — seconds and size;
- GETs the CSV of that largest filter;
- asks for the XLSX and the CSV of the whole log (every visit), which are built off the request:
  the request itself (it answers with the page that says the file is being prepared), then the
  job that builds the file (run in this process, as the scheduler would), then the download.

    make bench-reception        # or: .venv/bin/python bench/reception.py --visits 100000

Goals (issue 10): registering p95 < 100 ms; the log book page < 1 s and its XLSX < 10 s at
100,000 visits (a request never held longer: above INLINE_LIMIT rows the file is built by a job).
"""
import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module: import from the project root.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import http.cookiejar  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from bench.pgdb import current_code, enrol_second_factor, prepare  # noqa: E402

PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def build(url: str, visits: int) -> None:
    prepare(url)  # empties and migrates
    engine = sa.create_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng Sở', true, now())"))
        conn.execute(sa.text(
            "INSERT INTO users (username, full_name, password_hash, role, unit_id, is_active, created_at) "
            "SELECT 'desk' || i, 'Cán bộ tiếp ' || i, 'x', CASE WHEN i = 1 THEN 'supervisor' ELSE 'reception' END, "
            "1, true, now() FROM generate_series(1, 4) i"))
        conn.execute(sa.text(f"""
            INSERT INTO visits (visited_at, place, place_detail, officer_id, reception_kind, is_repeat, is_online,
                is_group, people_count, content, documents, outcome, refusal_ground, is_protected, created_by_id,
                created_at, updated_at, version)
            SELECT now() - (i * interval '10 minutes'),
                CASE WHEN i % 10 = 0 THEN 'grassroots' ELSE 'reception_room' END,
                CASE WHEN i % 10 = 0 THEN 'UBND xã ' || (i % 97) END,
                2 + i % 3, (ARRAY['routine','routine','routine','head_periodic','head_ad_hoc','deputy'])[1 + i % 6],
                i % 4 = 0, i % 20 = 0, i % 10 = 5, CASE WHEN i % 10 = 5 THEN 5 + i % 30 ELSE 1 END,
                'Phản ánh số ' || i || ' về cân điện tử, xăng dầu, đo lường tại chợ và cửa hàng trên địa bàn.',
                '["Đơn phản ánh (01 bản)", "Ảnh chụp"]',
                (ARRAY['guided','guided','registered','attached','refused'])[1 + i % 5],
                CASE WHEN i % 5 = 4 THEN 'threatening' END, i % 50 = 0, 2 + i % 3,
                now() - (i * interval '10 minutes'), now() - (i * interval '10 minutes'), 1
            FROM generate_series(1, {visits}) i"""))
        conn.execute(sa.text("""
            INSERT INTO visitors (visit_id, position, full_name, citizen_id, address, phone)
            SELECT id, 0, 'Nguyễn Văn ' || id, lpad('001' || (id % 1000000000)::text, 12, '0'),
                'Số ' || id || ' đường Lê Lợi, Thanh Hóa', '+849' || lpad((id % 100000000)::text, 8, '0')
            FROM visits"""))
        conn.execute(sa.text("""
            INSERT INTO visitors (visit_id, position, full_name)
            SELECT id, 1, 'Lê Thị ' || id FROM visits WHERE is_group"""))
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()
    print(f"loaded {visits:,} visits in {time.perf_counter() - started:.1f} s", file=sys.stderr)


class Client:
    """One browser-like HTTP client: a cookie jar, urllib, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  self._NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:  # a redirect too: not followed
            self.location = error.headers.get("Location")
            return error.code, error.read()


def serve(url: str):
    from werkzeug.serving import make_server

    from petition_app import create_app
    from petition_app.extensions import db
    from petition_app.models import User

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "LOGIN_RATE_LIMIT": "100000 per minute",
                      "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="bench-reception-")})
    with app.app_context():
        for user in db.session.scalars(sa.select(User)):
            user.set_password(PASSWORD)
        db.session.commit()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, app


def timed(call, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[int(0.95 * (len(times) - 1))]


def measure(base: str, app, registrations: int, repeats: int) -> list[tuple[str, list[float], float, str]]:
    with app.app_context():
        from petition_app.extensions import db

        enrol_second_factor(db.session, "desk1")  # leadership signs in with a code
        db.session.commit()
    desk, leader = Client(base), Client(base)
    for client, who in ((desk, "desk2"), (leader, "desk1")):
        status, _body = client.request("/staff/login", {"username": who, "password": PASSWORD})
        assert status == 302, (who, status)
    status, _body = leader.request("/staff/login/ma-xac-thuc", {"code": current_code()})  # leadership's second step
    assert status == 302, ("desk1", status)
    counter = iter(range(10**9))

    def register():
        n = next(counter)
        status, body = desk.request("/staff/tiep-cong-dan/moi", {
            "visited_at": (datetime.now(LOCAL) - timedelta(minutes=1)).strftime("%d/%m/%Y %H:%M"),
            "officer_id": "2", "place": "reception_room", "reception_kind": "routine", "people_count": "1",
            "citizen_id_0": f"001{n:09d}", "name_0": f"Trần Thị {n}", "phone_0": "0912345678",
            "address_0": "12 Lê Lợi, Thanh Hóa", "content": "Phản ánh cân thiếu tại chợ Vườn Hoa.",
            "documents": "Đơn phản ánh\nẢnh chụp", "outcome": "registered", "kind": "feedback",
            "subject": "Cân thiếu tại chợ", "consent": "y", "submission_token": f"bench-{n}-{time.time()}"})
        assert status == 303, (status, body[:2000])

    results = []
    timed(register, 10)  # warm-up
    results.append(("register a visit as a case (POST)", timed(register, registrations), 100.0, "ms"))

    def get(path):
        def call():
            status, body = leader.request(path)
            assert status == 200, (path, status)
            return body
        return call

    today = datetime.now(LOCAL).strftime("%d/%m/%Y")
    month_ago = (datetime.now(LOCAL) - timedelta(days=31)).strftime("%d/%m/%Y")
    get("/staff/tiep-cong-dan/")()
    results.append(("log book, first page", timed(get("/staff/tiep-cong-dan/"), repeats), 1000.0, "ms"))
    results.append((f"log book, {month_ago}–{today}, refused",
                    timed(get(f"/staff/tiep-cong-dan/?tu={month_ago}&den={today}&outcome=refused"), repeats),
                    1000.0, "ms"))
    from petition_app.services.log_exports import INLINE_LIMIT

    per_day = 24 * 6  # one visit every 10 minutes
    # The largest period the request still builds itself, with room for the visits registered above.
    largest = (datetime.now(LOCAL) - timedelta(days=INLINE_LIMIT // per_day - 3)).strftime("%d/%m/%Y")
    for what, query in (("one month", f"?tu={month_ago}&den={today}"), (f"≤ {INLINE_LIMIT:,} rows", f"?tu={largest}")):
        size = len(get(f"/staff/tiep-cong-dan/so.xlsx{query}")())
        results.append((f"XLSX, {what} ({size / 1e6:.1f} MB)", timed(get(f"/staff/tiep-cong-dan/so.xlsx{query}"), 3),
                        10000.0, "ms"))
    size = len(get(f"/staff/tiep-cong-dan/so.csv?tu={largest}")())
    results.append((f"CSV, ≤ {INLINE_LIMIT:,} rows ({size / 1e6:.1f} MB)",
                    timed(get(f"/staff/tiep-cong-dan/so.csv?tu={largest}"), 3), 10000.0, "ms"))
    results.extend(whole_log(leader, app, "xlsx"))
    results.extend(whole_log(leader, app, "csv"))
    return results


def whole_log(client: Client, app, file_format: str) -> list[tuple[str, list[float], float, str]]:
    """Ask for every visit: the request answers at once with the waiting page; the job builds the file."""
    from petition_app.clock import utcnow
    from petition_app.i18n import label
    from petition_app.services.log_exports import build_pending_exports

    asked, built, fetched = [], [], []
    for _ in range(3):
        began = time.perf_counter()
        status, _body = client.request(f"/staff/tiep-cong-dan/so.{file_format}")
        assert status == 303, status
        asked.append((time.perf_counter() - began) * 1000)
        waiting = urllib.parse.urlsplit(client.location).path
        began = time.perf_counter()
        with app.app_context():
            assert build_pending_exports(utcnow(), label) == 1
        built.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        status, body = client.request(f"{waiting}/tai")
        assert status == 200 and body[:2] in (b"PK", "\ufeff".encode()[:2]), status
        fetched.append((time.perf_counter() - began) * 1000)
    name = file_format.upper()
    return [(f"{name} of the whole log: the request (→ waiting page)", asked, 1000.0, "ms"),
            (f"{name} of the whole log: built by the job ({len(body) / 1e6:.1f} MB)", built, 10000.0, "ms"),
            (f"{name} of the whole log: the download once ready", fetched, 1000.0, "ms")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_RECEPTION_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench_reception"))
    args = parser.parse_args()
    build(args.database_url, args.visits)
    server, app = serve(args.database_url)
    try:
        results = measure(f"http://127.0.0.1:{server.server_port}", app, args.registrations, args.repeats)
    finally:
        server.shutdown()
        shutil.rmtree(app.config["UPLOAD_FOLDER"], ignore_errors=True)
    print(f"reception benchmark: {args.visits:,} visits, werkzeug threaded server on loopback, one HTTP client, "
          f"PostgreSQL, {os.cpu_count()} CPUs")
    print(f"{'what':52}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'goal ms':>10}")
    ok = True
    for label, times, goal, _unit in results:
        passed = p95(times) < goal
        ok &= passed
        print(f"{label:52}{len(times):5}{statistics.median(times):10.1f}{p95(times):10.1f}{goal:10.0f}"
              f"  {'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
