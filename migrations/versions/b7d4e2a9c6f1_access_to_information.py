"""Access to information: the answer to each request, and the information published proactively (issue 11).

Revision ID: b7d4e2a9c6f1
Revises: e5b7d2a9c4f1
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

revision = 'b7d4e2a9c6f1'
down_revision = "e5b7d2a9c4f1"
branch_labels = None
depends_on = None

INFO_FORMS = ('copy', 'electronic', 'on_site')
DELIVERIES = ('post', 'email', 'pickup', 'fax')
PROVISIONS = ('at_once', 'partly', 'later', 'refused')
GROUNDS = ('not_accessible', 'conditions_not_met', 'already_public', 'outside_competence', 'provided_twice',
           'beyond_capacity', 'fees_not_paid', 'not_in_form', 'not_held')
CATEGORIES = ('standards_metrology_quality', 'intellectual_property', 'radiation_safety', 'technology_transfer',
              'science_management', 'digital_transformation', 'inspection', 'administrative_procedures', 'other')


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade():
    op.create_table(
        'information_provisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('requested_info', sa.Text(), nullable=False),
        sa.Column('info_form', _enum(INFO_FORMS, 'infoform', 14), nullable=False),
        sa.Column('delivery', _enum(DELIVERIES, 'deliverymethod', 10), nullable=False),
        sa.Column('provision', _enum(PROVISIONS, 'provision', 11), nullable=False),
        sa.Column('provided_on', sa.Date(), nullable=True),
        sa.Column('notice_on', sa.Date(), nullable=True),
        sa.Column('promised_by', sa.Date(), nullable=True),
        sa.Column('ground', _enum(GROUNDS, 'ground', 22), nullable=True),
        sa.Column('published_link', sa.String(length=500), nullable=True),
        sa.Column('explanation', sa.Text(), nullable=True),
        sa.Column('copy_fee', sa.Integer(), server_default='0', nullable=False),
        sa.Column('delivery_fee', sa.Integer(), server_default='0', nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('copy_fee >= 0 AND delivery_fee >= 0',
                           name=op.f('ck_information_provisions_fees_not_negative')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_information_provisions_case_id_cases')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                name=op.f('fk_information_provisions_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_information_provisions')),
        sa.UniqueConstraint('case_id', name=op.f('uq_information_provisions_case_id')),
    )
    op.create_table(
        'published_information',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('field', _enum(CATEGORIES, 'category', 31), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=True),
        sa.Column('storage_name', sa.String(length=64), nullable=True),
        sa.Column('file_name', sa.String(length=200), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_published_information_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_published_information')),
        sa.UniqueConstraint('storage_name', name=op.f('uq_published_information_storage_name')),
    )
    op.create_index(op.f('ix_published_information_published_on'), 'published_information', ['published_on'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_published_information_published_on'), table_name='published_information')
    op.drop_table('published_information')
    op.drop_table('information_provisions')
