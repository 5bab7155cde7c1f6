"""The baseline for bench/intake.py: the least a Flask endpoint can do to store a submission.

One POST: Werkzeug parses the same multipart body the intake form gets, one
INSERT goes through a pooled SQLAlchemy engine (no pre-ping), one 303 redirect.
No forms, CSRF, sessions, rate limiting or templates: what petition_app does
beyond this is its cost. Run by bench/intake.py as ``gunicorn baseline_app:app``
with DATABASE_URL set; the table ``bench_baseline`` is created by intake.py.
"""
import os

import sqlalchemy as sa
from flask import Flask, redirect, request

app = Flask(__name__)
engine = sa.create_engine(os.environ["DATABASE_URL"], pool_size=2, max_overflow=0)
INSERT = sa.text("INSERT INTO bench_baseline (body, created_at) VALUES (:body, now()) RETURNING id")


@app.post("/submit")
def submit():
    with engine.begin() as conn:
        row_id = conn.scalar(INSERT, {"body": request.form.get("content", "")})
    return redirect(f"/done/{row_id}", code=303)
