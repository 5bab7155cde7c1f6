"""Staff search by folded text (issue 15), and a covering index for the deadline dashboard.

- ``cases.search_text``: the code, subject and content folded (lower case, no
  diacritics, đ → d) by domain/search.py, so "buc xa" finds "bức xạ".
- ``petitioners.search_text``: names, CCCD, tax code, phone and e-mail folded
  the same way; personal data, so it stays in the petitioners table.
- PostgreSQL: one trigram index on each (pg_trgm, created by the earlier
  search migration and again here if missing: the extension is trusted since
  PostgreSQL 13). They replace the three trigram indexes on subject, content
  and tracking code, which the search no longer reads.
- ``ix_cases_open_unit_next_due`` also carries kind and policy version, so the
  dashboard's one pass over the open cases reads the index alone.

Existing rows are filled in batches with the same Python function the models
use, so old and new rows fold alike.

Revision ID: f2c8a4e6b1d3
Revises: b7e2c9d4f015
Create Date: 2026-11-30 21:20:00
"""
import sqlalchemy as sa
from alembic import op

from petition_app.domain.search import case_search_text, person_search_text

revision = "f2c8a4e6b1d3"
down_revision = "b7e2c9d4f015"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('received', 'accepted', 'in_progress', 'on_hold')")
OLD_TRGM = ("subject", "content", "tracking_code")
PERSON_FIELDS = ("full_name", "org_name", "rep_name", "citizen_id", "tax_code", "phone", "email")
BATCH = 5000


def _backfill(table: str, columns: tuple[str, ...], fold) -> None:
    conn = op.get_bind()
    select = sa.text(f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > :after ORDER BY id LIMIT {BATCH}")
    update = sa.text(f"UPDATE {table} SET search_text = :text WHERE id = :id")
    after = 0
    while rows := conn.execute(select, {"after": after}).all():
        conn.execute(update, [{"id": row[0], "text": fold(row)} for row in rows])
        after = rows[-1][0]


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
        batch_op.drop_index("ix_cases_open_unit_next_due")
        batch_op.create_index("ix_cases_open_unit_next_due", ["unit_id", "next_due", "id", "kind", "sla_policy_id"],
                              unique=False, postgresql_where=OPEN, sqlite_where=OPEN)
    with op.batch_alter_table("petitioners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=True))
    _backfill("cases", ("tracking_code", "subject", "content"), lambda row: case_search_text(*row[1:]))
    _backfill("petitioners", PERSON_FIELDS,
              lambda row: person_search_text(**dict(zip(PERSON_FIELDS, row[1:], strict=True))))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in OLD_TRGM:
            op.execute(f"DROP INDEX IF EXISTS ix_cases_{column}_trgm")
        op.execute("CREATE INDEX ix_cases_search_text_trgm ON cases USING gin (search_text gin_trgm_ops)")
        op.execute("CREATE INDEX ix_petitioners_search_text_trgm ON petitioners "
                   "USING gin (search_text gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_petitioners_search_text_trgm")
        op.execute("DROP INDEX IF EXISTS ix_cases_search_text_trgm")
        for column in OLD_TRGM:
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_cases_{column}_trgm ON cases USING gin ({column} gin_trgm_ops)")
    with op.batch_alter_table("petitioners", schema=None) as batch_op:
        batch_op.drop_column("search_text")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_open_unit_next_due")
        batch_op.create_index("ix_cases_open_unit_next_due", ["unit_id", "next_due", "id"], unique=False,
                              postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_column("search_text")
