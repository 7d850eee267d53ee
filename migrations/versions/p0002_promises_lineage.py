"""promise lineage: the later answer that moved or kept a promise

Revision ID: p0002_promises_lineage
Revises: p0001_promises
Create Date: 2026-12-01 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0002_promises_lineage"
down_revision = "p0001_promises"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("linked_id", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("status_identifier", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("status_on", sa.Date(), nullable=True))
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.alter_column("linked_id", server_default=None)
        batch_op.alter_column("status_identifier", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_column("status_on")
        batch_op.drop_column("status_identifier")
        batch_op.drop_column("linked_id")
