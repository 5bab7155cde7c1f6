"""Partner systems' API keys (Open311), hashed at rest, revocable.

Revision ID: c9e1a3b5d7f2
Revises: c7d2e5f8a1b3
Create Date: 2026-11-30 17:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = "c9e1a3b5d7f2"
down_revision = "c7d2e5f8a1b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("key_prefix", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_api_partners_created_by_id_users")),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["users.id"], name=op.f("fk_api_partners_revoked_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_partners")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_partners_key_hash")),
        sa.UniqueConstraint("name", name=op.f("uq_api_partners_name")),
    )


def downgrade():
    op.drop_table("api_partners")
