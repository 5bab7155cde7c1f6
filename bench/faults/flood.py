"""A sustained mixed load: status lookups, submissions and staff queue views, for minutes.

Claims: at the rate the machine holds, no request fails; p95 per request type stays bounded; the
server's memory does not grow without bound (RSS of gunicorn's master and workers at the start of
the measured period and at its end, and sampled every ``--sample`` seconds between).

How: a PostgreSQL of its own, the app under gunicorn (``--workers`` sync workers), ``--seed``
cases filed first (their tracking codes are what the lookups ask for), ``--handlers`` handlers
signed in. ``--clients`` closed-loop clients (each waits for its answer before the next request:
the rate is the highest the server holds at that concurrency, not a rate imposed on it) pick
each request by ``--mix`` (lookup:submission:queue, default 6:2:2) for ``--duration`` seconds
(default 180) after ``--warmup`` seconds. Any answer but 200 (lookup, queue) or 303 (submission)
is an error; afterwards every submission answered with a receipt must be one case.

    .venv/bin/python bench/faults/flood.py --duration 30      # a short run
    make bench-faults                                          # all the fault scripts, flood at 3 min
"""
import argparse
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from concurrent_staff import Officer, setup  # noqa: E402 - signs handlers in as it signs officers

KINDS = ("lookup", "submission", "queue")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=180, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=300, help="cases filed before the load")
    parser.add_argument("--mix", default="6:2:2", help="lookup:submission:queue weights")
    parser.add_argument("--sample", type=float, default=10, help="seconds between RSS samples")
    args = parser.parse_args()
    with harness.scratch_dir("petition-flood-") as scratch, harness.own_postgres(scratch) as pg:
        return run(args, scratch, pg)


def run(args, scratch: Path, pg: harness.PgCluster) -> int:
    import sqlalchemy as sa

    weights = [float(w) for w in args.mix.split(":")]
    env = harness.app_env(pg.create_database(), scratch, harness.free_port())
    harness.migrate(env)
    setup(env, args.clients)  # one reception officer per client, for the queue view
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    first_error: dict[str, str] = {}
    receipts: list[str] = []
    lock = threading.Lock()
    with harness.gunicorn(env, scratch, workers=args.workers) as server:
        seeder = harness.Citizen(server.port)
        codes = [code for _ in range(args.seed) for status, code, _ in [seeder.submit()] if status == 303]
        receipts += codes
        pids = harness.tree(server.process.pid)
        begin = time.monotonic()
        measure_from, stop_at = begin + args.warmup, begin + args.warmup + args.duration
        rss = []

        def client(number: int) -> None:
            rng = random.Random(number)
            citizen, officer = harness.Citizen(server.port), Officer(server.port, f"tiepnhan{number}")
            while (now := time.monotonic()) < stop_at:
                kind = rng.choices(KINDS, weights)[0]
                started = time.perf_counter()
                if kind == "lookup":
                    status, _, body = citizen.browser.request("GET", f"/tra-cuu/{rng.choice(codes)}")
                    good, code = status == 200, ""
                elif kind == "submission":
                    status, code, body = citizen.submit()
                    good = status == 303 and bool(code)
                else:
                    status, _, body = officer.browser.request("GET", "/staff/?view=unit")
                    good, code = status == 200, ""
                took = time.perf_counter() - started
                with lock:
                    if code:
                        receipts.append(code)
                    if now >= measure_from:
                        if good:
                            latencies[kind].append(took)
                        else:
                            errors[kind] += 1
                            first_error.setdefault(kind, f"HTTP {status}: {body[:200]!r}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        while time.monotonic() < stop_at:
            rss.append((time.monotonic() - measure_from, harness.rss_kib(harness.tree(server.process.pid))))
            time.sleep(min(args.sample, max(0.0, stop_at - time.monotonic())))
        for thread in threads:
            thread.join()
        rss.append((time.monotonic() - measure_from, harness.rss_kib(harness.tree(server.process.pid))))
        workers_then = harness.tree(server.process.pid)

    engine = sa.create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        stored = set(conn.scalars(sa.text("SELECT tracking_code FROM cases")))
        whole = conn.scalar(sa.text("SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM case_events e "
                                    "WHERE e.case_id = c.id) = 1 AND (SELECT count(*) FROM outbox_messages o "
                                    "WHERE o.case_id = c.id) = 1"))
    engine.dispose()

    total = sum(len(v) for v in latencies.values())
    print(f"flood: {args.clients} closed-loop clients, gunicorn {args.workers} sync workers, mix "
          f"lookup:submission:queue = {args.mix}, {args.duration:.0f} s measured after {args.warmup:.0f} s warm-up, "
          f"{args.seed} cases seeded")
    print(f"{'request':12}{'count':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for kind in KINDS:
        values = latencies[kind]
        print(f"{kind:12}{len(values):8}{len(values) / args.duration:8.1f}"
              f"{harness.percentile(values, .5) * 1000:9.1f}{harness.percentile(values, .95) * 1000:9.1f}"
              f"{(max(values) if values else float('nan')) * 1000:9.1f}{errors[kind]:8}")
    print(f"{'all':12}{total:8}{total / args.duration:8.1f}")
    print("gunicorn RSS (master + workers, MiB) over the run: "
          + ", ".join(f"{t:.0f}s {kib / 1024:.0f}" for t, kib in rss))
    print(f"workers at the start {sorted(pids)}, at the end {sorted(workers_then)} (a changed pid: a worker "
          f"restarted)")
    print(f"sent (receipts): {len(receipts)}   stored: {len(stored)}   whole (1 event, 1 outbox row): {whole}   "
          f"lost: {len(set(receipts) - stored)}")
    for kind, text in first_error.items():
        print(f"!!! first {kind} error: {text}", file=sys.stderr)
    growth = (rss[-1][1] - rss[0][1]) / rss[0][1] if rss and rss[0][1] else 0.0
    ok = (not any(errors.values()) and set(receipts) == stored and whole == len(stored)
          and all(latencies[k] for k in KINDS))
    return harness.verdict("flood", ok, f"{total / args.duration:.1f} req/s for {args.duration:.0f} s, "
                                        f"{sum(errors.values())} errors, RSS {rss[0][1] / 1024:.0f} -> "
                                        f"{rss[-1][1] / 1024:.0f} MiB ({growth:+.0%})")


if __name__ == "__main__":
    sys.exit(main())
