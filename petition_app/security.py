"""HTTP security headers on every response; HSTS where the config sets it (production)."""

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def init_headers(app) -> None:
    @app.after_request
    def set_security_headers(response):
        if hsts := app.config.get("STRICT_TRANSPORT_SECURITY"):
            response.headers.setdefault("Strict-Transport-Security", hsts)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Content-Security-Policy", CSP)
        if response.mimetype == "text/html":
            # Pages may carry personal data: never cache them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
