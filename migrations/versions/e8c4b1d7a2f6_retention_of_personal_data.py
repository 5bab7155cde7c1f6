"""Retention of personal data (Nghị định 13/2023/NĐ-CP, issue 14): the years a closed case keeps
its petitioner's personal data, per kind, as admins set them; when each case was anonymised.

Revision ID: e8c4b1d7a2f6
Revises: b7c4e2a9d150
Create Date: 2026-11-30 21:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = "e8c4b1d7a2f6"
down_revision = "b7c4e2a9d150"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "retention_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("complaint", "denunciation", "petition", "feedback", "info_request",
                                  name="casekind", native_enum=False, length=16), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_retention_policies_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_policies")),
        sa.UniqueConstraint("kind", name=op.f("uq_retention_policies_kind")),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("anonymised_at")
    op.drop_table("retention_policies")
