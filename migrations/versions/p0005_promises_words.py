"""promise words: the lineage index (each promise's words beside its ministry and act)

Revision ID: p0005_promises_words
Revises: p0004_promises_followed
Create Date: 2026-12-01 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0005_promises_words"
down_revision = "p0004_promises_followed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    words = op.create_table(
        "promise_word",
        sa.Column("promise_id", sa.String(length=16), nullable=False),
        sa.Column("word", sa.String(), nullable=False),
        sa.Column("ministry", sa.String(length=200), nullable=False),
        sa.Column("act", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["promise_id"],
            ["promise.id"],
            name=op.f("fk_promise_word_promise_id_promise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("promise_id", "word", name=op.f("pk_promise_word")),
    )
    with op.batch_alter_table("promise_word", schema=None) as batch_op:
        batch_op.create_index(
            "ix_promise_word_lookup", ["ministry", "act", "word", "promise_id"], unique=False
        )
        batch_op.create_index(
            "ix_promise_word_any_act", ["ministry", "word", "promise_id"], unique=False
        )
    # The promises stored so far: the same words the writer stores (a snapshot of the rule,
    # on purpose: the space-separated lemmas less the promise's own act, beside ministry and act).
    promise = sa.table(
        "promise",
        sa.column("id", sa.String),
        sa.column("ministry", sa.String),
        sa.column("act", sa.String),
        sa.column("lemmas", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(promise.c.id, promise.c.ministry, promise.c.act,
                                  promise.c.lemmas))
    batch: list[dict[str, str]] = []
    for row in rows:
        batch += [{"promise_id": row.id, "word": w, "ministry": row.ministry, "act": row.act}
                  for w in sorted(set((row.lemmas or "").split()) - {row.act})]
        if len(batch) >= 5000:
            op.bulk_insert(words, batch)
            batch = []
    if batch:
        op.bulk_insert(words, batch)


def downgrade() -> None:
    with op.batch_alter_table("promise_word", schema=None) as batch_op:
        batch_op.drop_index("ix_promise_word_any_act")
        batch_op.drop_index("ix_promise_word_lookup")
    op.drop_table("promise_word")
