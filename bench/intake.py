"""Intake throughput: POST /gui-don under gunicorn and PostgreSQL, beside a one-INSERT Flask baseline.

What it measures: submissions per second and p50/p95/p99 latency of the public
intake form, served by gunicorn (2 sync workers) on loopback against
PostgreSQL, beside the same figures for bench/baseline_app.py, a minimal
Flask endpoint that parses the same multipart body and INSERTs one row.
Goal (issue): at least half the baseline's throughput and p95 under 50 ms at
8 concurrent clients. A third run posts the same feedback to Open311's
``POST /open311/v2/requests.json`` (form-encoded, as a partner system does) and
prints it beside the web form (issue 13).

How: the database (default ``petition_bench``) is created if missing, its
public schema dropped and recreated, migrated with ``flask --app wsgi db
upgrade`` and given the intake unit "VP" and the baseline's table. Each
server then runs in turn on a free port. The clients (8, spread over 2
processes so that one client process's GIL does not throttle the load) each
GET /gui-don once for the session cookie and CSRF token, then POST
multipart forms as a browser does, each with a fresh submission_token, until
``--warmup`` + ``--requests`` POSTs are done (or ``--time-limit`` passes).
Only the last ``--requests`` count: throughput is those POSTs over the wall
time from the first one's start to the last one's end. Any answer but a 303
to the receipt is an error. Afterwards every 303's tracking code must be
exactly one row in ``cases`` (nothing lost, nothing doubled).

It also prints the CPU time per POST spent by the gunicorn processes,
PostgreSQL and the clients (Linux /proc). On 2 cores the three share the
machine, so the CPU a submission costs is what bounds its throughput;
"other" is CPU used by anything else meanwhile: when it is not near 0 the
machine was not idle and the figures are not worth much.

Run (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth)::

    make bench-intake                       # = .venv/bin/python bench/intake.py
    .venv/bin/python bench/intake.py --requests 5000 --concurrency 16
    .venv/bin/python bench/intake.py --root /tmp/checkout   # the app of another copy

Exit status: 0 when the run was clean, whether or not the goal is met; 1 on
HTTP errors, a time-limit cut or a row-count mismatch.
"""
import sys
from pathlib import Path

# bench/ holds calendar.py, which would shadow the standard library's calendar module (imported by
# http.client, email, ...): take this script's directory off the path before importing anything else.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import multiprocessing as mp  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlencode, urlsplit  # noqa: E402

# (sqlalchemy is imported where the database is handled: the client processes need only the stdlib.)

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the virtualenv's bin/: gunicorn and flask live beside python
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench"
APP_PATH, BASELINE_PATH, OPEN311_PATH = "/gui-don", "/submit", "/open311/v2/requests.json"
APP_ACCEPTED, BASELINE_ACCEPTED = "/gui-don/bien-nhan/", "/done/"  # 303 Location prefixes

FORM = {  # a feedback (phản ánh) from an individual: the most common public submission
    "kind": "feedback", "petitioner_type": "individual", "full_name": "Nguyễn Văn An",
    "phone": "0912 345 678", "email": "an.nguyen@example.com", "address": "12 Lê Lợi, phường Phú Hội, TP Huế",
    "location": "Chợ Đông Ba, quầy số 5", "subject": "Cân điện tử tại chợ sai lệch",
    "content": "Cân điện tử tại quầy số 5 chợ Đông Ba cân thiếu khoảng 100 g mỗi kilôgam. " * 6,
    "consent": "y",
}
OPEN311_FORM = {  # the same feedback as a partner system files it (GeoReport v2, form-encoded)
    "service_code": "feedback", "first_name": "Văn An", "last_name": "Nguyễn", "phone": "0912 345 678",
    "email": "an.nguyen@example.com", "attribute[petitioner_address]": FORM["address"],
    "address_string": FORM["location"], "attribute[subject]": FORM["subject"], "description": FORM["content"],
    "attribute[consent]": "true",
}
CSRF_RE = re.compile(r'name="csrf_token"[^>]*\svalue="([^"]+)"')


# --- the clients ----------------------------------------------------------------------------------

def multipart(fields: dict) -> tuple[bytes, str]:
    """A browser-shaped multipart body: a fresh boundary each time, and the empty file input."""
    boundary = "----WebKitFormBoundary" + secrets.token_hex(8)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n")
    return "".join(parts).encode(), f"multipart/form-data; boundary={boundary}"


