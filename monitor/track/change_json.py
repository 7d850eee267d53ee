"""The stable JSON of a change record: the documented external contract (docs/changes-json.md).

Webhooks, feeds, the web pages and ``monitor changes --json`` all show a change through
:func:`change_to_json`; alerts add the readings and the alert sentence (:func:`with_readings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from sqlmodel import Session

from monitor.official import official_url
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.tables import ChangeRecord, Statement


class StatementJson(TypedDict):
    """One side of a change (``previous``, ``current``): a statement where it was found."""

    statement_id: int | None
    identifier: str
    version: int | None
    questions: list[int]
    received: str  # ISO date
    text: str
    url: str
    answer_position: int
    span: list[int]  # [start, end)
    minister: str
    ministry: str


class DiffJson(TypedDict):
    kind: str  # new / diff / replaced
    text: str
    html: str


class SummaryJson(TypedDict):
    subject: str
    lines: list[str]


class ChangeJson(TypedDict):
    """The change JSON (docs/changes-json.md); keys are only ever added."""

    id: int | None
    commitment: str
    commitment_title: str
    verdicts: list[str]
    triggers: dict[str, list[Any]]
    received: str  # ISO date
    previous: StatementJson | None
    current: StatementJson | None
    diff: DiffJson
    minister: str
    ministry: str
    extractor_version: str
    created_at: str | None
    retracted_at: str | None
    corrects: list[int]
    # Only in alert payloads (:func:`with_readings`).
    readings: NotRequired[dict[str, Any]]
    summary: NotRequired[SummaryJson]


def publication_url(publication: Publication) -> str:
    return publication.preferred_url or official_url(publication.identifier)


def with_readings(change: ChangeJson) -> ChangeJson:
    """An alert's change JSON with both readings and the alert sentence (docs/changes-json.md)."""
    from monitor.track.summary import readings, summarise_change

    change["readings"] = readings(change)
    summary = summarise_change(change)
    if summary is not None:
        change["summary"] = {"subject": summary.subject, "lines": summary.lines}
    return change


def _side(session: Session, statement: Statement | None) -> StatementJson | None:
    if statement is None:
        return None
    publication = session.get(Publication, statement.publication_id)
    version = session.get(PublicationVersion, statement.version_id)
    return {
        "statement_id": statement.id,
        "identifier": statement.identifier,
        "version": version.number if version else None,
        "questions": list(statement.questions),
        "received": statement.received.isoformat(),
        "text": statement.text,
        "url": publication_url(publication) if publication else official_url(statement.identifier),
        "answer_position": statement.answer_position,
        "span": [statement.start, statement.end],
        "minister": statement.minister,
        "ministry": statement.ministry,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def change_to_json(
    session: Session, change: ChangeRecord, titles: Mapping[str, str] | None = None
) -> ChangeJson:
    """The stable JSON of a change record (documented in docs/changes-json.md)."""
    current = session.get(Statement, change.statement_id)
    previous = session.get(Statement, change.previous_id) if change.previous_id else None
    return {
        "id": change.id,
        "commitment": change.commitment,
        "commitment_title": (titles or {}).get(change.commitment, change.commitment),
        "verdicts": list(change.verdicts),
        "triggers": {k: list(v) for k, v in change.triggers.items()},
        "received": change.received.isoformat(),
        "previous": _side(session, previous),
        "current": _side(session, current),
        "diff": {"kind": change.diff_kind, "text": change.diff_text, "html": change.diff_html},
        "minister": current.minister if current else "",
        "ministry": current.ministry if current else "",
        "extractor_version": change.extractor_version,
        "created_at": _iso(change.created_at),
        "retracted_at": _iso(change.retracted_at),
        "corrects": list(change.corrects),
    }
