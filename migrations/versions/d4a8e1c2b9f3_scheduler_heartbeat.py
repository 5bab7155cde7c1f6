"""The scheduler leader's heartbeat, read by the health endpoint; the outbox's "cancelled" status
(issue 14).

Revision ID: d4a8e1c2b9f3
Revises: c7d41b9e2a05
Create Date: 2026-11-30 18:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = "d4a8e1c2b9f3"
down_revision = "c7d41b9e2a05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scheduler_heartbeats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leader_since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduler_heartbeats")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=11), type_=sa.String(length=13),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=13), type_=sa.String(length=11),
                              existing_nullable=False)
    op.drop_table("scheduler_heartbeats")