class Browser:
    """A persistent connection (reopened when the server closes it, as sync workers do) and a cookie jar."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except Exception:
            self.conn.close()  # the next request() connects afresh
            raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, urlsplit(response.getheader("Location", "")).path, data


def _error_text(status, location: str, data: bytes) -> str:
    """The page's title and the form's error messages, else the start of its text."""
    page = (data or b"").decode("utf-8", "replace")
    title = re.search(r"<title>([^<]*)</title>", page)
    messages = re.findall(r'class="[^"]*error[^"]*"[^>]*>\s*([^<]{1,200})', page)
    text = " ".join(re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S).split())
    shown = "; ".join(m.strip() for m in messages[:5]) or text[:300]
    return f"HTTP {status} {location} {title.group(1).strip() if title else ''}: {shown}"


def _client_thread(port, mode, ticket, total, warmup, time_limit, barrier, out):
    """One browser: take tickets until ``total`` are taken; tickets from ``warmup`` on are measured."""
    res = {"lat": [], "first": math.inf, "last": -math.inf, "ok": 0, "errors": 0, "first_error": None,
           "keys": [], "setup_error": None}
    out.append(res)
    browser, token = Browser(port), ""
    try:
        if mode == "form":
            status, location, page = browser.request("GET", APP_PATH)
            match = CSRF_RE.search(page.decode("utf-8", "replace"))
            if status != 200 or not match or "session" not in browser.cookies:
                raise RuntimeError(f"no CSRF token or session cookie: {_error_text(status, location, page)}")
            token = match.group(1)
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        res["setup_error"] = f"GET {APP_PATH}: {exc!r}"
    try:
        barrier.wait(timeout=120)  # every browser has its cookie and token: go together
    except threading.BrokenBarrierError:
        return
    deadline = time.monotonic() + time_limit
    if res["setup_error"]:
        return
    path, accepted = {"form": (APP_PATH, APP_ACCEPTED), "baseline": (BASELINE_PATH, BASELINE_ACCEPTED),
                      "open311": (OPEN311_PATH, None)}[mode]
    while time.monotonic() < deadline:
        with ticket.get_lock():
            number = ticket.value
            if number >= total:
                break
            ticket.value = number + 1
        if mode == "open311":
            body, content_type = urlencode(OPEN311_FORM).encode(), "application/x-www-form-urlencoded"
        else:
            fields = {"csrf_token": token, "submission_token": secrets.token_urlsafe(18), **FORM} \
                if mode == "form" else FORM
            body, content_type = multipart(fields)
        begin = time.perf_counter()  # CLOCK_MONOTONIC on Linux: comparable across the client processes
        try:
            status, location, data = browser.request("POST", path, body, content_type)
        except Exception as exc:  # noqa: BLE001
            status, location, data = None, "", repr(exc).encode()
        end = time.perf_counter()
        key = _accepted(mode, status, location, data, accepted)
        if key is not None:
            res["ok"] += 1
            res["keys"].append(key)
            if number >= warmup:
                res["lat"].append(end - begin)
                res["first"] = min(res["first"], begin)
                res["last"] = max(res["last"], end)
        else:
            res["errors"] += 1
            if res["first_error"] is None:
                res["first_error"] = _error_text(status, location, data)


def _accepted(mode, status, location, data, accepted) -> str | None:
    """The tracking code (or baseline key) of an accepted submission, None for anything else."""
    if mode == "open311":
        if status != 200:
            return None
        try:
            return json.loads(data)[0]["service_request_id"]
        except (ValueError, LookupError, TypeError):
            return None
    return location[len(accepted):] if status == 303 and location.startswith(accepted) else None


def _client_process(port, mode, threads, ticket, total, warmup, time_limit, barrier, queue):
    """``threads`` browsers in one process; their results go to ``queue``."""
    results: list[dict] = []
    browsers = [threading.Thread(target=_client_thread,
                                 args=(port, mode, ticket, total, warmup, time_limit, barrier, results))
                for _ in range(threads)]
    for browser in browsers:
        browser.start()
    for browser in browsers:
        browser.join()
    queue.put(results)


def run_load(port: int, mode: str, requests: int, warmup: int, concurrency: int,
             processes: int, time_limit: float) -> dict:
    ctx = mp.get_context("spawn")
    processes = max(1, min(processes, concurrency))
    split = [concurrency // processes + (i < concurrency % processes) for i in range(processes)]
    ticket = ctx.Value("q", 0)
    barrier = ctx.Barrier(concurrency + 1)
    queue = ctx.Queue()
    children = [ctx.Process(target=_client_process, daemon=True,
                            args=(port, mode, n, ticket, warmup + requests, warmup, time_limit, barrier, queue))
                for n in split]
    for child in children:
        child.start()
    results: list[dict] = []
    try:
        barrier.wait(timeout=120)
        for _ in children:
            results.extend(queue.get(timeout=time_limit + 120))
    finally:
        for child in children:
            child.join(timeout=10)
            if child.is_alive():
                child.terminate()
                child.join(timeout=5)
    latencies = sorted(x for r in results for x in r["lat"])
    wall = max(r["last"] for r in results) - min(r["first"] for r in results) if latencies else 0.0

    def pct(p: float) -> float:  # nearest rank
        return latencies[max(0, math.ceil(p * len(latencies)) - 1)] * 1000 if latencies else math.nan

    setup_errors = [r["setup_error"] for r in results if r["setup_error"]]
    return {
        "measured": len(latencies), "rps": len(latencies) / wall if wall > 0 else 0.0,
        "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "max": latencies[-1] * 1000 if latencies else math.nan,
        "posts": sum(r["ok"] + r["errors"] for r in results), "ok": sum(r["ok"] for r in results),
        "keys": [k for r in results for k in r["keys"]],
        "errors": sum(r["errors"] for r in results) + len(setup_errors),
        "first_error": next(iter(setup_errors), None) or next((r["first_error"] for r in results
                                                               if r["first_error"]), None),
        "cut": ticket.value < warmup + requests,
    }


# --- where the CPU goes (Linux) -------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: str) -> tuple[str, int, float] | None:
    """(command name, parent pid, user+system CPU seconds) of a process; PostgreSQL's title as its name."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if name.startswith("postgres"):  # "postgres: 15/main: postgres petition_bench 127.0.0.1(5678) idle"
            name = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, ValueError):
        return None
    return name, int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK


