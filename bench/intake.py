"""Intake throughput: the public form under load, beside a one-INSERT Flask baseline.

Runs gunicorn (2 workers) on loopback against PostgreSQL, first serving
bench/baseline_app.py (a POST that inserts one row), then petition_app's
/gui-don. Eight client threads, each with its own keep-alive connection and
session, post multipart forms as a browser does (each with a fresh
submission token) and the script prints submissions per second and
p50/p95/p99 latency for both, and checks that every 303 made exactly one case.

    make bench-intake            # or: .venv/bin/python bench/intake.py --requests 2000

Goal (issue 2): at least half the baseline's throughput, p95 under 50 ms at 8
concurrent clients.
"""
import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FORM = {
    "kind": "feedback", "petitioner_type": "individual", "full_name": "Nguyễn Văn An",
    "phone": "0912 345 678", "email": "an.nguyen@example.com", "address": "12 Lê Lợi, TP Huế",
    "location": "Chợ Đông Ba", "subject": "Cân điện tử tại chợ sai lệch",
    "content": "Cân tại quầy số 5 chợ Đông Ba cân thiếu khoảng 100 g mỗi kg. " * 5, "consent": "y",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def multipart(fields: dict) -> tuple[bytes, str]:
    boundary = "----bench" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def prepare_database(url: str) -> None:
    """Create the bench database if needed, empty it, migrate it, add the intake unit."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url}, stderr=subprocess.DEVNULL)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng Sở', true, now())"))
        conn.execute(sa.text("CREATE TABLE bench_baseline (id serial PRIMARY KEY, body text, "
                             "created_at timestamptz NOT NULL)"))
    engine.dispose()


class Server:
    """gunicorn on a free loopback port, stopped however the run ends."""

    def __init__(self, app: str, cwd: Path, env: dict, workers: int, threads: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning", app], cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{app} did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_load(port: int, path: str, total: int, warmup: int, clients: int, with_form: bool,
             time_limit: float) -> dict:
    """``clients`` threads post until ``warmup + total`` requests are done; only the last ``total`` count."""
    issued = iter(range(warmup + total))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    started = threading.Barrier(clients + 1)
    measure_from = [None]
    deadline = time.monotonic() + time_limit

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers, token = {}, ""
        if with_form:
            conn.request("GET", path)
            response = conn.getresponse()
            page = response.read().decode()
            cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
            headers["Cookie"] = "; ".join(c for c in cookies if c.startswith("session="))
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        started.wait()
        while time.monotonic() < deadline:
            with lock:
                number = next(issued, None)
            if number is None:
                break
            fields = {**FORM, "csrf_token": token, "submission_token": secrets.token_urlsafe(16)}
            body, content_type = multipart(fields)
            begin = time.perf_counter()
            conn.request("POST", path if with_form else "/submit", body=body,
                         headers={**headers, "Content-Type": content_type})
            response = conn.getresponse()
            text = response.read()
            elapsed = time.perf_counter() - begin
            with lock:
                if number == warmup:
                    measure_from[0] = begin
                if response.status != 303:
                    found = re.findall(rb"<li><a href=\"#(\w+)\">.*?</li>", text)
                    errors.append(f"{response.status}: {found or text[:200]!r}")
                elif number >= warmup:
                    latencies.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    started.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - (measure_from[0] or time.perf_counter())
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"n": len(latencies), "rps": len(latencies) / wall if wall else 0.0, "p50": pct(0.50),
            "p95": pct(0.95), "p99": pct(0.99), "mean": statistics.fmean(latencies) * 1000 if latencies else 0,
            "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync worker)")
    parser.add_argument("--time-limit", type=float, default=180.0)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/petition_bench"))
    args = parser.parse_args()

    prepare_database(args.database_url)
    uploads = tempfile.mkdtemp(prefix="petition-bench-")
    env = {"DATABASE_URL": args.database_url, "PETITION_APP_CONFIG": "production",
           "SECRET_KEY": secrets.token_urlsafe(48), "SESSION_COOKIE_SECURE": "0", "UPLOAD_FOLDER": uploads,
           "INTAKE_RATE_LIMIT": "1000000 per minute", "PYTHONPATH": str(ROOT)}
    results = {}
    for label, app, cwd, with_form in (("baseline (1 INSERT)", "baseline_app:app", ROOT / "bench", False),
                                       ("petition_app /gui-don", "wsgi:app", ROOT, True)):
        server = Server(app, cwd, env, args.workers, args.threads)
        try:
            results[label] = run_load(server.port, "/gui-don", args.requests, args.warmup, args.concurrency,
                                      with_form, args.time_limit)
        finally:
            server.stop()

    engine = sa.create_engine(args.database_url)
    with engine.connect() as conn:
        cases = conn.scalar(sa.text("SELECT count(*) FROM cases"))
        events = conn.scalar(sa.text("SELECT count(*) FROM case_events"))
        outbox = conn.scalar(sa.text("SELECT count(*) FROM outbox_messages"))
    engine.dispose()

    print(f"intake benchmark: {args.requests} submissions (+{args.warmup} warm-up), {args.concurrency} "
          f"concurrent clients, gunicorn {args.workers} workers × {args.threads} threads, PostgreSQL, "
          f"{os.cpu_count()} cores")
    print(f"{'':24}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, r in results.items():
        print(f"{label:24}{r['rps']:9.1f}{r['p50']:9.1f}{r['p95']:9.1f}{r['p99']:9.1f}{len(r['errors']):8}")
    base, app_result = results["baseline (1 INSERT)"], results["petition_app /gui-don"]
    ratio = app_result["rps"] / base["rps"] if base["rps"] else 0.0
    passed = ratio >= 0.5 and app_result["p95"] < 50
    print(f"ratio app/baseline: {ratio:.2f} (goal >= 0.50)   p95: {app_result['p95']:.1f} ms (goal < 50 ms)"
          f"   -> {'PASS' if passed else 'FAIL'}")
    expected = app_result["n"] + args.warmup
    print(f"rows: {cases} cases, {events} audit events, {outbox} outbox messages for {expected} accepted "
          f"submissions -> {'consistent' if cases == events == outbox == expected else 'MISMATCH'}")
    failures = [e for r in results.values() for e in r["errors"]]
    if failures:
        print(f"ERRORS: {len(failures)}; first: {failures[0]}")
        return 1
    return 0 if cases == expected else 1


if __name__ == "__main__":
    sys.exit(main())
