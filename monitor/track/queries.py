"""Typed queries over the change log (the CLI, the web front and tests all use these)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.errors import MonitorError, NotFound
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.classify import VERDICTS
from monitor.track.pipeline import change_to_json
from monitor.track.tables import ChangeRecord, Statement


class BadQuery(MonitorError):
    """A query option has a value the change log cannot answer (date, verdict...)."""


class UnknownCommitment(NotFound):
    """A commitment id that is neither configured nor found in the stored history."""


def parse_day(value: str, option: str) -> date:
    """``YYYY-MM-DD`` to a date, or a one-line :class:`BadQuery` naming the option."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadQuery(
            f"{option} {value!r} is not a date (use YYYY-MM-DD, e.g. 2026-05-19)"
        ) from None


def check_verdicts(verdicts: Sequence[str]) -> list[str]:
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise BadQuery(
            f"unknown verdict {unknown[0]!r}; known verdicts: {', '.join(VERDICTS)}"
        )
    return list(verdicts)


def known_commitments(session: Session, settings: Settings) -> list[str]:
    stored = session.exec(select(Statement.commitment).distinct()).all()
    return sorted({c.id for c in settings.commitments} | set(stored))


def check_commitment(session: Session, settings: Settings, commitment: str) -> str:
    if any(c.id == commitment for c in settings.commitments):
        return commitment
    stored = session.exec(
        select(Statement.id).where(Statement.commitment == commitment).limit(1)
    ).first()
    if stored is None:
        known = known_commitments(session, settings)
        listed = ", ".join(known) or "none configured"
        raise UnknownCommitment(f"unknown commitment {commitment!r}; known: {listed}")
    return commitment


def _preload(session: Session, records: Sequence[ChangeRecord]) -> list[Any]:
    """Load every statement, version and publication the records refer to in three queries,
    so that rendering them to JSON hits the session's identity map, not the database.

    The identity map holds objects weakly: keep the returned list alive while rendering.
    """
    ids = {r.statement_id for r in records} | {r.previous_id for r in records if r.previous_id}
    if not ids:
        return []
    statements = session.exec(select(Statement).where(col(Statement.id).in_(ids))).all()
    versions = {s.version_id for s in statements}
    publications = {s.publication_id for s in statements}
    return [
        *statements,
        *session.exec(
            select(PublicationVersion).where(col(PublicationVersion.id).in_(versions))
        ).all(),
        *session.exec(select(Publication).where(col(Publication.id).in_(publications))).all(),
    ]


def list_changes(
    session: Session,
    settings: Settings,
    *,
    commitment: str | None = None,
    since: date | None = None,
    until: date | None = None,
    verdicts: Sequence[str] = (),
    limit: int | None = 100,
    retracted: bool = False,
) -> list[ChangeRecord]:
    """The change log, newest first (by date received, then record id).

    ``retracted``: also the records kept for audit that a reprocess or a corrected
    publication replaced (hidden by default)."""
    check_verdicts(verdicts)
    if since and until and since > until:
        raise BadQuery(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    query = select(ChangeRecord)
    if not retracted:
        query = query.where(col(ChangeRecord.retracted_at).is_(None))
    if commitment:
        check_commitment(session, settings, commitment)
        query = query.where(ChangeRecord.commitment == commitment)
    if since:
        query = query.where(col(ChangeRecord.received) >= since)
    if until:
        query = query.where(col(ChangeRecord.received) <= until)
    if verdicts:
        query = query.where(
            or_(*[col(ChangeRecord.verdict_tags).contains(f"|{v}|") for v in verdicts])
        )
    query = query.order_by(col(ChangeRecord.received).desc(), col(ChangeRecord.id).desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query).all())


def changes_json(
    session: Session, settings: Settings, records: Sequence[ChangeRecord]
) -> list[dict[str, Any]]:
    titles = {c.id: c.title for c in settings.commitments}
    loaded = _preload(session, records)
    out = [change_to_json(session, r, titles) for r in records]
    del loaded
    return out


@dataclass
class TimelineEntry:
    statement: Statement
    record: ChangeRecord | None  # the live record comparing it with its predecessor


@dataclass
class Timeline:
    commitment: str
    title: str
    entries: list[TimelineEntry] = field(default_factory=list)


def commitment_timeline(session: Session, settings: Settings, commitment: str) -> Timeline:
    """Every active statement of a commitment in lineage order, with its verdict and diff."""
    check_commitment(session, settings, commitment)
    titles = {c.id: c.title for c in settings.commitments}
    statements = session.exec(
        select(Statement)
        .where(Statement.commitment == commitment, col(Statement.active).is_(True))
        .order_by(
            col(Statement.received), col(Statement.identifier), col(Statement.answer_position),
            col(Statement.start),
        )
    ).all()
    records = session.exec(
        select(ChangeRecord).where(
            ChangeRecord.commitment == commitment, col(ChangeRecord.retracted_at).is_(None)
        )
    ).all()
    by_statement = {r.statement_id: r for r in records}
    return Timeline(
        commitment,
        titles.get(commitment, commitment),
        [TimelineEntry(s, by_statement.get(s.id or -1)) for s in statements],
    )


@dataclass
class CommitmentSummary:
    id: str
    title: str
    configured: bool
    statements: int
    latest: Statement | None
    last_change: ChangeRecord | None  # the newest record that is more than a restatement


def commitments_overview(session: Session, settings: Settings) -> list[CommitmentSummary]:
    """Each followed (or formerly followed) commitment with its latest statement and change."""
    configured = {c.id: c.title for c in settings.commitments}
    out: list[CommitmentSummary] = []
    for commitment in known_commitments(session, settings):
        count = session.exec(
            select(func.count()).select_from(Statement).where(
                Statement.commitment == commitment, col(Statement.active).is_(True)
            )
        ).one()
        latest = session.exec(
            select(Statement)
            .where(Statement.commitment == commitment, col(Statement.active).is_(True))
            .order_by(col(Statement.received).desc(), col(Statement.identifier).desc())
            .limit(1)
        ).first()
        change = session.exec(
            select(ChangeRecord)
            .where(
                ChangeRecord.commitment == commitment,
                col(ChangeRecord.retracted_at).is_(None),
                ~col(ChangeRecord.verdict_tags).in_(["|restated|", "|reworded|"]),
            )
            .order_by(col(ChangeRecord.received).desc(), col(ChangeRecord.id).desc())
            .limit(1)
        ).first()
        out.append(
            CommitmentSummary(
                commitment, configured.get(commitment, commitment), commitment in configured,
                int(count), latest, change,
            )
        )
    return out