class CpuMeter:
    """CPU seconds used between start() and stop() by the gunicorn tree, PostgreSQL, us (clients), others.

    PostgreSQL: its background processes and the backends connected to ``database``; backends of
    other databases count as "other".
    """

    def __init__(self, gunicorn_pid: int, database: str):
        self.master, self.database = gunicorn_pid, database

    def _group(self, pid: str, name: str, ppid: int) -> str | None:
        if int(pid) == self.master or ppid == self.master:
            return "gunicorn"
        if name.startswith("postgres"):
            backend = re.search(r"\S+ (\S+) (?:[\d.:a-f]+\(\d+\)|\[local\])", name)
            return "postgres" if backend is None or backend.group(1) == self.database else None
        return None

    def _sample(self) -> dict:
        procs = {pid: s for pid in os.listdir("/proc") if pid.isdigit() and (s := _proc_stat(pid))}
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        busy = (sum(fields[:8]) - fields[3] - fields[4] - fields[7]) / TICK  # all but idle, iowait, steal
        own = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"procs": procs, "busy": busy, "clients": sum(r.ru_utime + r.ru_stime for r in own)}

    def start(self) -> None:
        self.before = self._sample()

    def stop(self) -> dict:
        after = self._sample()
        used = {"gunicorn": 0.0, "postgres": 0.0}
        for pid, (name, ppid, cpu) in after["procs"].items():
            if group := self._group(pid, name, ppid):
                old = self.before["procs"].get(pid)
                used[group] += cpu - (old[2] if old and old[0] == name else 0.0)
        used["clients"] = after["clients"] - self.before["clients"]  # this process + the joined client processes
        used["other"] = max(0.0, after["busy"] - self.before["busy"] - sum(used.values()))
        return used


