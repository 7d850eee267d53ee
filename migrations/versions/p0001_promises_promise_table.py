"""promise table: promises discovered in every stored answer

Revision ID: p0001_promises
Revises: 0001_ingest
Create Date: 2026-12-01 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0001_promises"
down_revision = "0001_ingest"
branch_labels = ("promises",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promise",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=100), nullable=False),
        sa.Column("answer_position", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("sentence", sa.String(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("act", sa.String(length=100), nullable=False),
        sa.Column("object", sa.String(length=300), nullable=False),
        sa.Column("modality", sa.String(length=20), nullable=False),
        sa.Column("lemmas", sa.String(), nullable=False),
        sa.Column("deadline_kind", sa.String(length=20), nullable=False),
        sa.Column("deadline_first", sa.Date(), nullable=True),
        sa.Column("deadline_last", sa.Date(), nullable=True),
        sa.Column("deadline_text", sa.String(length=300), nullable=False),
        sa.Column("deadline_document", sa.String(length=200), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("ministry", sa.String(length=200), nullable=False),
        sa.Column("minister", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publication.id"],
            name=op.f("fk_promise_publication_id_publication"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["publicationversion.id"],
            name=op.f("fk_promise_version_id_publicationversion"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise")),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index("ix_promise_due", ["active", "status", "deadline_last"])
        batch_op.create_index("ix_promise_ministry", ["active", "ministry", "received"])
        batch_op.create_index(batch_op.f("ix_promise_publication_id"), ["publication_id"])


def downgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promise_publication_id"))
        batch_op.drop_index("ix_promise_ministry")
        batch_op.drop_index("ix_promise_due")
    op.drop_table("promise")
