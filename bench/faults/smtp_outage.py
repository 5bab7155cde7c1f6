"""SMTP down for a while, then back: every message delivered once, none lost, none twice.

How: a PostgreSQL of its own (harness.PgCluster), the app under gunicorn, and a real aiosmtpd
server on a port of its own. Citizens file ``--submissions`` cases over HTTP while the mail server
is DOWN (its port closed): each case queues its acknowledgement in the outbox with the case. The
outbox sender (services/outbox.send_due, the scheduler's job, run here in a loop) then makes passes
while the server is still down for ``--down-passes`` passes (every attempt fails and is retried
later), the server comes back, and it goes down AGAIN in the middle of a pass (after
``--drop-after`` messages of that pass), then back for good. Passes go on until nothing is pending.

The retry back-off counts minutes (1, 2, 4 … after each failure): the sender's clock is moved on
by ``--minutes-per-pass`` each pass instead of waiting for real minutes; everything else is real
(HTTP, PostgreSQL, SMTP on loopback).

It prints sent (cases filed with a receipt) / stored (outbox rows) / delivered (distinct messages
the SMTP server accepted) / lost / twice, and PASS when every message was delivered exactly once.

    .venv/bin/python bench/faults/smtp_outage.py [--submissions 200]
"""
import argparse
import logging
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--down-passes", type=int, default=3, help="sender passes while SMTP is down")
    parser.add_argument("--drop-after", type=int, default=20, help="SMTP goes down again after this many "
                                                                   "messages of the first pass it is up")
    parser.add_argument("--minutes-per-pass", type=int, default=10)
    args = parser.parse_args()
    with harness.scratch_dir("petition-smtp-") as scratch, harness.own_postgres(scratch) as pg:
        return run(args, scratch, pg)


def run(args, scratch: Path, pg: harness.PgCluster) -> int:
    smtp = harness.SmtpSink()  # not started: the mail server is down
    env = harness.app_env(pg.create_database(), scratch, smtp.port)
    harness.migrate(env)

    codes = []
    with harness.gunicorn(env, scratch) as server:
        def citizen(share: int) -> list[str]:
            person = harness.Citizen(server.port)
            return [code for status, code, _ in (person.submit() for _ in range(share)) if status == 303]

        shares = [args.submissions // args.concurrency + (i < args.submissions % args.concurrency)
                  for i in range(args.concurrency)]
        with ThreadPoolExecutor(args.concurrency) as pool:
            for found in pool.map(citizen, shares):
                codes += found

    app = harness.in_app(env)
    logging.getLogger("petition_app.services.outbox").setLevel(logging.ERROR)  # one line per failure: counted
    clock = {"now": datetime.now(timezone.utc)}
    app.config["CLOCK"] = lambda: clock["now"]
    app.config["OUTBOX_BATCH_SIZE"] = 1000
    from petition_app.services.outbox import send_due

    failures, passes, dropped = 0, 0, False
    with app.app_context():
        for _ in range(args.down_passes):  # the server is down
            report = send_due(clock["now"])
            failures += report.failed
            passes += 1
            clock["now"] += timedelta(minutes=args.minutes_per_pass)
        smtp.start()
        # Down again part way through the next pass: a thread closes the port after N deliveries.
        def drop_midway():
            while sum(smtp.received.values()) < args.drop_after:
                threading.Event().wait(0.01)
            smtp.stop()
        watcher = threading.Thread(target=drop_midway, daemon=True)
        watcher.start()
        report = send_due(clock["now"])
        failures += report.failed
        passes += 1
        watcher.join(timeout=30)
        dropped = smtp.controller is None and report.failed > 0
        clock["now"] += timedelta(minutes=args.minutes_per_pass)
        if smtp.controller is None:
            smtp.start()
        for _ in range(50):  # back for good: until nothing is pending
            report = send_due(clock["now"])
            failures += report.failed
            passes += 1
            clock["now"] += timedelta(minutes=args.minutes_per_pass)
            if not report:
                break
        import sqlalchemy as sa

        from petition_app.extensions import db
        rows = db.session.execute(sa.text("SELECT id, status FROM outbox_messages")).all()
        cases = set(db.session.scalars(sa.text("SELECT tracking_code FROM cases")))
    smtp.stop()

    stored = {str(row.id) for row in rows}
    delivered = {key for key in smtp.received if key in stored}
    twice = sum(1 for key in delivered if smtp.received[key] > 1)
    lost = len(stored - delivered)
    statuses = {}
    for row in rows:
        statuses[row.status] = statuses.get(row.status, 0) + 1
    print(f"SMTP outage: {args.submissions} submissions filed while the mail server was down, "
          f"{args.down_passes} sender passes refused, then up, down again after {args.drop_after} deliveries "
          f"({'it was' if dropped else 'NOT'} cut mid-pass), then up for good; {passes} passes in all")
    print(f"sent (receipts): {len(codes)}   cases: {len(cases)}   stored (outbox rows): {len(stored)} {statuses}")
    print(f"delivered: {len(delivered)}   lost: {lost}   delivered twice: {twice}   "
          f"failed attempts on the way: {failures}   unknown deliveries: {len(set(smtp.received) - stored)}")
    ok = (len(codes) == args.submissions == len(cases) == len(stored) and lost == 0 and twice == 0
          and failures > 0 and set(codes) == cases)
    return harness.verdict("smtp_outage", ok, f"{len(delivered)}/{len(stored)} delivered once, {lost} lost, "
                                              f"{twice} twice, after {failures} failed attempts")


if __name__ == "__main__":
    sys.exit(main())