# --- the servers ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn app`` in its own session on a free loopback port; leaving the ``with`` always ends it."""

    def __init__(self, app: str, chdir: Path, env: dict, workers: int, log: Path):
        self.port, self.log, self.app = free_port(), log, app
        command = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                   "--chdir", str(chdir), "--no-control-socket", "--log-level", "warning", app]
        with open(log, "wb") as out:  # no --access-logfile: no access log
            self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, probe: str, timeout: float = 60) -> None:
        """Until a worker answers HTTP (any status); fail early if gunicorn exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", probe)
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn {self.app} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: the master and its workers only
            self.process.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# --- the database ---------------------------------------------------------------------------------

def prepare_database(url: str, root: Path, env: dict) -> str:
    """Create the database if needed, empty it, migrate it, add the intake unit and the baseline table."""
    import sqlalchemy as sa

    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
                conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        migrate = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=root, env=env,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        if migrate.returncode:
            raise RuntimeError(f"flask db upgrade failed ({migrate.returncode}):\n{migrate.stdout}{migrate.stderr}")
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                                 "VALUES ('VP', 'Văn phòng Sở', true, now())"))
            conn.execute(sa.text("CREATE TABLE bench_baseline (id serial PRIMARY KEY, body text, "
                                 "created_at timestamptz NOT NULL)"))
            return conn.scalar(sa.text("SHOW server_version")).split()[0]
    finally:
        engine.dispose()


def check_rows(url: str, baseline: dict, apps: list[dict]) -> tuple[bool, list[str]]:
    """Every accepted submission (a 303 from the form, a 200 from Open311) made exactly one row: no
    submission lost, none doubled."""
    app = {"ok": sum(a["ok"] for a in apps), "keys": [k for a in apps for k in a["keys"]]}
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            count = lambda table: conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: E731
            base_rows, cases, petitioners, events, outbox = (
                count(t) for t in ("bench_baseline", "cases", "petitioners", "case_events", "outbox_messages"))
            codes = set(conn.scalars(sa.text("SELECT tracking_code FROM cases")))
    finally:
        engine.dispose()
    answered = set(app["keys"])
    app_ok = (cases == app["ok"] == len(answered) and codes == answered
              and petitioners == events == outbox == cases)
    base_ok = base_rows == baseline["ok"] == len(set(baseline["keys"]))
    lines = [
        f"rows: {cases} cases, {petitioners} petitioners, {events} audit events, {outbox} outbox messages for "
        f"{app['ok']} accepted submissions (warm-up included), {len(codes & answered)} of them with the "
        f"tracking code answered -> {'consistent' if app_ok else 'MISMATCH'}; baseline {base_rows} rows for "
        f"{baseline['ok']} -> {'consistent' if base_ok else 'MISMATCH'}",
    ]
    if not app_ok:
        lines.append(f"  tracking codes answered but not in cases: {len(answered - codes)}; in cases but never "
                     f"answered: {len(codes - answered)}; answered twice: {len(app['keys']) - len(answered)}")
    return base_ok and app_ok, lines


# --- main -----------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="project root holding wsgi.py")
    parser.add_argument("--requests", type=int, default=2000, help="measured POSTs per server")
    parser.add_argument("--warmup", type=int, default=100, help="POSTs before measuring (not counted)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--client-processes", type=int, default=2, help="processes the clients are spread over")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn (sync) workers")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds of load per server at most")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
                        help="EMPTIED and migrated (default also from $BENCH_DATABASE_URL)")
    args = parser.parse_args()
    root = args.root.resolve()
    if not (root / "wsgi.py").is_file():
        parser.error(f"{root} has no wsgi.py")
    if args.requests < 1 or args.concurrency < 1 or args.warmup < 0 or args.workers < 1:
        parser.error("--requests, --concurrency and --workers must be positive, --warmup not negative")

    scratch = Path(tempfile.mkdtemp(prefix="petition-bench-"))
    try:
        return run(args, root, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(args, root: Path, scratch: Path) -> int:
    env = {**os.environ, "PETITION_APP_CONFIG": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "DATABASE_URL": args.database_url, "SESSION_COOKIE_SECURE": "0",
           "INTAKE_RATE_LIMIT": "1000000 per minute", "LOOKUP_RATE_LIMIT": "1000000 per minute",
           # Production counts limits in Redis across the workers (config.check refuses memory://).
           "RATELIMIT_STORAGE_URI": os.environ.get("BENCH_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15"),
           "PUBLIC_BASE_URL": "https://tiepdan.bench.invalid",  # production refuses an http:// base
           "UPLOAD_FOLDER": str(scratch / "uploads"), "INSTANCE_PATH": str(scratch / "instance")}
    env.pop("FLASK_DEBUG", None)
    (scratch / "uploads").mkdir()
    # gunicorn puts --chdir on sys.path: serve the baseline from a copy, away from bench/calendar.py.
    (scratch / "baseline").mkdir()
    shutil.copy(HERE / "baseline_app.py", scratch / "baseline" / "baseline_app.py")
    print(f"preparing the database, migrating {root} ...", file=sys.stderr)
    pg_version = prepare_database(args.database_url, root, env)
    database = args.database_url.rsplit("/", 1)[-1].split("?")[0]

    results, cpu = {}, {}
    for label, app, chdir, probe, mode in (
            ("baseline (1 INSERT)", "baseline_app:app", scratch / "baseline", BASELINE_PATH, "baseline"),
            ("petition_app /gui-don", "wsgi:app", root, APP_PATH, "form"),
            ("Open311 POST requests", "wsgi:app", root, "/open311/v2/services.json", "open311")):
        print(f"{label}: {args.warmup} warm-up + {args.requests} POSTs ...", file=sys.stderr)
        with Gunicorn(app, chdir, env, args.workers, scratch / f"{app.split(':')[0]}.log") as server:
            server.wait_ready(probe)
            meter = CpuMeter(server.process.pid, database)
            meter.start()
            results[label] = run_load(server.port, mode, args.requests, args.warmup, args.concurrency,
                                      args.client_processes, args.time_limit)
            cpu[label] = meter.stop()
            results[label]["log"] = server.log_tail()
    baseline, app = results["baseline (1 INSERT)"], results["petition_app /gui-don"]
    open311 = results["Open311 POST requests"]
    rows_ok, row_lines = check_rows(args.database_url, baseline, [app, open311])

    print(f"intake benchmark: {args.requests} submissions (+{args.warmup} warm-up), {args.concurrency} concurrent "
          f"clients in {args.client_processes} processes, gunicorn {args.workers} sync workers, "
          f"PostgreSQL {pg_version}, {os.cpu_count()} CPUs, app at {root}")
    print(f"{'':24}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    for label, r in results.items():
        print(f"{label:24}{r['rps']:9.1f}{r['p50']:9.1f}{r['p95']:9.1f}{r['p99']:9.1f}{r['max']:9.1f}{r['errors']:8}")
    print(f"{'CPU ms per POST':24}{'gunicorn':>9}{'postgres':>9}{'clients':>9}{'other':>9}{'total':>9}")
    for label, r in results.items():
        c = [v * 1000 / max(1, r["posts"]) for v in cpu[label].values()]
        print(f"{label:24}" + "".join(f"{v:9.2f}" for v in [*c, sum(c)]))
    ratio = app["rps"] / baseline["rps"] if baseline["rps"] else 0.0
    verdict = "PASS" if ratio >= 0.5 and app["p95"] < 50 else "FAIL"
    print(f"ratio app/baseline: {ratio:.2f} (goal >= 0.50)   p95: {app['p95']:.1f} ms (goal < 50 ms)   -> {verdict}")
    if baseline["rps"]:
        print(f"ratio Open311/baseline: {open311['rps'] / baseline['rps']:.2f}   p95: {open311['p95']:.1f} ms "
              f"(beside the web form; no goal of its own)")
    for line in row_lines:
        print(line)

    clean = rows_ok
    for label, r in results.items():
        if r["errors"]:
            clean = False
            print(f"!!! {label}: {r['errors']} ERRORS (answers other than 303); first: {r['first_error']}",
                  file=sys.stderr)
            if r["log"]:
                print(f"    gunicorn log (tail):\n{r['log']}", file=sys.stderr)
        if r["cut"]:
            clean = False
            print(f"!!! {label}: TIME LIMIT ({args.time_limit:.0f} s) reached after {r['measured']} measured "
                  f"POSTs", file=sys.stderr)
        busy = sum(cpu[label].values())
        if busy and cpu[label]["other"] > 0.1 * busy:
            print(f"!!! {label}: other processes used {cpu[label]['other'] / busy:.0%} of the CPU during the run: "
                  f"the machine was not idle, the figures are unreliable", file=sys.stderr)
    if not rows_ok:
        print("!!! ROW COUNT MISMATCH: submissions were lost or doubled", file=sys.stderr)
    if not clean:
        print("!!! THIS RUN IS NOT VALID: its figures do not count", file=sys.stderr)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
