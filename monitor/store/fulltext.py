"""The full-text search index: one row per publication version, written with the version.

SQLite keeps it in the FTS5 table ``search_fts``, PostgreSQL in ``search_text`` with a Dutch
``tsvector``; ``monitor.web.search`` reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection

from monitor.model import Document


def _version_text(doc: Document) -> tuple[str, str, str]:
    title = doc.title or doc.subject
    questions = "\n".join(q.text for q in doc.questions)
    answers = "\n".join(a.text for a in doc.answers)
    return title, questions, answers


def index_versions(conn: Connection, items: Sequence[tuple[int, Document]]) -> None:
    """Put (or replace) the search rows of stored versions; runs in the caller's transaction."""
    if not items:
        return
    rows = []
    for version_id, doc in items:
        title, questions, answers = _version_text(doc)
        rows.append({"v": version_id, "t": title, "q": questions, "a": answers})
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM search_fts WHERE rowid = :v"), [{"v": r["v"]} for r in rows])
        conn.execute(
            text(
                "INSERT INTO search_fts (rowid, title, questions, answers) VALUES (:v, :t, :q, :a)"
            ),
            rows,
        )
        return
    conn.execute(
        text(
            "INSERT INTO search_text (version_id, title, questions, answers, tsv) "
            "VALUES (:v, :t, :q, :a, setweight(to_tsvector('dutch', :t), 'A') || "
            "setweight(to_tsvector('dutch', :q), 'B') || setweight(to_tsvector('dutch', :a), 'C')) "
            "ON CONFLICT (version_id) DO UPDATE SET title = excluded.title, "
            "questions = excluded.questions, answers = excluded.answers, tsv = excluded.tsv"
        ),
        rows,
    )
