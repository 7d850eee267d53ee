"""A partial parse is stored and tracked like any other, and `monitor answers`/`status` show it."""

from __future__ import annotations

from datetime import date

from monitor.config import Settings
from monitor.daemon.health import health, render_text
from monitor.fetch.records import SruRecord
from monitor.ingest.queries import list_answers
from monitor.ingest.store import store_version
from monitor.model import Format
from monitor.parse import parse_document
from monitor.store.db import Database

PARTIAL = b"Vraag 1\nKent u het bericht?\nVraag 2\nWat vindt u ervan?\nAntwoord 1\nJa.\n"
COMPLETE = b"Vraag 1\nKent u het bericht?\nAntwoord 1\nJa.\n"


def _store(db: Database, identifier: str, data: bytes) -> None:
    record = SruRecord(
        identifier=identifier, modified=date(2024, 5, 1), stamp="s1", subrubriek="Antwoord",
        date_received=date(2024, 5, 1),
    )  # fmt: skip
    doc = parse_document(data, Format.TEXT, identifier=identifier, record=record)
    with db.writer() as session:
        store_version(session, record, manifestation="txt", url="", content=data, document=doc)


def test_partial_parses_are_listed_and_counted(database_url: str) -> None:
    db = Database(database_url)
    _store(db, "ah-tk-20232024-1", PARTIAL)
    _store(db, "ah-tk-20232024-2", COMPLETE)
    rows = {r.identifier: r for r in list_answers(db)}
    assert rows["ah-tk-20232024-1"].status == "partial"
    assert rows["ah-tk-20232024-1"].answers == 1  # the certain answer is stored
    assert rows["ah-tk-20232024-2"].status == "ok"
    settings = Settings.model_validate({"database": {"url": database_url}})
    h = health(db, settings)
    assert h.partial_parses == 1
    assert "1 publications were parsed partially" in render_text(h)
