"""Open cases by unit and deadline: the handlers' overdue and due-soon counts, read at read time.

Since overdue and due soon are computed when a page is shown (from next_due and today's
thresholds), a handler's counts asked for "unit = X, open, next_due < today": with only
(status, next_due) PostgreSQL combined two bitmaps over ~240,000 entries (~120 ms at 1,000,000
cases). This partial index answers it from ~1,000 entries (< 1 ms). It replaces (status,
next_due), whose readers — leadership's counts and the dashboard's pass over open cases — use
it as well, so the sweep still writes the same number of index entries per changed case.

Revision ID: b7d2e4f6a8c1
Revises: a3f1c9e4d7b2
Create Date: 2026-11-30 17:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = "b7d2e4f6a8c1"
down_revision = "a3f1c9e4d7b2"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('received', 'accepted', 'in_progress', 'on_hold')")


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_open_unit_next_due", ["unit_id", "next_due", "id"], unique=False,
                              postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_index("ix_cases_status_next_due")


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_status_next_due", ["status", "next_due"], unique=False)
        batch_op.drop_index("ix_cases_open_unit_next_due")
