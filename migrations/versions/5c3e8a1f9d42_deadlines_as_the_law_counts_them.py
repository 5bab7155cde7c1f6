"""Deadlines as the law counts them (issue 9): the variants and periods the policies lacked
(simple information requests, several places, forwarding a denunciation outside competence,
extensions by complexity, the written-petition basis of triage), the facts on the case that
choose them, and the first round of a second-time complaint.

The statutory values go into a NEW policy version of each kind, copied from its newest version
(an admin's own changes, e.g. the warning window, are kept): versions are how this application
says "applies to cases received from now on", and an open case keeps the rules it was received
under — an information request already counted from acceptance is not moved behind its
handler's back. The version's note says why it exists.

Revision ID: 5c3e8a1f9d42
Revises: a3c9e1f4b7d2
Create Date: 2026-11-30 14:30:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c3e8a1f9d42'
down_revision = 'a3c9e1f4b7d2'
branch_labels = None
depends_on = None

NOTE = ("Thời hạn theo đúng luật (issue 9): Luật Tiếp công dân 2013, Điều 28(1); Luật Tố cáo 2018, "
        "Điều 24, 30; Luật Tiếp cận thông tin 2016, Điều 31")
TRIAGE_IN_PERSON = "Luật Tiếp công dân 2013, Điều 28(1)"
TRIAGE_WRITTEN = "Luật Tiếp công dân 2013, Điều 28(1); Thông tư 05/2021/TT-TTCP"
# A snapshot of the statutory values (the app's own defaults may move on, this migration must not).
CHANGES = {
    "complaint": dict(triage_citation=TRIAGE_IN_PERSON, triage_written_citation=TRIAGE_WRITTEN),
    "denunciation": dict(
        triage_citation=TRIAGE_IN_PERSON, triage_written_citation=TRIAGE_WRITTEN,
        acceptance_citation="Luật Tố cáo 2018, Điều 24(1)", acceptance_several_places_days=10,
        forwarding_days=5, forwarding_unit="working", forwarding_citation="Luật Tố cáo 2018, Điều 24(2)",
        extensions_by_complexity=True),
    "info_request": dict(
        triage_days=None, triage_unit=None, triage_citation=None,
        acceptance_citation="Luật Tiếp cận thông tin 2016, Điều 31(2)",
        resolution_citation="Luật Tiếp cận thông tin 2016, Điều 31(2); Nghị định 13/2018/NĐ-CP",
        simple_days=5, simple_citation="Luật Tiếp cận thông tin 2016, Điều 31(1)", resolution_from_receipt=True),
    "petition": dict(triage_citation=TRIAGE_IN_PERSON, triage_written_citation=TRIAGE_WRITTEN),
    "feedback": dict(triage_citation=TRIAGE_IN_PERSON, triage_written_citation=TRIAGE_WRITTEN),
}
DAYUNIT = dict(name='dayunit', native_enum=False, length=12)


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_decision_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('first_decision_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('first_accepted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('forwarding_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('is_simple', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('several_places', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('complexity', sa.Enum('none', 'complex', 'especially_complex', name='complexity', native_enum=False, length=22), server_default='none', nullable=False))
        batch_op.alter_column('triage_due', existing_type=sa.Date(), nullable=True)

    with op.batch_alter_table('sla_policies', schema=None) as batch_op:
        batch_op.alter_column('triage_days', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('triage_unit', existing_type=sa.Enum('working', 'calendar', **DAYUNIT), nullable=True)
        batch_op.alter_column('triage_citation', existing_type=sa.String(length=300), nullable=True)
        batch_op.add_column(sa.Column('triage_written_citation', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('acceptance_several_places_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('forwarding_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('forwarding_unit', sa.Enum('working', 'calendar', **DAYUNIT), nullable=True))
        batch_op.add_column(sa.Column('forwarding_citation', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('simple_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('simple_citation', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('resolution_from_receipt', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('extensions_by_complexity', sa.Boolean(), server_default=sa.false(), nullable=False))

    _add_statutory_versions()


def _add_statutory_versions():
    bind = op.get_bind()
    policies = sa.Table('sla_policies', sa.MetaData(), autoload_with=bind)
    now = datetime.now(timezone.utc)
    for kind, changes in CHANGES.items():
        newest = bind.execute(sa.select(policies).where(policies.c.kind == kind)
                              .order_by(policies.c.version.desc()).limit(1)).mappings().first()
        if newest is None:
            continue  # seeded by the application from its defaults on first use
        row = {k: v for k, v in newest.items() if k not in ('id', 'created_by_id')}
        row.update(changes, version=newest['version'] + 1, note=NOTE, created_at=now)
        bind.execute(policies.insert().values(**row))


def downgrade():
    op.execute(f"""
        UPDATE cases SET sla_policy_id = (
            SELECT older.id FROM sla_policies older, sla_policies newer
            WHERE newer.id = cases.sla_policy_id AND older.kind = newer.kind AND older.version = newer.version - 1)
        WHERE sla_policy_id IN (SELECT id FROM sla_policies WHERE note = '{NOTE}')
    """)
    op.execute(f"DELETE FROM sla_policies WHERE note = '{NOTE}'")
    op.execute("UPDATE cases SET triage_due = COALESCE(acceptance_due, resolution_due, next_due, "
               "date(received_at)) WHERE triage_due IS NULL")
    with op.batch_alter_table('sla_policies', schema=None) as batch_op:
        batch_op.drop_column('extensions_by_complexity')
        batch_op.drop_column('resolution_from_receipt')
        batch_op.drop_column('simple_citation')
        batch_op.drop_column('simple_days')
        batch_op.drop_column('forwarding_citation')
        batch_op.drop_column('forwarding_unit')
        batch_op.drop_column('forwarding_days')
        batch_op.drop_column('acceptance_several_places_days')
        batch_op.drop_column('triage_written_citation')
        batch_op.alter_column('triage_citation', existing_type=sa.String(length=300), nullable=False)
        batch_op.alter_column('triage_unit', existing_type=sa.Enum('working', 'calendar', **DAYUNIT), nullable=False)
        batch_op.alter_column('triage_days', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('triage_due', existing_type=sa.Date(), nullable=False)
        batch_op.drop_column('complexity')
        batch_op.drop_column('several_places')
        batch_op.drop_column('is_simple')
        batch_op.drop_column('forwarding_due')
        batch_op.drop_column('first_accepted_on')
        batch_op.drop_column('first_decision_on')
        batch_op.drop_column('first_decision_number')
