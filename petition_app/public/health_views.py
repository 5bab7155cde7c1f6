"""GET /healthz for the load balancer: 200 while this node can serve, 503 when the database is
unreachable or its schema is not the code's. The body names three states and nothing else."""
from flask import jsonify

from ..clock import utcnow
from ..services import health
from .views import bp


@bp.get("/healthz")
def healthz():
    state = health.check(utcnow())
    body = {"status": "ok" if state.serving and state.scheduler == "ok" else "degraded" if state.serving
            else "unavailable", "database": state.database, "migrations": state.migrations,
            "scheduler": state.scheduler}
    return jsonify(body), 200 if state.serving else 503, {"Cache-Control": "no-store"}
