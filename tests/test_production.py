"""Production refuses settings that only suit a developer's machine, and sends HSTS."""
import pytest

from petition_app import create_app

PRODUCTION = {"CONFIG_NAME": "production", "SECRET_KEY": "k" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://",
              "PUBLIC_BASE_URL": "https://tiepdan.skhcn.example.gov.vn",
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


def test_production_starts_with_redis_and_an_https_base_url():
    app = create_app(PRODUCTION)
    assert app.config["PUBLIC_BASE_URL"] == "https://tiepdan.skhcn.example.gov.vn"


def test_production_pages_carry_hsts_and_every_other_header():
    app = create_app(PRODUCTION)
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("storage", [None, "memory://", "memory://?x=1"])
def test_production_refuses_per_process_rate_limit_counters(storage):
    settings = {**PRODUCTION, "RATELIMIT_STORAGE_URI": storage}
    with pytest.raises(RuntimeError, match=r"Redis \(RATELIMIT_STORAGE_URI=redis://"):
        create_app(settings)


def test_a_single_process_may_say_so_and_keep_memory_counters():
    app = create_app({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_SINGLE_PROCESS": True})
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize("base", [None, "", "http://tiepdan.skhcn.example.gov.vn", "https://", "tiepdan.vn"])
def test_production_refuses_to_start_without_an_https_public_base_url(base):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL must be set to the site's https:// address"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": base})


def test_production_does_not_fall_back_to_the_development_base_url(monkeypatch):
    import importlib

    import config

    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    try:
        reloaded = importlib.reload(config)
        assert reloaded.ProductionConfig.PUBLIC_BASE_URL is None
    finally:
        monkeypatch.undo()
        importlib.reload(config)
