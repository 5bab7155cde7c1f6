"""Where one submission's CPU goes: POST /gui-don in-process, phase by phase.

What it measures: the CPU time (this thread's, so waiting for PostgreSQL or Redis is not counted)
spent per submission in each phase of the intake — the whole WSGI call, the form's binding and
validation, the multipart parsing, the rate limit, the INSERTs, the acknowledgement, the commit,
the session — by wrapping those functions with a stopwatch. Phases nest (the rate limit's check
parses the form; file_case holds the INSERTs): read each line against the total, not as a sum.
It complements bench/intake.py, which measures throughput under gunicorn: this one says which
part to work on next (issue 15 asks for the profile before and after each change).

How: the production configuration against a PostgreSQL database of its own (default
``petition_phases``, emptied and migrated; the intake unit "VP" added) and the Redis limiter
storage, Flask's test client posting the same browser-shaped multipart form as bench/intake.py,
``--warmup`` submissions first, then ``--requests`` measured.

    .venv/bin/python bench/intake_phases.py [--requests 1000]
    .venv/bin/python bench/intake_phases.py --root /tmp/older-checkout   # the same phases, older code

A phase the other checkout does not have prints as "-".
"""
import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's calendar module: take bench/ off the path.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse  # noqa: E402
import collections  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/petition_phases"

# (label, module, attribute path): the phases, outermost first.
PHASES = [
    ("whole request (WSGI)", "flask.app", "Flask.wsgi_app"),
    ("rate limit check (parses the form)", "flask_limiter._extension", "Limiter._check_request_limit"),
    ("  multipart parsing", "werkzeug.formparser", "MultiPartParser.parse"),
    ("form: binding", "petition_app.public.forms", "IntakeForm.__init__"),
    ("form: validation", "petition_app.public.forms", "IntakeForm.validate"),
    ("file_case", "petition_app.services.intake", "file_case"),
    ("  build the case", "petition_app.services.intake", "_build_case"),
    ("  deadlines", "petition_app.services.intake", "refresh_deadlines"),
    ("  INSERT petitioner + case", "petition_app.services.intake", "_write_case"),
    ("  acknowledgement (render + INSERT)", "petition_app.services.notifications", "acknowledge_filing"),
    ("  commit", "sqlalchemy.orm.scoping", "scoped_session.commit"),
    ("session: open", "flask.sessions", "SecureCookieSessionInterface.open_session"),
    ("session: save", "flask.sessions", "SecureCookieSessionInterface.save_session"),
]


def stopwatch(totals: collections.Counter, label: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.thread_time_ns()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.thread_time_ns() - started
    return timed


def wrap_phases(totals: collections.Counter) -> set[str]:
    """Put a stopwatch on every phase the code has; returns the labels of those it lacks."""
    missing = set()
    for label, module_name, path in PHASES:
        owner = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        if owner is None or not hasattr(owner, name):
            missing.add(label)
            continue
        setattr(owner, name, stopwatch(totals, label, getattr(owner, name)))
    # The view imported file_case by name before it was wrapped.
    views = importlib.import_module("petition_app.public.views")
    views.file_case = importlib.import_module("petition_app.services.intake").file_case
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="project root holding wsgi.py")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PHASES_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="intake-phases-"))
    (scratch / "uploads").mkdir()
    os.environ.update({
        "PETITION_APP_CONFIG": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": args.database_url, "SESSION_COOKIE_SECURE": "0",
        "INTAKE_RATE_LIMIT": "1000000 per minute", "LOOKUP_RATE_LIMIT": "1000000 per minute",
        "RATELIMIT_STORAGE_URI": os.environ.get("BENCH_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15"),
        "PUBLIC_BASE_URL": "https://tiepdan.bench.invalid",
        "UPLOAD_FOLDER": str(scratch / "uploads"), "INSTANCE_PATH": str(scratch / "instance")})
    os.environ.pop("FLASK_DEBUG", None)
    # bench/intake.py: the same form, body and database set-up.
    spec = importlib.util.spec_from_file_location("bench_intake", HERE / "intake.py")
    intake = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(intake)
    print(f"preparing {args.database_url.rsplit('/', 1)[-1]}, migrating {args.root} ...", file=sys.stderr)
    intake.prepare_database(args.database_url, args.root, dict(os.environ))

    sys.path.insert(0, str(args.root))
    from wsgi import app

    totals: collections.Counter = collections.Counter()
    missing = wrap_phases(totals)
    client = app.test_client()
    page = client.get("/gui-don").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*\svalue="([^"]+)"', page).group(1)

    def submit() -> None:
        fields = intake.FORM | {"csrf_token": token, "submission_token": secrets.token_urlsafe(16)}
        body, content_type = intake.multipart(fields)
        response = client.post("/gui-don", data=body, content_type=content_type)
        if response.status_code != 303:
            raise SystemExit(f"HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}")

    for _ in range(args.warmup):
        submit()
    totals.clear()
    started = time.thread_time_ns()
    for _ in range(args.requests):
        submit()
    whole = (time.thread_time_ns() - started) / args.requests / 1e6

    print(f"intake phases: CPU ms per submission, {args.requests} submissions (+{args.warmup} warm-up), "
          f"in-process, app at {args.root}")
    print(f"{whole:8.3f}  everything, test client included")
    for label, _module, _path in PHASES:
        value = "       -" if label in missing else f"{totals[label] / args.requests / 1e6:8.3f}"
        print(f"{value}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
