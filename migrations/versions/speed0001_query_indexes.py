"""change-log and timeline queries served by indexes: a verdict side table, keyset indexes

Revision ID: speed0001_query_indexes
Revises: t0001_track
Create Date: 2026-12-01 15:40:00

``changeverdict`` holds one row per (change record, verdict), filled by a trigger on every
insert into ``changerecord`` (whatever writes it: the ORM, Core bulk inserts, migrate-db), so
the ``--verdict`` filter is an index range scan instead of a LIKE over ``verdict_tags``. The
table is derived data: it is not declared in the SQLModel metadata, and migrate-db, which copies
``changerecord``, refills it through the trigger. Existing records are indexed here.
"""

from __future__ import annotations

from alembic import op

revision = "speed0001_query_indexes"
down_revision = "t0001_track"
branch_labels = None
depends_on = None

_TABLE = (
    "CREATE TABLE changeverdict ("
    " change_id INTEGER NOT NULL REFERENCES changerecord (id) ON DELETE CASCADE,"
    " verdict VARCHAR(40) NOT NULL,"
    " commitment VARCHAR(100) NOT NULL,"
    " received DATE NOT NULL,"
    " PRIMARY KEY (change_id, verdict))"
)
_INDEXES = (
    "CREATE INDEX ix_changeverdict_log ON changeverdict (verdict, received, change_id)",
    "CREATE INDEX ix_changeverdict_commitment"
    " ON changeverdict (verdict, commitment, received, change_id)",
)


def upgrade() -> None:
    with op.batch_alter_table("changerecord", schema=None) as batch_op:
        # received then id: the change log's order, so a page is a range scan on PostgreSQL too
        batch_op.drop_index("ix_changerecord_commitment")
        batch_op.create_index(
            "ix_changerecord_commitment", ["commitment", "retracted_at", "received", "id"]
        )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index("ix_statement_timeline", ["commitment", "active", "received", "id"])
    op.execute(_TABLE)
    for index in _INDEXES:
        op.execute(index)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "INSERT INTO changeverdict (change_id, verdict, commitment, received)"
            " SELECT DISTINCT c.id, v.value, c.commitment, c.received"
            " FROM changerecord c, json_each(c.verdicts) v"
        )
        op.execute(
            "CREATE TRIGGER changerecord_verdicts AFTER INSERT ON changerecord BEGIN"
            " INSERT OR IGNORE INTO changeverdict (change_id, verdict, commitment, received)"
            " SELECT DISTINCT NEW.id, value, NEW.commitment, NEW.received"
            " FROM json_each(NEW.verdicts);"
            " END"
        )
        return
    op.execute(
        "INSERT INTO changeverdict (change_id, verdict, commitment, received)"
        " SELECT DISTINCT c.id, v, c.commitment, c.received"
        " FROM changerecord c, json_array_elements_text(c.verdicts) v"
    )
    op.execute(
        "CREATE FUNCTION changerecord_verdicts() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN"
        " INSERT INTO changeverdict (change_id, verdict, commitment, received)"
        " SELECT DISTINCT NEW.id, v, NEW.commitment, NEW.received"
        " FROM json_array_elements_text(NEW.verdicts) v"
        " ON CONFLICT DO NOTHING;"
        " RETURN NULL;"
        " END $$"
    )
    op.execute(
        "CREATE TRIGGER changerecord_verdicts AFTER INSERT ON changerecord"
        " FOR EACH ROW EXECUTE FUNCTION changerecord_verdicts()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER changerecord_verdicts")
    else:
        op.execute("DROP TRIGGER changerecord_verdicts ON changerecord")
        op.execute("DROP FUNCTION changerecord_verdicts()")
    op.execute("DROP TABLE changeverdict")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_timeline")
    with op.batch_alter_table("changerecord", schema=None) as batch_op:
        batch_op.drop_index("ix_changerecord_commitment")
        batch_op.create_index(
            "ix_changerecord_commitment", ["commitment", "retracted_at", "received"]
        )
