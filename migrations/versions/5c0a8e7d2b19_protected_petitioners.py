"""A denouncer's identity stays protected whatever the case becomes (issue 8).

Revision ID: 5c0a8e7d2b19
Revises: e50258f13a97
Create Date: 2026-11-30

Backfill: the petitioner of every case that is, or was ever classified as, a
denunciation, and the copies made for the parts split off such a case.
"""
import sqlalchemy as sa
from alembic import op

revision = '5c0a8e7d2b19'
down_revision = 'e50258f13a97'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('petitioners') as batch_op:
        batch_op.add_column(sa.Column('is_protected', sa.Boolean(), server_default=sa.false(), nullable=False))

    conn = op.get_bind()
    cases = sa.table('cases', sa.column('id'), sa.column('kind'), sa.column('petitioner_id'),
                     sa.column('parent_id'))
    events = sa.table('case_events', sa.column('case_id'), sa.column('action'), sa.column('data', sa.JSON))
    petitioners = sa.table('petitioners', sa.column('id'), sa.column('is_protected'))
    protected_cases = set(conn.scalars(sa.select(cases.c.id).where(cases.c.kind == 'denunciation')))
    for case_id, data in conn.execute(sa.select(events.c.case_id, events.c.data)
                                      .where(events.c.action == 'classify')):
        if (data or {}).get('kind') == 'denunciation':
            protected_cases.add(case_id)
    parents = dict(conn.execute(sa.select(cases.c.id, cases.c.parent_id).where(cases.c.parent_id.isnot(None))).all())
    for case_id, parent_id in parents.items():
        while parent_id is not None:
            if parent_id in protected_cases:
                protected_cases.add(case_id)
                break
            parent_id = parents.get(parent_id)
    ids = list(protected_cases)
    for start in range(0, len(ids), 1000):
        conn.execute(petitioners.update().where(petitioners.c.id.in_(
            sa.select(cases.c.petitioner_id).where(cases.c.id.in_(ids[start:start + 1000])))).values(is_protected=True))


def downgrade():
    with op.batch_alter_table('petitioners') as batch_op:
        batch_op.drop_column('is_protected')
