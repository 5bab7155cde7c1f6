"""The PostgreSQL databases the benchmarks load: created when missing, kept or emptied, and
migrated to the current schema with the project's own `flask db upgrade`."""
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def prepare(url: str, keep_cases: int | None = None) -> int:
    """Create the database if it is missing; keep its data if it holds exactly ``keep_cases``
    cases, else empty it; migrate it. Returns the number of cases kept (0 when emptied)."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        present = conn.scalar(sa.text("SELECT to_regclass('public.cases') IS NOT NULL"))
        count = conn.scalar(sa.text("SELECT count(*) FROM cases")) if present else 0
    kept = count if keep_cases is not None and count == keep_cases else 0
    if not kept:
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url}, stderr=subprocess.DEVNULL)
    return kept


# Leadership and admins sign in with a second factor (issue 14): the benchmarks' leaders are
# enrolled with this known secret and complete the code step like anyone else.
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (a bench fixture, like the tests')


def enrol_second_factor(session, username: str) -> None:
    """Give ``username`` a confirmed second factor (the caller commits); kept if it has one."""
    from datetime import datetime, timezone

    from petition_app.models import SecondFactor, User

    user = session.scalar(sa.select(User).where(User.username == username))
    if session.get(SecondFactor, user.id) is None:
        now = datetime.now(timezone.utc)
        session.add(SecondFactor(user_id=user.id, secret=BENCH_TOTP_SECRET, created_at=now, confirmed_at=now))


def current_code() -> str:
    """What the leaders' authenticator app shows now."""
    import pyotp

    return pyotp.TOTP(BENCH_TOTP_SECRET).now()
