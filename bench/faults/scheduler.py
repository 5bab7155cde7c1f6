"""The scheduler killed mid-sweep and restarted, two schedulers started at once, and the leader killed.

Claims: a sweep killed part way leaves nothing of itself (its transaction is rolled back); the
next leader catches up; no reminder or escalation is queued or delivered twice; with two
``flask scheduler run`` started at once exactly one leads; when the leader dies the standby takes
over within its poll (30 s in production, jobs.run_scheduler) plus its start-up.

How (PostgreSQL of its own, a real SMTP server; the schedulers are separate processes running
``jobs.run_scheduler`` unchanged, their clock moved to a working morning, bench/faults/scheduler_proc.py):

1. ``--cases`` cases are filed through the intake service; half are made overdue by 2 days (the
   unit head is told), half by 20 (the supervisor is told too): ``1.5 × cases`` notices expected.
   One more overdue case is locked by this script (SELECT … FOR NO KEY UPDATE), so that the first
   leader's sweep stops *inside* its transaction, after it queued notices, on that row.
2. Leader A starts; once its sweep is seen waiting on the lock (pg_stat_activity) it is killed
   with SIGKILL and the lock released: no notice may be committed.
3. B and C start at the same moment: one leads, catches up (all notices queued once), the other
   stands by.
4. The leader is killed with SIGKILL: the time until the standby logs that it leads is measured;
   its first sweep queues nothing new.
5. A new standby D waits; PostgreSQL is crashed and restarted under the leader (its lock's session
   ends with it): afterwards exactly one process holds the lock and runs jobs (jobs.LeaderLock.
   still_held, checked each heartbeat).
6. The outbox is drained to the SMTP server: every notice delivered exactly once.

    .venv/bin/python bench/faults/scheduler.py [--cases 200 --standby-poll 30]
"""
import argparse
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

# A Wednesday at 09:00 in Vietnam: working hours, no holiday.
MORNING = datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)
NOTICE = "(dedupe_key LIKE 'overdue:%' OR dedupe_key LIKE 'escalated:%')"


