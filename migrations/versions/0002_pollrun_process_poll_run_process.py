"""poll runs record the host and process that run them (to tell an interrupted run)

Revision ID: 0002_pollrun_process
Revises: 0001_ingest
Create Date: 2026-11-28 05:25:03.976033
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_pollrun_process"
down_revision = "0001_ingest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pollrun", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("host", sa.String(length=255), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("pid", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("pollrun", schema=None) as batch_op:
        batch_op.drop_column("pid")
        batch_op.drop_column("host")
