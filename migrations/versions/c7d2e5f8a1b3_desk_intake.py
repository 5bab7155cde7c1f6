"""The desk intake (issue 10): how the citizen consented, why a late complaint was received.

Revision ID: c7d2e5f8a1b3
Revises: b7d2e4f6a8c1
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

revision = 'c7d2e5f8a1b3'
down_revision = 'b7d2e4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_reason', sa.Enum(
            'illness', 'natural_disaster', 'enemy_action', 'away_far', 'other_obstacle',
            name='latefilingreason', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('late_reason_note', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('consent_means', sa.Enum(
            'in_person_verbal', 'signed_paper', 'in_letter', 'by_phone',
            name='consentmeans', native_enum=False, length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('consent_means')
        batch_op.drop_column('late_reason_note')
        batch_op.drop_column('late_reason')
