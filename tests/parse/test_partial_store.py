"""A partial parse is stored and tracked like any other, and `monitor answers`/`status` show it."""

from __future__ import annotations

from datetime import date

from monitor.config import Settings
from monitor.daemon.health import health, render_text
from monitor.fetch.records import SruRecord
from monitor.ingest.queries import list_answers
from monitor.ingest.versions import store_version
from monitor.model import Format
from monitor.parse import parse_document
from monitor.store.db import Database

PARTIAL = b"Vraag 1\nKent u het bericht?\nVraag 2\nWat vindt u ervan?\nAntwoord 1\nJa.\n"
COMPLETE = b"Vraag 1\nKent u het bericht?\nAntwoord 1\nJa.\n"
TWICE = b"Vraag 1\nKent u het bericht?\nVraag 1\nEn dat?\nAntwoord 1\nJa.\nAntwoord 1\nNee.\n"


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
    _store(db, "ah-tk-20232024-3", TWICE)  # a number twice must not break the store
    rows = {r.identifier: r for r in list_answers(db)}
    assert (rows["ah-tk-20232024-3"].status, rows["ah-tk-20232024-3"].questions) == ("partial", 1)
    assert rows["ah-tk-20232024-1"].status == "partial"
    assert rows["ah-tk-20232024-1"].answers == 1  # the certain answer is stored
    assert rows["ah-tk-20232024-2"].status == "ok"
    settings = Settings.model_validate({"database": {"url": database_url}})
    h = health(db, settings)
    assert h.partial_parses == 2
    assert "2 publications were parsed partially" in render_text(h)


def test_answered_elsewhere_links_to_its_questions_like_a_postponement(sqlite_url: str) -> None:
    from sqlmodel import select

    from monitor.model import Document, Kind, Question
    from monitor.store.tables import Publication

    db = Database(sqlite_url)
    kv = SruRecord(
        identifier="kv-tk-2024Z00001", modified=date(2024, 5, 1), stamp="s1",
        vraagnummer="2024Z00001", subrubriek="Schriftelijke vragen",
        publicatienaam="Kamervragen zonder antwoord",
    )  # fmt: skip
    questions = Document(
        "kv-tk-2024Z00001", kind=Kind.QUESTIONS, questions=[Question(1, "Kent u dit?")]
    )
    text = (
        b"Mededeling van Minister De Boer (Financi\xc3\xabn) (ontvangen 3 juni 2024).\n"
        b"De vragen van het lid Jansen (GL) zijn beantwoord bij brief van 1 juni 2024.\n"
    )
    med = SruRecord(
        identifier="ah-tk-20232024-5", modified=date(2024, 6, 3), stamp="s1",
        vraagnummer="2024Z00001", subrubriek="Mededeling",
    )  # fmt: skip
    notice = parse_document(text, Format.TEXT, record=med)
    assert notice.kind is Kind.ANSWERED_ELSEWHERE  # SRU says Mededeling; the text says how
    with db.writer() as session:
        store_version(
            session, kv, manifestation="xml", url="", content=b"<kv/>", document=questions
        )
        store_version(session, med, manifestation="txt", url="", content=text, document=notice)
    with db.reader() as session:
        by_id = {p.identifier: p for p in session.exec(select(Publication)).all()}
    assert by_id["ah-tk-20232024-5"].kind == "answered_elsewhere"
    assert by_id["ah-tk-20232024-5"].postpones_identifier == "kv-tk-2024Z00001"
