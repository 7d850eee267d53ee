"""promise words: lineage's index of the open promises (ministry, act, lemma, deadline)

Revision ID: p0005_promise_words
Revises: p0004_promises_followed
Create Date: 2026-12-02 01:00:00

Lineage compared every new answer with every open promise of its ministry and act (quadratic
over the history). ``promise_word`` holds one row per lemma of each open active promise, so
that only the promises sharing words with the answer are read. The open promises already
stored are indexed here, by all their lemmas (lineage indexes a new promise by its subject
words only; a larger index finds the same promises).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0005_promise_words"
down_revision = "p0004_promises_followed"
branch_labels = None
depends_on = None

# The statuses lineage may still move (monitor.statuses.PROMISE_CALENDAR when written).
_OPEN = ("open", "due", "overdue")
_WORD_LIMIT = 200


def upgrade() -> None:
    words = op.create_table(
        "promise_word",
        sa.Column("promise_id", sa.String(length=16), nullable=False),
        sa.Column("word", sa.String(length=_WORD_LIMIT), nullable=False),
        sa.Column("ministry", sa.String(length=200), nullable=False),
        sa.Column("act", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["promise_id"], ["promise.id"], ondelete="CASCADE",
                                name=op.f("fk_promise_word_promise_id_promise")),
        sa.PrimaryKeyConstraint("promise_id", "word", name=op.f("pk_promise_word")),
    )
    op.create_index("ix_promise_word_key", "promise_word", ["ministry", "act", "word", "due"])
    promise = sa.table("promise", sa.column("id"), sa.column("ministry"), sa.column("act"),
                       sa.column("lemmas"), sa.column("deadline_first"),
                       sa.column("deadline_last"), sa.column("active"), sa.column("status"))
    conn = op.get_bind()
    rows = conn.execute(sa.select(
        promise.c.id, promise.c.ministry, promise.c.act, promise.c.lemmas,
        promise.c.deadline_first, promise.c.deadline_last,
    ).where(promise.c.active.is_(True), promise.c.status.in_(_OPEN))).all()
    batch: list[dict[str, object]] = []
    for row in rows:
        due = row.deadline_last or row.deadline_first
        for word in sorted({w[:_WORD_LIMIT] for w in (row.lemmas or "").split()}):
            batch.append({"promise_id": row.id, "word": word, "ministry": row.ministry,
                          "act": row.act, "due": due})
        if len(batch) >= 5000:
            conn.execute(words.insert(), batch)
            batch = []
    if batch:
        conn.execute(words.insert(), batch)


def downgrade() -> None:
    op.drop_index("ix_promise_word_key", table_name="promise_word")
    op.drop_table("promise_word")
