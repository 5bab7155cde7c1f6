"""Configuration classes. Every setting can be overridden from the environment.

Pick a class with ``PETITION_APP_CONFIG`` (development, testing, production) or
pass one to ``create_app``. Values read from the environment win over the class
defaults, so one image runs anywhere.
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))

_INSECURE_KEYS = {"", "dev", "change-me", "development-only-secret-key"}


def _env(name, default=None, cast=str):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if cast is bool:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return cast(value)


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = _env("SECRET_KEY", "development-only-secret-key")
    SQLALCHEMY_DATABASE_URI = _env(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'petition_app.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Uploads: stored outside static/, under random names.
    UPLOAD_FOLDER = _env("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # Where `flask backup create` writes its archives unless given --output.
    BACKUP_FOLDER = _env("BACKUP_FOLDER", str(INSTANCE_DIR / "backups"))
    MAX_ATTACHMENTS = _env("MAX_ATTACHMENTS", 5, int)
    MAX_ATTACHMENT_BYTES = _env("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, int)
    # The whole request: every attachment at its limit plus the form itself.
    MAX_CONTENT_LENGTH = _env("MAX_CONTENT_LENGTH", 5 * 10 * 1024 * 1024 + 1024 * 1024, int)
    # A form without files (URL-encoded) whole, or one text field of a multipart form, and the
    # number of fields of either (petition_app/request_limits.py): beyond them, 413.
    MAX_FORM_MEMORY_SIZE = _env("MAX_FORM_MEMORY_SIZE", 1024 * 1024, int)
    MAX_FORM_PARTS = _env("MAX_FORM_PARTS", 1000, int)

    # Mail (Flask-Mail). Messages go through the outbox table first.
    MAIL_SERVER = _env("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = _env("MAIL_PORT", 25, int)
    MAIL_USE_TLS = _env("MAIL_USE_TLS", False, bool)
    MAIL_USE_SSL = _env("MAIL_USE_SSL", False, bool)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = _env(
        "MAIL_DEFAULT_SENDER", "Sở Khoa học và Công nghệ <tiepdan@skhcn.example.gov.vn>"
    )
    MAIL_TIMEOUT = _env("MAIL_TIMEOUT", 10, int)
    OUTBOX_MAX_ATTEMPTS = _env("OUTBOX_MAX_ATTEMPTS", 8, int)
    OUTBOX_BATCH_SIZE = _env("OUTBOX_BATCH_SIZE", 50, int)
    SWEEP_INTERVAL_MINUTES = _env("SWEEP_INTERVAL_MINUTES", 5, int)
    # A large log book export (issue 10) is built by the scheduler: how often it looks for one.
    LOG_EXPORT_INTERVAL_SECONDS = _env("LOG_EXPORT_INTERVAL_SECONDS", 5, int)
    # The scheduler's leader writes a heartbeat this often; the health endpoint calls it stale after
    # HEARTBEAT_STALE_SECONDS without one (a standby takes the lock within its poll, 30 s).
    HEARTBEAT_SECONDS = _env("HEARTBEAT_SECONDS", 30, int)
    HEARTBEAT_STALE_SECONDS = _env("HEARTBEAT_STALE_SECONDS", 120, int)
    # A citizen's verified request for their personal data is answered within this many hours
    # (Nghị định 13/2023/NĐ-CP, Điều 14: 72 giờ, as we read it; a setting in case the Personal Data
    # Protection Law in force from 1 January 2026 or its decree says otherwise).
    PERSONAL_DATA_RESPONSE_HOURS = _env("PERSONAL_DATA_RESPONSE_HOURS", 72, int)

    # Rate limits (Flask-Limiter). Memory by default; Redis in production, where memory:// (which
    # counts per worker process) is refused unless RATELIMIT_SINGLE_PROCESS says there is one.
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_SINGLE_PROCESS = _env("RATELIMIT_SINGLE_PROCESS", False, bool)
    RATELIMIT_HEADERS_ENABLED = False  # Retry-After on a 429 only (request_limits.retry_after)
    INTAKE_RATE_LIMIT = _env("INTAKE_RATE_LIMIT", "5 per minute;30 per hour")
    LOOKUP_RATE_LIMIT = _env("LOOKUP_RATE_LIMIT", "60 per minute")
    LOOKUP_MISS_RATE_LIMIT = _env("LOOKUP_MISS_RATE_LIMIT", "10 per minute;50 per day")
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env("SESSION_COOKIE_SECURE", False, bool)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = _env("PERMANENT_SESSION_LIFETIME", 8 * 3600, int)
    # A staff session ends after this many minutes without a staff or admin request.
    SESSION_IDLE_MINUTES = _env("SESSION_IDLE_MINUTES", 30, int)
    WTF_CSRF_TIME_LIMIT = _env("WTF_CSRF_TIME_LIMIT", 4 * 3600, int)

    # Language and time.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # The unit that receives every new case until triage routes it (Văn phòng Sở).
    INTAKE_UNIT_CODE = _env("INTAKE_UNIT_CODE", "VP")
    # A receipt date typed by staff further back than this many days asks the officer to confirm.
    RECEIPT_BACKDATE_DAYS = _env("RECEIPT_BACKDATE_DAYS", 5, int)
    # Where citizens reach the site; used for links in e-mails sent outside a request.
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    DEPARTMENT_NAME = _env("DEPARTMENT_NAME", "Sở Khoa học và Công nghệ")
    # The name shown on pages and e-mails in English; official documents keep the Vietnamese name.
    DEPARTMENT_NAME_EN = _env("DEPARTMENT_NAME_EN", "Department of Science and Technology")
    # The answer letter's heading and signature (văn bản trả lời, staff/answer_views.py).
    DEPARTMENT_PARENT = _env("DEPARTMENT_PARENT", "Ủy ban nhân dân tỉnh")
    LETTER_PLACE = _env("LETTER_PLACE", "")  # the place before the date ("Đà Nẵng, ngày …"); empty: none
    LETTER_SIGNER_TITLE = _env("LETTER_SIGNER_TITLE", "Giám đốc")
    # The provincial plan's annual report (/staff/bao-cao): figures up to this day (dd/mm), due before
    # that one; the plan asks for the report before 5 November, the cut-off is the department's choice.
    REPORT_PLAN_CUTOFF = _env("REPORT_PLAN_CUTOFF", "31/10")
    REPORT_PLAN_DUE = _env("REPORT_PLAN_DUE", "05/11")
    # Behind a reverse proxy: how many proxies set X-Forwarded-For (0 = none).
    PROXY_FIX_X_FOR = _env("PROXY_FIX_X_FOR", 0, int)
    # The Strict-Transport-Security header; none outside production (development is plain HTTP).
    STRICT_TRANSPORT_SECURITY = None


class DevelopmentConfig(Config):
    DEBUG = _env("FLASK_DEBUG", False, bool)
    # Development sends to a local SMTP sink (e.g. `python -m aiosmtpd -n -l 127.0.0.1:8025`).
    MAIL_PORT = _env("MAIL_PORT", 8025, int)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = _env("SECRET_KEY", "testing-secret-key")
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite:///:memory:")
    MAIL_PORT = _env("MAIL_PORT", 8025, int)
    MAIL_TIMEOUT = 5
    MAIL_SUPPRESS_SEND = False  # tests talk to a real SMTP server on loopback
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env("SESSION_COOKIE_SECURE", True, bool)
    REMEMBER_COOKIE_SECURE = _env("REMEMBER_COOKIE_SECURE", True, bool)
    PREFERRED_URL_SCHEME = "https"
    STRICT_TRANSPORT_SECURITY = _env("STRICT_TRANSPORT_SECURITY", "max-age=31536000; includeSubDomains")
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL")  # no default: e-mailed links must point at the real site

    @classmethod
    def check(cls, config):
        """Refuse to run production with a setting that only suits one developer's machine."""
        key = config.get("SECRET_KEY") or ""
        if key in _INSECURE_KEYS or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )
        storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
        if storage.startswith("memory://") and not config.get("RATELIMIT_SINGLE_PROCESS"):
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI is memory://, which counts per worker process: production needs "
                "Redis (RATELIMIT_STORAGE_URI=redis://host:6379/0) so that all workers count together; "
                "set RATELIMIT_SINGLE_PROCESS=1 only if the app really runs as a single process"
            )
        base = urlsplit(config.get("PUBLIC_BASE_URL") or "")
        if base.scheme != "https" or not base.hostname:
            raise RuntimeError(
                "PUBLIC_BASE_URL must be set to the site's https:// address in production "
                "(e.g. https://tiepdan.skhcn.example.gov.vn): links in e-mails are built from it"
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name=None):
    """The config class for ``name`` (default: $PETITION_APP_CONFIG or development)."""
    name = name or os.environ.get("PETITION_APP_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown configuration {name!r}; use one of {sorted(CONFIGS)}") from None
