"""Production sends HSTS."""
from petition_app import create_app

PRODUCTION = {"CONFIG_NAME": "production", "SECRET_KEY": "k" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://",
              "PUBLIC_BASE_URL": "https://tiepdan.skhcn.example.gov.vn",
              "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}


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
