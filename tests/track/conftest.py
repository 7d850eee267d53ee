"""Fixtures for the track tests: a migrated SQLite database and an ingest look-alike."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from monitor.config import (
    CommitmentSettings,
    DatabaseSettings,
    NotifySettings,
    Settings,
    load_settings,
)
from monitor.model import Answer, Document, Format, Kind, Person, Question
from monitor.parse import parse_file
from monitor.store.db import Database
from monitor.store.tables import (
    AnswerQuestion,
    AnswerRow,
    Publication,
    PublicationVersion,
    QuestionRow,
)
from monitor.track.pipeline import track_version
from tests.samples import ANSWER_2026

ROOT = Path(__file__).resolve().parents[2]
MARK_COMMITMENTS = "# --- followed commitments ---"
MARK_SUBSCRIPTIONS = "# --- subscriptions ---"


def shipped_commitments() -> list[CommitmentSettings]:
    """The commitments as shipped in config.toml (the track section only)."""
    return list(load_settings(ROOT / "config.toml", environ={}).commitments)


def commitments_toml() -> str:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    start = text.index(MARK_COMMITMENTS)
    end = text.index(MARK_SUBSCRIPTIONS)
    return text[start:end]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database=DatabaseSettings(url=f"sqlite:///{tmp_path / 'monitor.db'}"),
        commitments=shipped_commitments(),
        # The answers here have fixed 2026 dates: none of it is history left unalerted.
        notify=NotifySettings(alert_max_age_days=0),
    )


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database.url)
    yield database
    database.dispose()


def answer_2026(identifier: str = "ah-1250001") -> Document:
    """The real 2026 answer as a Document, as monitor.parse reads it."""
    doc = parse_file(ANSWER_2026)
    return replace(doc, identifier=identifier, kind=Kind.ANSWER)


def make_answer(
    identifier: str, received: date, answers: list[tuple[list[int], str]],
    *, refers: dict[int, list[int]] | None = None,
) -> Document:
    """A hand-built answer document: ``answers`` is (question numbers, text) per answer."""
    refers = refers or {}
    numbers = sorted({n for ns, _ in answers for n in ns})
    return Document(
        identifier=identifier, kind=Kind.ANSWER, source_format=Format.PDF, chamber="tk",
        ministers=[Person("Boswijk", role="Staatssecretaris")], ministry="Defensie",
        date_received=received,
        questions=[Question(n, f"Vraag {n}?") for n in numbers],
        answers=[
            Answer(list(ns), text.split("\n\n"), refers.get(i, []))
            for i, (ns, text) in enumerate(answers)
        ],
    )


def store_version(session: Session, document: Document, *, stamp: str | None = None) -> tuple[
    Publication, PublicationVersion
]:
    """Write the rows ingest writes for one fetched version of a publication."""
    publication = session.exec(
        select(Publication).where(Publication.identifier == document.identifier)
    ).first()
    if publication is None:
        publication = Publication(
            identifier=document.identifier, kind=str(document.kind), ministry=document.ministry,
            date_received=document.date_received, title=document.title,
        )
        session.add(publication)
        session.flush()
    assert publication.id is not None
    count = session.exec(
        select(func.count()).select_from(PublicationVersion).where(
            PublicationVersion.publication_id == publication.id
        )
    ).one()
    number = int(count) + 1
    version = PublicationVersion(
        publication_id=publication.id, number=number,
        modified=document.date_received or date(2026, 1, 1),
        stamp=stamp or f"{document.identifier}-v{number}", manifestation="pdf",
        parse_status="ok", document=document.to_json(), parser_version="test",
    )
    session.add(version)
    session.flush()
    assert version.id is not None
    for q in document.questions:
        session.add(QuestionRow(version_id=version.id, number=q.number, text=q.text))
    for position, a in enumerate(document.answers):
        row = AnswerRow(version_id=version.id, position=position, text=a.text,
                     refers_to=list(a.refers_to))
        session.add(row)
        session.flush()
        assert row.id is not None
        for n in a.numbers:
            session.add(AnswerQuestion(answer_id=row.id, question_number=n))
    publication.current_version_id = version.id
    publication.parse_status = "ok"
    publication.date_received = document.date_received
    session.add(publication)
    session.flush()
    return publication, version


def ingest(db: Database, settings: Settings, document: Document) -> list[dict[str, Any]]:
    """Store a version and track it in one transaction, as ingest does."""
    with db.writer() as session:
        publication, version = store_version(session, document)
        return track_version(session, settings, publication, version, document)
