"""The baseline for bench/intake.py: the least a Flask endpoint can do to store a submission.

One POST, one INSERT through a pooled SQLAlchemy engine, one redirect. No forms,
CSRF, sessions or templates: what petition_app does beyond this is its cost.
"""
import os

import sqlalchemy as sa
from flask import Flask, redirect, request

app = Flask(__name__)
engine = sa.create_engine(os.environ["DATABASE_URL"], pool_size=5, pool_pre_ping=False)
INSERT = sa.text("INSERT INTO bench_baseline (body, created_at) VALUES (:body, now())")


@app.post("/submit")
def submit():
    with engine.begin() as conn:
        conn.execute(INSERT, {"body": request.form.get("content", "")})
    return redirect("/done", code=303)
