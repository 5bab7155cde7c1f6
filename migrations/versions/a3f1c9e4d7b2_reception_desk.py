"""The reception desk: visits, visitors, their audit trail and the leaders' reception schedule (issue 10).

Revision ID: a3f1c9e4d7b2
Revises: 5c3e8a1f9d42
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

revision = 'a3f1c9e4d7b2'
down_revision = '5c3e8a1f9d42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reception_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('place', sa.String(length=300), nullable=False),
        sa.Column('host', sa.String(length=200), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_reception_sessions_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_sessions')),
    )
    op.create_index(op.f('ix_reception_sessions_starts_at'), 'reception_sessions', ['starts_at'], unique=False)

    op.create_table(
        'visits',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('place', sa.Enum('reception_room', 'grassroots', name='receptionplace', native_enum=False,
                                   length=18), nullable=False),
        sa.Column('place_detail', sa.String(length=300), nullable=True),
        sa.Column('officer_id', sa.Integer(), nullable=False),
        sa.Column('reception_kind', sa.Enum('routine', 'head_periodic', 'head_ad_hoc', 'deputy',
                                            name='receptionkind', native_enum=False, length=17), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=True),
        sa.Column('is_repeat', sa.Boolean(), nullable=False),
        sa.Column('is_online', sa.Boolean(), nullable=False),
        sa.Column('online_means', sa.Enum('video', 'phone', 'portal', name='onlinemeans', native_enum=False,
                                          length=10), nullable=True),
        sa.Column('is_group', sa.Boolean(), nullable=False),
        sa.Column('people_count', sa.Integer(), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.Column('documents', sa.JSON(), nullable=False),
        sa.Column('outcome', sa.Enum('guided', 'registered', 'attached', 'refused', name='visitoutcome',
                                     native_enum=False, length=14), nullable=False),
        sa.Column('refusal_ground', sa.Enum('incapacitated', 'threatening', 'settled_persistent', 'other_by_law',
                                            name='refusalground', native_enum=False, length=22), nullable=True),
        sa.Column('outcome_note', sa.Text(), nullable=True),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('is_protected', sa.Boolean(), nullable=False),
        sa.Column('submission_token', sa.String(length=64), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('people_count >= 1', name=op.f('ck_visits_people_count_positive')),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_visits_case_id_cases')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_visits_created_by_id_users')),
        sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_visits_officer_id_users')),
        sa.ForeignKeyConstraint(['session_id'], ['reception_sessions.id'],
                                name=op.f('fk_visits_session_id_reception_sessions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
        sa.UniqueConstraint('submission_token', name=op.f('uq_visits_submission_token')),
    )
    op.create_index(op.f('ix_visits_case_id'), 'visits', ['case_id'], unique=False)
    op.create_index(op.f('ix_visits_officer_id'), 'visits', ['officer_id'], unique=False)
    op.create_index(op.f('ix_visits_session_id'), 'visits', ['session_id'], unique=False)
    op.create_index('ix_visits_visited_at_id', 'visits', ['visited_at', 'id'], unique=False)

    op.create_table(
        'visitors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('citizen_id', sa.String(length=12), nullable=True),
        sa.Column('address', sa.String(length=500), nullable=True),
        sa.Column('phone', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visitors_visit_id_visits')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visitors')),
    )
    op.create_index(op.f('ix_visitors_visit_id'), 'visitors', ['visit_id'], unique=False)
    op.create_index(op.f('ix_visitors_full_name'), 'visitors', ['full_name'], unique=False)
    op.create_index(op.f('ix_visitors_citizen_id'), 'visitors', ['citizen_id'], unique=False)
    op.create_index(op.f('ix_visitors_phone'), 'visitors', ['phone'], unique=False)

    op.create_table(
        'visit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_visit_events_actor_id_users')),
        sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_events_visit_id_visits')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_events')),
    )
    op.create_index(op.f('ix_visit_events_visit_id'), 'visit_events', ['visit_id'], unique=False)


def downgrade():
    op.drop_table('visit_events')
    op.drop_table('visitors')
    op.drop_table('visits')
    op.drop_table('reception_sessions')
