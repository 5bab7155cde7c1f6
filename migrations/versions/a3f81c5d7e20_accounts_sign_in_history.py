"""Accounts managed in the admin pages: a reset password must be changed at next sign-in;
sign-in history (successes and failures) per user.

Revision ID: a3f81c5d7e20
Revises: d4a8e1c2b9f3
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

revision = 'a3f81c5d7e20'
down_revision = "d4a8e1c2b9f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "sign_in_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_sign_in_records_user_id_users"),
                  nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(64)),
    )
    op.create_index("ix_sign_in_records_user_at", "sign_in_records", ["user_id", "id"])


def downgrade():
    op.drop_index("ix_sign_in_records_user_at", table_name="sign_in_records")
    op.drop_table("sign_in_records")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
