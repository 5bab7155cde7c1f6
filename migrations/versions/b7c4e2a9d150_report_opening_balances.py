"""Opening balances of the periodic reports' forms (cases from before the system).

Revision ID: b7c4e2a9d150
Revises: e7c4a2b9d1f3
Create Date: 2026-11-30 21:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = "b7c4e2a9d150"
down_revision = "e7c4a2b9d1f3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_opening_balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("measure", sa.String(length=60), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_report_opening_balances_amount_not_negative")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_report_opening_balances_unit_id_units")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_report_opening_balances_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_opening_balances")),
        sa.UniqueConstraint("form", "measure", "unit_id", name=op.f("uq_report_opening_balances_cell")),
    )


def downgrade():
    op.drop_table("report_opening_balances")
