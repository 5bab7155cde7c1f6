"""The audit trail is append-only in the database too (PostgreSQL): UPDATE and DELETE on
case_events raise, whatever the client. The ORM refuses them as well, on every backend;
`flask audit verify` detects anything done by someone who disabled the trigger.

Revision ID: 8d2f6b0c4e11
Revises: 7c1e5a9b3d20
"""
from alembic import op

revision = "8d2f6b0c4e11"
down_revision = "7c1e5a9b3d20"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'the audit trail (case_events) is append-only';
        END;
        $$ LANGUAGE plpgsql
    """)
    op.execute("""
        CREATE TRIGGER case_events_append_only
        BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_append_only()
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
    op.execute("DROP FUNCTION IF EXISTS case_events_append_only()")
