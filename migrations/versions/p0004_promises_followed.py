"""followed promises: discovered promises followed as commitments (`monitor follow ID`)

Revision ID: p0004_promises_followed
Revises: p0003_promises_alerted
Create Date: 2026-12-01 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0004_promises_followed"
down_revision = "p0003_promises_alerted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followed_promise",
        sa.Column("promise_id", sa.String(length=16), nullable=False),
        sa.Column("commitment_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("followed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["promise_id"], ["promise.id"], name=op.f("fk_followed_promise_promise_id_promise")
        ),
        sa.PrimaryKeyConstraint("promise_id", name=op.f("pk_followed_promise")),
        sa.UniqueConstraint("commitment_id", name=op.f("uq_followed_promise_commitment_id")),
    )


def downgrade() -> None:
    op.drop_table("followed_promise")
