"""PostgreSQL restarted in the middle of a load of submissions.

Claims: every submission that got a receipt (the 303 to /gui-don/bien-nhan/<code>) exists
afterwards with its petitioner, its "received" audit event and its outbox row; every other answer
is the clean 503 "try again" page (never a 500, never a half-written case); and the app recovers by
itself when the database is back (pool_pre_ping, config.py), with no restart of gunicorn.

How: a PostgreSQL cluster of its own (never the shared server on 5432), migrated; the app under
gunicorn (2 sync workers); ``--citizens`` browsers file cases for ``--seconds``; after
``--restart-at`` seconds the server is stopped (``--mode immediate``: as a crash, the default, or
``fast``), kept down ``--down-seconds``, and started again. Afterwards the rows are checked and
``flask audit verify`` is run on the database.

    .venv/bin/python bench/faults/pg_restart.py [--seconds 20 --restart-at 6 --down-seconds 3]
"""
import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

TRY_AGAIN = "tạm gián đoạn"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--restart-at", type=float, default=6)
    parser.add_argument("--down-seconds", type=float, default=3)
    parser.add_argument("--mode", choices=["immediate", "fast"], default="immediate")
    parser.add_argument("--citizens", type=int, default=4)
    args = parser.parse_args()
    with harness.scratch_dir("petition-pgrestart-") as scratch, harness.own_postgres(scratch) as pg:
        return run(args, scratch, pg)


def run(args, scratch: Path, pg: harness.PgCluster) -> int:
    env = harness.app_env(pg.create_database(), scratch, harness.free_port())
    harness.migrate(env)
    outcomes: list[tuple[float, str, str]] = []  # (when, kind, code)
    lock = threading.Lock()
    timeline = {}
    with harness.gunicorn(env, scratch) as server:
        start = time.monotonic()
        stop_at = start + args.seconds

        def citizen(number: int) -> None:
            person, n = harness.Citizen(server.port), 0
            while time.monotonic() < stop_at:
                n += 1
                status, code, body = person.submit(subject=f"Đơn {number}-{n} khi khởi động lại CSDL")
                text = body.decode("utf-8", "replace")
                kind = ("receipt" if status == 303 and code else
                        "try_again" if status == 503 and TRY_AGAIN in text else f"other {status}")
                with lock:
                    outcomes.append((time.monotonic() - start, kind, code))

        threads = [threading.Thread(target=citizen, args=(i,)) for i in range(args.citizens)]
        for thread in threads:
            thread.start()
        time.sleep(args.restart_at)
        timeline["down"] = time.monotonic() - start
        pg.stop(args.mode)
        time.sleep(args.down_seconds)
        pg.start()
        timeline["up"] = time.monotonic() - start
        for thread in threads:
            thread.join()
        log_tail = server.log_tail(5)

    import sqlalchemy as sa

    engine = sa.create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT c.tracking_code, c.petitioner_id IS NOT NULL AS has_petitioner, "
            "(SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.action = 'received') AS events, "
            "(SELECT count(*) FROM outbox_messages o WHERE o.case_id = c.id) AS outbox "
            "FROM cases c")).all()
    engine.dispose()
    verify = subprocess.run([str(harness.BIN / "flask"), "--app", "wsgi", "audit", "verify"], cwd=harness.ROOT,
                            env=env, capture_output=True, text=True, timeout=300)

    kinds = Counter(kind for _, kind, _ in outcomes)
    receipts = {code for _, kind, code in outcomes if kind == "receipt"}
    stored = {row.tracking_code for row in rows}
    whole = {row.tracking_code for row in rows if row.has_petitioner and row.events == 1 and row.outbox == 1}
    lost = receipts - stored
    half = stored - whole
    unanswered = stored - receipts  # a case committed whose answer was not a receipt (acceptable only if
    # the connection broke after the commit: then the citizen saw an error, never a receipt for nothing)
    after_up = [t for t, kind, _ in outcomes if kind == "receipt" and t > timeline["up"]]
    recovered = (after_up[0] - timeline["up"]) if after_up else None
    failures_after = [t for t, kind, _ in outcomes if kind != "receipt" and recovered is not None
                      and t > timeline["up"] + recovered]
    print(f"PostgreSQL restart ({args.mode}) under load: {args.citizens} citizens for {args.seconds:.0f} s; "
          f"down at {timeline['down']:.1f} s, up at {timeline['up']:.1f} s")
    print(f"answers: {dict(kinds)}")
    print(f"sent (receipts): {len(receipts)}   stored (cases): {len(stored)}   whole (petitioner + 1 received "
          f"event + 1 outbox row): {len(whole)}   lost: {len(lost)}   half-written: {len(half)}   "
          f"stored without a receipt: {len(unanswered)}")
    print(f"recovered by itself: first receipt {recovered:.2f} s after the server was back; "
          f"{len(failures_after)} non-receipt answers after that" if recovered is not None else
          "NOT RECOVERED: no receipt after the server came back")
    print(f"flask audit verify: exit {verify.returncode}: {(verify.stdout or verify.stderr).strip()[-200:]}")
    bad = [k for k in kinds if k not in ("receipt", "try_again")]
    if bad:
        print(f"!!! answers other than a receipt or the 503 page: {bad}\n{log_tail}", file=sys.stderr)
    ok = (not lost and not half and not bad and recovered is not None and not failures_after
          and verify.returncode == 0 and kinds["try_again"] > 0)
    return harness.verdict("pg_restart", ok, f"{len(receipts)} receipts all stored whole, {kinds['try_again']} "
                                             f"clean 503s, 0 other errors, recovered in "
                                             f"{recovered if recovered is None else round(recovered, 2)} s")


if __name__ == "__main__":
    sys.exit(main())
