"""Sessions that end server-side (a generation per user) and growing delays after failed sign-ins.

Revision ID: a3c9e1f4b7d2
Revises: 5c0a8e7d2b19
Create Date: 2026-11-30 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c9e1f4b7d2'
down_revision = '5c0a8e7d2b19'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_failed_sign_in_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        'unknown_sign_ins',
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
        sa.Column('last_failed_sign_in_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('username'),
    )
    with op.batch_alter_table('unknown_sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unknown_sign_ins_last_failed_sign_in_at'),
                              ['last_failed_sign_in_at'], unique=False)


def downgrade():
    with op.batch_alter_table('unknown_sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unknown_sign_ins_last_failed_sign_in_at'))
    op.drop_table('unknown_sign_ins')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('last_failed_sign_in_at')
        batch_op.drop_column('failed_sign_ins')
        batch_op.drop_column('session_generation')
