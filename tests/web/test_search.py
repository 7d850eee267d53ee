"""Full-text search on SQLite (FTS5) and PostgreSQL (Dutch tsvector), kept up to date by ingest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from monitor.errors import BadSearch
from monitor.fetch.records import record_from_json
from monitor.ingest.versions import store_version
from monitor.model import Answer
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion
from monitor.web.search import fts5_query, search

from .conftest import HOSTILE, SCRIPT, fill, hostile_document


def _ids(db: Database, query: str, **filters: object) -> list[str]:
    with db.reader() as session:
        return [h.identifier for h in search(session, query, **filters).hits]  # type: ignore[arg-type]


@pytest.mark.slow
def test_search_on_both_databases_follows_ingest(database_url: str) -> None:
    fill(database_url)
    db = Database(database_url)
    try:
        assert "ah-1251487" in _ids(db, "EDIP")
        assert "ah-1251487" in _ids(db, "afhankelijkheid")  # Dutch stem of "afhankelijkheden"
        assert "ah-1251487" not in _ids(db, "EDIP", ministry="Sociale Zaken en Werkgelegenheid")
        assert "ah-1251487" in _ids(db, "EDIP", since=date(2026, 5, 1), until=date(2026, 5, 31))
        assert "ah-1251487" not in _ids(db, "EDIP", until=date(2026, 5, 18))
        assert "ah-tk-20202021-3235" in _ids(db, "Tozo")
        with db.reader() as session:
            page = search(session, "betekent deelname")
        hit = next(h for h in page.hits if h.identifier == HOSTILE)
        assert "<mark>" in hit.snippet and "<script" not in hit.snippet
        assert "&lt;script&gt;" in hit.snippet or SCRIPT not in hit.snippet.striptags()

        # A re-published version replaces what is found; the old text is no longer a hit.
        new = hostile_document()
        new.answers = [Answer([1], ["Het kabinet ziet af van het zeldzaamwoordprogramma."]),
                       Answer([2], ["Zie antwoord op vraag 1."], refers_to=[1])]
        with db.writer() as session:
            pub = session.exec(select(Publication).where(Publication.identifier == HOSTILE)).one()
            current = session.get(PublicationVersion, pub.current_version_id)
            assert current is not None
            record = replace(record_from_json(current.record), modified=date(2026, 6, 20),
                             stamp="2026-06-20T09:00:00.0000000+02:00")
            store_version(session, record, manifestation="xml", url=current.source_url,
                          content=b"<republished/>", document=new)
        assert HOSTILE in _ids(db, "zeldzaamwoordprogramma")
        assert HOSTILE not in _ids(db, "inmiddels")

        # A transaction that fails leaves no search row behind.
        newer = hostile_document()
        newer.answers = [Answer([1, 2], ["Een onvindbaarwoord dat nooit werd opgeslagen."])]
        with pytest.raises(RuntimeError), db.writer() as session:
            record = replace(record, modified=date(2026, 6, 21),
                             stamp="2026-06-21T09:00:00.0000000+02:00")
            store_version(session, record, manifestation="xml", url="", content=b"<x/>",
                          document=newer)
            raise RuntimeError("crash after the store, before the commit")
        assert _ids(db, "onvindbaarwoord") == []
    finally:
        db.dispose()


def test_bad_searches_are_refused_with_a_reason(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.reader() as session:
        for query, words in (("", "give one or more words"), ("  ", "give one or more words"),
                             ("!!!", "give one or more words"), ("a" * 201, "at most 200")):
            with pytest.raises(BadSearch, match=words):
                search(session, query)
        assert search(session, "EDIP").hits == []  # an empty index answers, it does not fail
    db.dispose()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_becomes_a_valid_fts5_query(text: str) -> None:
    """User text never reaches FTS5 as syntax: every term is a quoted stem."""
    import sqlite3

    query = fts5_query(text)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('deelname aan EDIP')")
    if query:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()
    conn.close()


@pytest.mark.slow
def test_every_page_and_endpoint_on_postgresql(postgres_url: str) -> None:
    import httpx

    from monitor.web.server import WebThread

    settings = fill(postgres_url)
    db = Database(postgres_url)
    server = WebThread(settings, db, host="127.0.0.1", port=0)
    server.start()
    try:
        paths = ["/", "/commitments/edip-participation", "/changes?verdict=position_changed",
                 "/changes/1", "/answers", "/answers/ah-1251487", "/search?q=EDIP", "/status",
                 "/api/v1/changes?limit=2", "/api/v1/commitments/edip-participation?limit=1",
                 "/api/v1/answers?limit=3", "/api/v1/search?q=afhankelijkheid",
                 "/feeds/changes.atom", "/feeds/commitments/edip-participation.atom"]
        for path in paths:
            r = httpx.get(server.url + path, timeout=30)
            assert r.status_code == 200, (path, r.text[:300])
        pages = httpx.get(server.url + "/api/v1/answers?limit=3", timeout=30).json()
        second = httpx.get(pages["next"], timeout=30).json()
        assert {a["identifier"] for a in pages["items"]}.isdisjoint(
            a["identifier"] for a in second["items"])
        etag = httpx.get(server.url + "/api/v1/changes", timeout=30).headers["etag"]
        again = httpx.get(server.url + "/api/v1/changes", headers={"If-None-Match": etag},
                          timeout=30)
        assert again.status_code == 304
    finally:
        server.stop()
        db.dispose()
