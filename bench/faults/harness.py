"""What every fault script shares: a throwaway PostgreSQL cluster of its own, the app under gunicorn,
a real SMTP server that can be taken down and brought back, browsers, and the verdict line.

The shared PostgreSQL on 5432 is never touched: each script runs ``initdb`` into a temporary folder
and ``pg_ctl`` on a free port (as the ``postgres`` user when run as root, since initdb refuses
root), so it may restart or kill its own server at will. Everything is removed at the end.
"""
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
ROOT = BENCH.parent
# bench/intake.py holds the browser and gunicorn helpers; bench/ goes last on the path so that
# bench/calendar.py cannot shadow the standard library's calendar.
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

import intake as bench_intake  # noqa: E402

BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
Browser, multipart, FORM, CSRF_RE = (bench_intake.Browser, bench_intake.multipart, bench_intake.FORM,
                                     bench_intake.CSRF_RE)
Gunicorn, free_port = bench_intake.Gunicorn, bench_intake.free_port


# --- PostgreSQL of our own ------------------------------------------------------------------------

class PgCluster:
    """A PostgreSQL cluster in a temporary folder on a free port, trust auth on loopback only."""

    def __init__(self, scratch: Path, port: int | None = None):
        self.dir = scratch / "pgdata"
        self.port = port or free_port()
        self.log = scratch / "postgres.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / command[0]), *command[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    def init(self) -> "PgCluster":
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.dir.parent, "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres")
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                  "--locale=C.UTF-8")
        with open(self.dir / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                       "fsync = on\nmax_connections = 100\nshared_buffers = 64MB\n")
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def url(self, database: str = "petition_faults") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str = "petition_faults") -> str:
        import sqlalchemy as sa

        admin = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url(name)


# --- the app --------------------------------------------------------------------------------------

def app_env(database_url: str, scratch: Path, smtp_port: int, **extra: str) -> dict:
    """Production settings, as bench/intake.py runs them; rate limits lifted (they are not what is
    measured here, bench-free tests cover them), counted in this process's memory."""
    env = {**os.environ, "PETITION_APP_CONFIG": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "DATABASE_URL": database_url, "SESSION_COOKIE_SECURE": "0",
           "INTAKE_RATE_LIMIT": "1000000 per minute", "LOOKUP_RATE_LIMIT": "1000000 per minute",
           "LOOKUP_MISS_RATE_LIMIT": "1000000 per minute", "LOGIN_RATE_LIMIT": "1000000 per minute",
           "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_SINGLE_PROCESS": "1",
           "PUBLIC_BASE_URL": "https://tiepdan.faults.invalid", "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp_port), "MAIL_TIMEOUT": "3",
           "UPLOAD_FOLDER": str(scratch / "uploads"), "INSTANCE_PATH": str(scratch / "instance"), **extra}
    env.pop("FLASK_DEBUG", None)
    (scratch / "uploads").mkdir(exist_ok=True)
    (scratch / "instance").mkdir(exist_ok=True)
    return env


def migrate(env: dict) -> None:
    """``flask db upgrade`` and the intake unit VP."""
    import sqlalchemy as sa

    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")
    engine = sa.create_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO units (code, name, is_active, created_at) "
                             "VALUES ('VP', 'Văn phòng Sở', true, now())"))
    engine.dispose()


def in_app(env: dict):
    """The app in this process with the server's settings, for setup and checks through the services.
    (config.py reads the environment when first imported: the settings that matter are passed.)"""
    from petition_app import create_app

    return create_app({
        "CONFIG_NAME": "production", "SECRET_KEY": env["SECRET_KEY"], "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"],
        "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_SINGLE_PROCESS": True,
        "PUBLIC_BASE_URL": env["PUBLIC_BASE_URL"], "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": int(env["MAIL_PORT"]),
        "MAIL_TIMEOUT": int(env["MAIL_TIMEOUT"]), "UPLOAD_FOLDER": env["UPLOAD_FOLDER"],
    })


@contextmanager
def gunicorn(env: dict, scratch: Path, workers: int = 2, threads: int = 1):
    """The app under gunicorn on a free port, ready; stopped on leaving."""
    log = scratch / f"gunicorn-{secrets.token_hex(3)}.log"
    server = Gunicorn("wsgi:app", ROOT, env, workers, log)
    try:
        server.wait_ready("/healthz")
        yield server
    finally:
        server.stop()


def rss_kib(pids: list[int]) -> int:
    """Resident memory of processes, KiB (Linux)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def tree(pid: int) -> list[int]:
    """A process and its children (gunicorn's master and workers)."""
    found = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                    found.append(int(entry))
            except (OSError, ValueError):
                pass
    return found


# --- a real SMTP server that can go down ----------------------------------------------------------

class SmtpSink:
    """aiosmtpd on a fixed loopback port; counts every message by its outbox id. ``stop()`` closes
    the port (connections refused), ``start()`` opens it again on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.received: Counter = Counter()  # outbox id -> times delivered
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received[message.get("X-Petition-Outbox-Id", "?")] += 1
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- reporting ------------------------------------------------------------------------------------

def verdict(name: str, ok: bool, summary: str) -> int:
    print(f"{'PASS' if ok else 'FAIL'}: {name}: {summary}")
    return 0 if ok else 1


@contextmanager
def scratch_dir(prefix: str):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        path.chmod(0o755)  # the postgres user reaches its data folder below it
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def own_postgres(scratch: Path):
    cluster = PgCluster(scratch / "pg").init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("immediate")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[max(0, int(round(p * len(values) + 0.5)) - 1)]


def now() -> float:
    return time.monotonic()


# --- citizens -------------------------------------------------------------------------------------

class Citizen:
    """A browser that opens the intake form once and then files submissions, each with a fresh
    submission token, as bench/intake.py's clients do."""

    def __init__(self, port: int):
        self.port = port
        self.browser = Browser(port)
        self.token = None

    def _open(self) -> None:
        status, _location, page = self.browser.request("GET", "/gui-don")
        match = CSRF_RE.search(page.decode("utf-8", "replace"))
        if status != 200 or not match:
            raise RuntimeError(f"GET /gui-don: {status}")
        self.token = match.group(1)

    def submit(self, subject: str = FORM["subject"]) -> tuple[int | None, str, bytes]:
        """(status, tracking code or "", body); status None when the connection failed."""
        try:
            if self.token is None:
                self._open()
            fields = {"csrf_token": self.token, "submission_token": secrets.token_urlsafe(18), **FORM,
                      "subject": subject}
            body, content_type = multipart(fields)
            status, location, data = self.browser.request("POST", "/gui-don", body, content_type)
        except Exception as exc:  # noqa: BLE001 - counted by the caller
            self.browser = Browser(self.port)
            self.token = None
            return None, "", repr(exc).encode()
        code = location.rsplit("/", 1)[-1] if status == 303 and "/gui-don/bien-nhan/" in location else ""
        return status, code, data
