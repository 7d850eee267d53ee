"""full-text search over questions and answers (SQLite FTS5 / PostgreSQL tsvector, Dutch)

Revision ID: w0001_web_search
Revises: 0001_ingest
Create Date: 2026-12-01 15:00:00

One row per stored publication version (rowid / version_id = publicationversion.id); searches
join back to the publication's current version. Existing versions are indexed here; from then on
ingest writes the row in the same transaction as the questions and answers.
"""

from __future__ import annotations

from alembic import op

revision = "w0001_web_search"
down_revision = "0001_ingest"
branch_labels = ("web",)
depends_on = None

# The text of one version: title; questions; answers (paragraphs of one answer joined by a
# blank line, answers by a newline) -- the same shape monitor.web.search.index_versions writes.
_QUESTIONS = (
    "(SELECT COALESCE(string_agg(q.text, E'\\n' ORDER BY q.number), '') FROM question q"
    " WHERE q.version_id = v.id)"
)
_ANSWERS = (
    "(SELECT COALESCE(string_agg(a.text, E'\\n' ORDER BY a.position), '') FROM answer a"
    " WHERE a.version_id = v.id)"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title, questions, answers, tokenize = 'unicode61 remove_diacritics 2')"
        )
        op.execute(
            "INSERT INTO search_fts (rowid, title, questions, answers) "
            "SELECT v.id, COALESCE(p.title, ''), "
            "(SELECT COALESCE(group_concat(text, char(10)), '') FROM "
            " (SELECT q.text FROM question q WHERE q.version_id = v.id ORDER BY q.number)), "
            "(SELECT COALESCE(group_concat(text, char(10)), '') FROM "
            " (SELECT a.text FROM answer a WHERE a.version_id = v.id ORDER BY a.position)) "
            "FROM publicationversion v JOIN publication p ON p.id = v.publication_id "
            "WHERE v.parse_status = 'ok'"
        )
        return
    op.execute(
        "CREATE TABLE search_text ("
        " version_id INTEGER PRIMARY KEY REFERENCES publicationversion (id),"
        " title TEXT NOT NULL, questions TEXT NOT NULL, answers TEXT NOT NULL,"
        " tsv TSVECTOR NOT NULL)"
    )
    op.execute("CREATE INDEX search_text_tsv ON search_text USING GIN (tsv)")
    op.execute(
        "INSERT INTO search_text (version_id, title, questions, answers, tsv) "  # noqa: S608
        f"SELECT v.id, COALESCE(p.title, ''), {_QUESTIONS}, {_ANSWERS}, '' "
        "FROM publicationversion v JOIN publication p ON p.id = v.publication_id "
        "WHERE v.parse_status = 'ok'"
    )
    op.execute(
        "UPDATE search_text SET tsv = "
        "setweight(to_tsvector('dutch', title), 'A') || "
        "setweight(to_tsvector('dutch', questions), 'B') || "
        "setweight(to_tsvector('dutch', answers), 'C')"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    else:
        op.execute("DROP TABLE search_text")
