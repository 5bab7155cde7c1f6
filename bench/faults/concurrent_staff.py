"""Several staff acting on one case at the same moment, many times over: no lost update, no
duplicated event.

How: a PostgreSQL of its own, the app under gunicorn (``--workers`` sync workers, so requests
really run in parallel), ``--staff`` reception officers signed in through the login form. Each
round, every officer loads the case page (so all hold the same version of the case), waits at a
barrier, and POSTs the same action at the same moment: "hold" with a note naming the officer and
the round, then "resume" the next round, and so on, ``--rounds`` times. The case's version column
(optimistic locking) must let exactly one officer win each round; the others must get the 409
"someone changed the case" page.

Afterwards: the winners' notes are each in exactly one event, the losers' in none; the case's
events are the received event plus one per win; the final status
is the last winner's; ``flask audit verify`` passes (the hash chain is whole).

    .venv/bin/python bench/faults/concurrent_staff.py [--rounds 100 --staff 3]
"""
import argparse
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

PASSWORD = "mat-khau-bench-01"  # noqa: S105 - a throwaway account in a throwaway database
VERSION_RE = r'id="{action}-version" name="{action}-version" type="hidden" value="(\d+)"'


class Officer:
    def __init__(self, port: int, username: str):
        self.browser, self.name = harness.Browser(port), username
        status, _, page = self.browser.request("GET", "/staff/login")
        token = harness.CSRF_RE.search(page.decode()).group(1)
        status, _, _ = self.form("/staff/login", {"csrf_token": token, "username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"{username} could not sign in: {status}")

    def form(self, path: str, fields: dict):
        return self.browser.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def prepare(self, case_id: int, action: str) -> dict:
        status, _, page = self.browser.request("GET", f"/staff/cases/{case_id}")
        text = page.decode("utf-8", "replace")
        version = re.search(VERSION_RE.format(action=action), text)
        return {"csrf_token": harness.CSRF_RE.search(text).group(1),
                f"{action}-version": version.group(1) if version else "0"}


def act(officer: Officer, form: dict, case_id: int, action: str, number: int, barrier: threading.Barrier,
        results: list, i: int) -> None:
    """One officer's POST, released with the others' by the barrier."""
    fields = {**form}
    if action == "hold":
        fields["hold-note"] = f"round {number} by {officer.name}"
    barrier.wait()
    results[i] = officer.form(f"/staff/cases/{case_id}/actions/{action}", fields)[0]


def setup(env: dict, staff: int) -> None:
    import sqlalchemy as sa
    from werkzeug.security import generate_password_hash

    from petition_app.domain.cases import Role
    from petition_app.extensions import db
    from petition_app.models import Unit, User

    app = harness.in_app(env)
    with app.app_context():
        unit = db.session.scalar(sa.select(Unit).where(Unit.code == "VP"))
        secret = generate_password_hash(PASSWORD)
        for n in range(staff):
            db.session.add(User(username=f"tiepnhan{n}", full_name=f"Cán bộ tiếp nhận {n}", role=Role.RECEPTION,
                                unit=unit, email=None, password_hash=secret))
        db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--staff", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with harness.scratch_dir("petition-staff-") as scratch, harness.own_postgres(scratch) as pg:
        return run(args, scratch, pg)


def run(args, scratch: Path, pg: harness.PgCluster) -> int:
    import sqlalchemy as sa

    env = harness.app_env(pg.create_database(), scratch, harness.free_port())
    harness.migrate(env)
    setup(env, args.staff)
    wins: list[tuple[int, str, str]] = []  # (round, action, officer)
    answers: Counter = Counter()
    with harness.gunicorn(env, scratch, workers=args.workers) as server:
        status, code, _ = harness.Citizen(server.port).submit()
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.connect() as conn:
            case_id, first_version = conn.execute(sa.text("SELECT id, version FROM cases WHERE tracking_code = :c"),
                                                  {"c": code}).one()
        officers = [Officer(server.port, f"tiepnhan{n}") for n in range(args.staff)]
        for number in range(args.rounds):
            action = "hold" if number % 2 == 0 else "resume"
            forms = [officer.prepare(case_id, action) for officer in officers]
            barrier = threading.Barrier(len(officers))
            results = [None] * len(officers)
            threads = [threading.Thread(target=act, args=(officers[i], forms[i], case_id, action, number, barrier,
                                                          results, i)) for i in range(len(officers))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            answers.update(results)
            winners = [officers[i].name for i, status in enumerate(results) if status == 303]
            wins += [(number, action, name) for name in winners]
        log_tail = server.log_tail(5)

    with engine.connect() as conn:
        events = conn.execute(sa.text("SELECT action, note FROM case_events WHERE case_id = :id ORDER BY id"),
                              {"id": case_id}).all()
        version, status = conn.execute(sa.text("SELECT version, status FROM cases WHERE id = :id"),
                                       {"id": case_id}).one()
    engine.dispose()
    verify = subprocess.run([str(harness.BIN / "flask"), "--app", "wsgi", "audit", "verify"], cwd=harness.ROOT,
                            env=env, capture_output=True, text=True, timeout=300)

    notes = Counter(note for action, note in events if action == "hold")
    winner_notes = {f"round {n} by {name}" for n, action, name in wins if action == "hold"}
    lost_updates = sum(1 for note in winner_notes if notes[note] != 1)
    loser_notes = sum(1 for note in notes if note not in winner_notes)
    rounds_one_winner = Counter(n for n, _, _ in wins)
    bad_rounds = [n for n in range(args.rounds) if rounds_one_winner[n] != 1]
    acted = [a for a, _ in events if a in ("hold", "resume")]
    last_action = wins[-1][1] if wins else None
    expected_status = {"hold": "on_hold", "resume": "received"}.get(last_action)
    print(f"concurrent staff: {args.staff} officers × {args.rounds} rounds on one case, gunicorn {args.workers} "
          f"workers; answers: {dict(answers)}")
    print(f"sent (actions posted): {args.staff * args.rounds}   won: {len(wins)}   stored (hold/resume events): "
          f"{len(acted)}   rounds without exactly one winner: {len(bad_rounds)}")
    print(f"lost updates (a winner's event missing or twice): {lost_updates}   losers' notes stored: {loser_notes}   "
          f"version {first_version} -> {version}   final status {status} "
          f"(expected {expected_status})")
    print(f"flask audit verify: exit {verify.returncode}: {(verify.stdout or verify.stderr).strip()[-120:]}")
    if set(answers) - {303, 409}:
        print(f"!!! answers other than 303 and 409: {dict(answers)}\n{log_tail}", file=sys.stderr)
    ok = (not bad_rounds and len(acted) == len(wins) == args.rounds and not lost_updates and not loser_notes
          and version > first_version and status == expected_status and verify.returncode == 0
          and set(answers) <= {303, 409})
    return harness.verdict("concurrent_staff", ok, f"{args.rounds} rounds, each exactly 1 winner of {args.staff}, "
                                                   f"{len(acted)} events for {len(wins)} wins, 0 lost, 0 doubled")


if __name__ == "__main__":
    sys.exit(main())
