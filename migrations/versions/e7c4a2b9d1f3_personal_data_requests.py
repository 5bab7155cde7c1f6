"""Citizens' requests for the personal data held about them (Nghị định 13/2023/NĐ-CP), verified by a
one-time code kept hashed.

Revision ID: e7c4a2b9d1f3
Revises: e8c2a4f6b1d9
Create Date: 2026-11-30 21:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = "e7c4a2b9d1f3"
down_revision = "e8c2a4f6b1d9"
branch_labels = None
depends_on = None

STATUS = sa.Enum("unverified", "open", "fulfilled", name="datarequeststatus", native_enum=False, length=14)


def upgrade():
    op.create_table(
        "personal_data_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_personal_data_requests_case_id_cases")),
        sa.ForeignKeyConstraint(["fulfilled_by_id"], ["users.id"],
                                name=op.f("fk_personal_data_requests_fulfilled_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_requests")),
    )
    op.create_index(op.f("ix_personal_data_requests_case_id"), "personal_data_requests", ["case_id"])
    op.create_index("ix_personal_data_requests_status_due", "personal_data_requests", ["status", "due_at"])


def downgrade():
    op.drop_index("ix_personal_data_requests_status_due", table_name="personal_data_requests")
    op.drop_index(op.f("ix_personal_data_requests_case_id"), table_name="personal_data_requests")
    op.drop_table("personal_data_requests")
