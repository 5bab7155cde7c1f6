"""The language a citizen filed in, so that their e-mails are written in it.

Revision ID: e8c2a4f6b1d9
Revises: d3a8f1c6b2e4
Create Date: 2026-11-30 21:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = "e8c2a4f6b1d9"
down_revision = "d3a8f1c6b2e4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("petitioners") as batch:
        batch.add_column(sa.Column("language", sa.String(length=5), nullable=False, server_default="vi"))


def downgrade():
    with op.batch_alter_table("petitioners") as batch:
        batch.drop_column("language")
