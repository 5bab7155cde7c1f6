"""Answers kept as Markdown source beside their HTML; an HTML alternative for e-mails; the public
register of outcomes (issue 11).

Existing rows hold HTML only: their *_source stays NULL (the HTML is what was
published and is shown as it is; no lossy conversion). No outcome resolved
before this migration is published: its summary was never checked for
personal data, so it enters the register only when published anew.

Revision ID: e5b7d2a9c4f1
Revises: c9e1a3b5d7f2
"""
import sqlalchemy as sa
from alembic import op

revision = "e5b7d2a9c4f1"
down_revision = "c9e1a3b5d7f2"
branch_labels = None
depends_on = None

KINDS = ("complaint", "denunciation", "petition", "feedback", "info_request")
OUTCOMES = ("upheld", "partly_upheld", "rejected", "true", "partly_true", "untrue", "provided", "partly_provided",
            "refused", "answered")


def upgrade():
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("answer_source", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("public_summary_source", sa.Text(), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=True))
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sa.String(length=19), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="casekind", native_enum=False, length=16), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Enum(*OUTCOMES, name="outcome", native_enum=False, length=19), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=False),
        sa.Column("is_late", sa.Boolean(), nullable=False),
        sa.Column("summary_html", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_publications_case_id_cases")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_publications_unit_id_units")),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"],
                                name=op.f("fk_publications_published_by_id_users")),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"], name=op.f("fk_publications_approved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("case_id", name=op.f("uq_publications_case_id")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_publications_tracking_code")),
    )
    op.create_index("ix_publications_kind_id", "publications", ["kind", "id"])
    op.create_index("ix_publications_unit_id_id", "publications", ["unit_id", "id"])
    op.create_index("ix_publications_resolved_on", "publications", ["resolved_on"])
    op.create_index(op.f("ix_publications_category"), "publications", ["category"])
    op.create_index(op.f("ix_publications_is_late"), "publications", ["is_late"])
    op.create_index(op.f("ix_publications_published_at"), "publications", ["published_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_publications_search_text_trgm ON publications "
                   "USING gin (search_text gin_trgm_ops)")


def downgrade():
    op.drop_table("publications")
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_column("body_html")
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("public_summary_source")
        batch_op.drop_column("answer_source")
