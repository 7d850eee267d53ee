"""promise alerts: the status last alerted, so each status change is alerted once

Revision ID: p0003_promises_alerted
Revises: p0002_promises_lineage
Create Date: 2026-12-01 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0003_promises_alerted"
down_revision = "p0002_promises_lineage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("alerted", sa.String(length=20), nullable=False, server_default="")
        )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.alter_column("alerted", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_column("alerted")
