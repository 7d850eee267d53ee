"""The migrations create exactly the schema the tables declare, and upgrade tables with rows."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from monitor.schema import metadata
from monitor.store.db import Database, alembic_config, make_engine


def _declared(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    # The full-text index (migration w0001) is dialect-specific SQL, not a declared table; so
    # is the verdict side table filled by a trigger (migration speed0001).
    return not (
        type_ == "table" and ((name or "").startswith("search_") or name == "changeverdict")
    )


def test_migrated_schema_matches_the_tables(database_url: str) -> None:
    db = Database(database_url)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _declared}
        )
        diff = compare_metadata(context, metadata)
    db.dispose()
    assert diff == []


def test_upgrade_keeps_rows_of_an_older_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "0001_ingest")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO pollrun (kind, started_at, status, requests, fetched, added, changed,"
            " unchanged, failed, error) VALUES ('poll', CURRENT_TIMESTAMP, 'ok', 1, 0, 0, 0,"
            " 0, 0, '')"
        ))
    engine.dispose()
    db = Database(database_url)  # applies every newer revision on every branch
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT status, host, pid FROM pollrun")).one()
    db.dispose()
    assert tuple(row) == ("ok", "", 0)


def test_the_promise_word_index_is_filled_from_stored_promises(database_url: str) -> None:
    """p0005 writes the lineage index of the promises stored before it: each promise's lemmas
    less its own act, beside its ministry and act (what the writer stores for a new promise)."""
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "p0004_promises_followed")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO publication (id, identifier, kind, chamber, vergaderjaar,"
            " aanhangsel_number, zaak, title, ministry, answer_identifier, postpones_identifier,"
            " preferred_url, parse_status, first_seen, updated_at) VALUES (1, 'ah-1', 'answer',"
            " '', '', '', '', '', 'Financiën', '', '', '', 'ok', CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO publicationversion (id, publication_id, number, modified, stamp,"
            " fetched_at, manifestation, source_url, item_urls, record, parse_status,"
            " parse_error, parser_version) VALUES (1, 1, 1, '2025-01-01', 's',"
            " CURRENT_TIMESTAMP, 'xml', '', '{}', '{}', 'ok', '', '1')"))
        conn.execute(text(
            "INSERT INTO promise (id, publication_id, version_id, identifier, answer_position,"
            " questions, sentence, actor, act, object, modality, lemmas, deadline_kind,"
            " deadline_text, deadline_document, received, ministry, minister, status,"
            " linked_id, status_identifier, alerted, active, discovered_at) VALUES"
            " ('p1', 1, 1, 'ah-1', 0, '[]', 'Ik stuur de evaluatie.', 'ik', 'sturen', '', '',"
            " 'evaluatie regeling sturen', 'none', '', '', '2025-01-01', 'Financiën', '',"
            " 'open', '', '', '', TRUE, CURRENT_TIMESTAMP)"))
    engine.dispose()
    db = Database(database_url)
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT promise_id, word, ministry, act FROM promise_word ORDER BY word")).all()
    db.dispose()
    assert [tuple(r) for r in rows] == [("p1", "evaluatie", "Financiën", "sturen"),
                                        ("p1", "regeling", "Financiën", "sturen")]
