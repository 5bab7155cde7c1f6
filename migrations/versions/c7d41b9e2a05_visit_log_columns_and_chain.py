"""Visits: the log book's class and prior authority (Mẫu số 01, Thông tư 04/2021/TT-TTCP); visit
events hash-chained like a case's, and append-only in PostgreSQL.

Revision ID: c7d41b9e2a05
Revises: b7d4e2a9c6f1
Create Date: 2026-11-30

"""
import hashlib
import json
from datetime import timezone

import sqlalchemy as sa
from alembic import op

revision = 'c7d41b9e2a05'
down_revision = "b7d4e2a9c6f1"
branch_labels = None
depends_on = None

KINDS = ('complaint', 'denunciation', 'petition', 'feedback', 'info_request')


def _chain_existing_events(conn):
    """Hash the events written before the chain existed, visit by visit, in id order (the same
    canonical form as domain/audit.py::visit_event_hash, frozen here as migrations must be)."""
    rows = conn.execute(sa.text("SELECT id, visit_id, at, actor_id, action, note, data FROM visit_events "
                                "ORDER BY visit_id, id")).all()
    previous, visit = None, None
    for row in rows:
        if row.visit_id != visit:
            previous, visit = None, row.visit_id
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)
        data = json.loads(row.data) if isinstance(row.data, str) else (row.data or {})
        payload = json.dumps({"prev": previous, "visit": row.visit_id,
                              "at": at.astimezone(timezone.utc).isoformat(timespec="microseconds"),
                              "actor": row.actor_id, "action": row.action, "note": row.note, "data": data},
                             sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        conn.execute(sa.text("UPDATE visit_events SET prev_hash = :p, hash = :h WHERE id = :id"),
                     {"p": previous, "h": digest, "id": row.id})
        previous = digest


def upgrade():
    with op.batch_alter_table('visits') as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum(*KINDS, name='casekind', native_enum=False, length=16),
                                      nullable=True))
        batch_op.add_column(sa.Column('prior_authority', sa.String(length=300), nullable=True))
    with op.batch_alter_table('visit_events') as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_events(op.get_bind())
    with op.batch_alter_table('visit_events') as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION visit_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'the audit trail (visit_events) is append-only';
            END;
            $$ LANGUAGE plpgsql
        """)
        op.execute("""
            CREATE TRIGGER visit_events_append_only
            BEFORE UPDATE OR DELETE ON visit_events
            FOR EACH ROW EXECUTE FUNCTION visit_events_append_only()
        """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS visit_events_append_only ON visit_events")
        op.execute("DROP FUNCTION IF EXISTS visit_events_append_only()")
    with op.batch_alter_table('visit_events') as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    with op.batch_alter_table('visits') as batch_op:
        batch_op.drop_column('prior_authority')
        batch_op.drop_column('kind')
