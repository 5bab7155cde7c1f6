"""Trigram indexes for the queue search on PostgreSQL (ILIKE '%…%' over subject, content, code).

PostgreSQL only: pg_trgm is a trusted extension (PostgreSQL 13+), so the
database owner can create it. SQLite searches by scanning, which is fine at
its scale. The drift test leaves these *_trgm indexes out of the comparison.

Revision ID: 7c1e5a9b3d20
Revises: dff615560da6
"""
from alembic import op

revision = "7c1e5a9b3d20"
down_revision = "dff615560da6"
branch_labels = None
depends_on = None

COLUMNS = ("subject", "content", "tracking_code")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_cases_{column}_trgm ON cases USING gin ({column} gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_cases_{column}_trgm")