class Scheduler:
    def __init__(self, name: str, env: dict, scratch: Path, poll: int):
        self.name, self.log = name, scratch / f"scheduler-{name}.log"
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(harness.HERE / "scheduler_proc.py"), MORNING.isoformat(), str(poll)],
                cwd=harness.ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def leads(self) -> bool:
        return "scheduler is the leader; starting jobs" in self.log.read_text(errors="replace")

    def leading_now(self) -> bool:
        """It took the lock and has not said since that it lost it."""
        text = self.log.read_text(errors="replace")
        return self.process.poll() is None and \
            text.rfind("leader; starting jobs") > text.rfind("lost the leader lock")

    def stands_by(self) -> bool:
        return "standing by" in self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def wait_for(condition, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--standby-poll", type=int, default=30, help="seconds (production: 30)")
    args = parser.parse_args()
    with harness.scratch_dir("petition-scheduler-") as scratch, harness.own_postgres(scratch) as pg:
        schedulers: list[Scheduler] = []
        try:
            return run(args, scratch, pg, schedulers)
        finally:
            for each in schedulers:
                each.kill()


def setup(env: dict, count: int) -> int:
    """Cases, the unit head and the supervisor; returns the blocker case's id."""
    import sqlalchemy as sa
    from werkzeug.security import generate_password_hash

    from petition_app.domain.cases import Role
    from petition_app.extensions import db
    from petition_app.models import Unit, User
    from petition_app.services.intake import IntakeRequest, PetitionerData, file_case

    app = harness.in_app(env)
    app.config["CLOCK"] = lambda: MORNING - timedelta(days=40)
    with app.app_context():
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == "VP"))
        secret = generate_password_hash("mat-khau-bench-01")
        for role, name in ((Role.UNIT_HEAD, "truongphong"), (Role.SUPERVISOR, "lanhdao")):
            db.session.add(User(username=name, full_name=name, role=role, unit=unit, email=f"{name}@example.gov.vn",
                                password_hash=secret))
        db.session.commit()
        from petition_app.domain.cases import CaseKind, Channel, PetitionerType
        ids = []
        for n in range(count + 1):
            request = IntakeRequest(
                kind=CaseKind.FEEDBACK, channel=Channel.ONLINE, subject=f"Phản ánh {n}", content="Nội dung phản ánh.",
                petitioner=PetitionerData(type=PetitionerType.INDIVIDUAL, full_name="Nguyễn Văn An",
                                          address="Huế", email=f"an{n}@example.com"),
                consent=True, submitter="bench", submission_token=f"t{n}")
            ids.append(file_case(request, [], now=app.config["CLOCK"]()).case_id)
        today = MORNING.date()
        half = ids[:count // 2], ids[count // 2:count]
        db.session.execute(sa.text("UPDATE cases SET next_due = :d, deadline_state = NULL, notified_level = NULL "
                                   "WHERE id = ANY(:ids)"), {"d": today - timedelta(days=2), "ids": half[0]})
        db.session.execute(sa.text("UPDATE cases SET next_due = :d, deadline_state = NULL, notified_level = NULL "
                                   "WHERE id = ANY(:ids)"), {"d": today - timedelta(days=20), "ids": half[1]})
        # The blocker: already overdue, not yet notified, so the sweep's "notified" UPDATE needs its row.
        db.session.execute(sa.text("UPDATE cases SET next_due = :d, deadline_state = 'overdue', "
                                   "notified_level = NULL WHERE id = :id"),
                           {"d": today - timedelta(days=2), "id": ids[-1]})
        db.session.commit()
    return ids[-1]


def run(args, scratch: Path, pg: harness.PgCluster, schedulers: list) -> int:
    import sqlalchemy as sa

    smtp = harness.SmtpSink()
    smtp.start()
    env = harness.app_env(pg.create_database(), scratch, smtp.port, HEARTBEAT_SECONDS="1",
                          SWEEP_INTERVAL_MINUTES="1")
    harness.migrate(env)
    blocker = setup(env, args.cases)
    expected = args.cases // 2 + 2 * (args.cases - args.cases // 2) + 1  # the blocker: overdue only
    engine = sa.create_engine(env["DATABASE_URL"])
    notices = lambda: engine.connect().execute(sa.text(f"SELECT count(*) FROM outbox_messages WHERE {NOTICE}")).scalar()  # noqa: E731

    # 1-2: A's sweep held inside its transaction, then A killed.
    holder = engine.connect()
    holder.execute(sa.text("SELECT id FROM cases WHERE id = :id FOR NO KEY UPDATE"), {"id": blocker})
    a = Scheduler("A", env, scratch, args.standby_poll)
    schedulers.append(a)
    watcher = engine.connect().execution_options(isolation_level="AUTOCOMMIT")  # a fresh snapshot each time
    blocked = wait_for(lambda: watcher.execute(sa.text(
        "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60) FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND datname = current_database()")).scalar(), 60)
    a.kill()
    watcher.close()
    holder.rollback()
    holder.close()
    time.sleep(1)  # A's backend sees its client gone once it has the row, and rolls back
    after_kill = notices()

    # 3: B and C at once.
    b, c = Scheduler("B", env, scratch, args.standby_poll), Scheduler("C", env, scratch, args.standby_poll)
    schedulers += [b, c]
    caught_up = wait_for(lambda: notices() >= expected, 90, 0.2)
    time.sleep(2)
    leaders = [s.name for s in (b, c) if s.leads()]
    standbys = [s.name for s in (b, c) if s.stands_by()]
    after_catch_up = notices()

    # 4: the leader dies.
    takeover = None
    if len(leaders) == 1:
        leader, standby = (b, c) if leaders == ["B"] else (c, b)
        killed_at = time.monotonic()
        leader.kill()
        took = wait_for(standby.leads, args.standby_poll + 60, 0.1)
        takeover = time.monotonic() - killed_at if took else None
        time.sleep(3)  # its first sweep runs at once
    after_takeover = notices()

    # 5. PostgreSQL restarted under the leader, with a standby waiting: still exactly one leader.
    restart = None
    if takeover is not None:
        d = Scheduler("D", env, scratch, args.standby_poll)
        schedulers.append(d)
        wait_for(d.stands_by, 60)
        pg.stop("immediate")
        pg.start()
        time.sleep(args.standby_poll + 5)  # the standby has polled at least once since
        engine.dispose()
        with engine.connect() as conn:
            from petition_app.jobs import LEADER_LOCK_KEY
            holders = conn.scalar(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                          "AND objid = :k"), {"k": LEADER_LOCK_KEY})
        restart = {"holders": holders, "leading": [s.name for s in (standby, d) if s.leading_now()]}
    after_restart = notices()

    # 5: deliver everything queued; count deliveries.
    app = harness.in_app(env)
    app.config["CLOCK"] = lambda: MORNING + timedelta(hours=1)
    from petition_app.extensions import db
    from petition_app.services.outbox import send_due
    with app.app_context():
        while send_due(MORNING + timedelta(hours=1), 1000):
            pass
        ids = [str(i) for i in db.session.scalars(sa.text(f"SELECT id FROM outbox_messages WHERE {NOTICE}"))]
        keys = db.session.execute(sa.text(f"SELECT count(DISTINCT dedupe_key) FROM outbox_messages WHERE {NOTICE}")
                                  ).scalar()
    for each in schedulers:
        each.kill()
    smtp.stop()
    engine.dispose()
    delivered = sum(1 for i in ids if smtp.received[i] >= 1)
    twice = sum(1 for i in ids if smtp.received[i] > 1)

    print(f"scheduler faults: {args.cases} overdue cases (+1 held), {expected} notices expected "
          f"(unit head for each, supervisor for the {args.cases - args.cases // 2} long overdue)")
    print(f"1. leader A's sweep {'held inside its transaction' if blocked else 'NOT SEEN HELD'} "
          f"(it moved the states and queued notices, and waits in {blocked!r}…); A killed (SIGKILL): "
          f"notices committed afterwards: {after_kill} (expected 0)")
    print(f"2. B and C started together: leader(s) {leaders}, standing by {standbys}; caught up: "
          f"{'yes' if caught_up else 'NO'}, notices {after_catch_up}")
    print(f"3. leader killed: the standby led after {takeover:.1f} s (poll {args.standby_poll} s); notices after "
          f"its first sweep: {after_takeover}" if takeover is not None else "3. NO TAKEOVER")
    print(f"4. PostgreSQL restarted under the leader with a standby waiting: lock holders "
          f"{restart and restart['holders']}, leading {restart and restart['leading']}; notices {after_restart}")
    print(f"sent (notices queued): {len(ids)}   stored (distinct dedupe keys): {keys}   delivered: {delivered}   "
          f"lost: {len(ids) - delivered}   twice: {twice}")
    if os.environ.get("FAULTS_VERBOSE"):
        for each in schedulers:
            print(f"--- scheduler {each.name} log (tail):\n" + "\n".join(
                each.log.read_text(errors="replace").splitlines()[-15:]), file=sys.stderr)
    ok = (bool(blocked) and after_kill == 0 and bool(caught_up) and len(leaders) == 1 and len(standbys) == 1
          and after_catch_up == after_takeover == expected == len(ids) == keys == delivered and twice == 0
          and takeover is not None and takeover <= args.standby_poll + 15
          and restart is not None and restart["holders"] == 1 and len(restart["leading"]) == 1
          and after_restart == expected)
    return harness.verdict("scheduler", ok, f"killed sweep left 0 notices, catch-up queued {after_catch_up}/"
                                            f"{expected} once, 1 leader of 2, takeover in "
                                            f"{takeover if takeover is None else round(takeover, 1)} s, "
                                            f"{delivered} delivered once, {twice} twice")


if __name__ == "__main__":
    sys.exit(main())
