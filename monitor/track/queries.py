"""Typed queries over the change log, for the CLI, the web pages and API, and the alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import column, func, table, tuple_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from monitor.config import Settings
from monitor.errors import BadQuery, UnknownCommitment
from monitor.store.tables import Publication, PublicationVersion, QuestionRow
from monitor.track.change_json import ChangeJson, change_to_json
from monitor.track.tables import ChangeRecord, Statement
from monitor.verdicts import VERDICTS


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


def filter_changes(
    session: Session,
    settings: Settings,
    query: SelectOfScalar[ChangeRecord],
    *,
    commitment: str | None,
    since: date | None,
    until: date | None,
    verdicts: Sequence[str],
    option: str,
) -> SelectOfScalar[ChangeRecord]:
    """``query`` narrowed to a commitment and a received-date range, after checking the
    filters (the verdicts too, which each caller applies its own way); ``option`` prefixes the
    names in the error ("--" on the command line, nothing on the web)."""
    check_verdicts(verdicts)
    if since and until and since > until:
        raise BadQuery(f"{option}since {since.isoformat()} is after "
                       f"{option}until {until.isoformat()}")
    if commitment:
        check_commitment(session, settings, commitment)
        query = query.where(ChangeRecord.commitment == commitment)
    if since:
        query = query.where(col(ChangeRecord.received) >= since)
    if until:
        query = query.where(col(ChangeRecord.received) <= until)
    return query


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
    query = select(ChangeRecord)
    if not retracted:
        query = query.where(col(ChangeRecord.retracted_at).is_(None))
    query = filter_changes(session, settings, query, commitment=commitment, since=since,
                           until=until, verdicts=verdicts, option="--")
    if verdicts:
        ids = _ids_with_verdicts(
            session, verdicts, commitment=commitment, since=since, until=until, limit=limit,
            retracted=retracted,
        )  # fmt: skip
        # The ids already meet every filter, newest first: fetch them by primary key (adding
        # the filters again would steer the planner to a range scan of the commitment index).
        by_id = {
            r.id: r
            for r in session.exec(select(ChangeRecord).where(col(ChangeRecord.id).in_(ids)))
        }
        return [by_id[i] for i in ids if i in by_id]
    query = query.order_by(col(ChangeRecord.received).desc(), col(ChangeRecord.id).desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query).all())


_VERDICTS = table(
    "changeverdict", column("change_id"), column("verdict"), column("commitment"),
    column("received"),
)  # fmt: skip


def _ids_with_verdicts(
    session: Session,
    verdicts: Sequence[str],
    *,
    commitment: str | None,
    since: date | None,
    until: date | None,
    limit: int | None,
    retracted: bool = False,
) -> list[int]:
    """The newest records (live ones, or with ``retracted`` all) with any of ``verdicts``,
    from the ``changeverdict`` index.

    One index range scan per verdict, each stopping after ``limit`` rows, merged here: a sort
    of all matches across several verdicts would grow with the history.
    """
    v = _VERDICTS.c
    found: dict[int, date] = {}
    for verdict in dict.fromkeys(verdicts):
        query = (
            select(v.change_id, v.received)
            .select_from(_VERDICTS)
            .join(ChangeRecord, col(ChangeRecord.id) == v.change_id)
            .where(v.verdict == verdict)
        )
        if not retracted:
            query = query.where(col(ChangeRecord.retracted_at).is_(None))
        if commitment:
            query = query.where(v.commitment == commitment)
        if since:
            query = query.where(v.received >= since)
        if until:
            query = query.where(v.received <= until)
        query = query.order_by(v.received.desc(), v.change_id.desc())
        if limit:
            query = query.limit(limit)
        for change_id, received in session.exec(query).all():
            found[int(change_id)] = received
    newest = sorted(found, key=lambda i: (found[i], i), reverse=True)
    return newest[:limit] if limit else newest


def changes_json(
    session: Session, settings: Settings, records: Sequence[ChangeRecord]
) -> list[ChangeJson]:
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
    entries: list[TimelineEntry] = field(default_factory=list)  # newest first
    next_before: str | None = None  # the cursor of the next (older) page; None on the last


def parse_before(value: str, option: str = "--before") -> tuple[date, int | None]:
    """A page cursor: ``YYYY-MM-DD`` (statements received before that day) or
    ``YYYY-MM-DD/ID`` (before statement ID of that day, as printed under a page)."""
    day, _, ident = value.strip().partition("/")
    received = parse_day(day, option)
    if not ident:
        return received, None
    try:
        number = int(ident)
    except ValueError:
        number = -1
    if number < 0:
        raise BadQuery(
            f"{option} {value!r}: {ident!r} is not a statement id (use YYYY-MM-DD or "
            "YYYY-MM-DD/ID as printed under a page)"
        )
    return received, number


def commitment_timeline(
    session: Session,
    settings: Settings,
    commitment: str,
    *,
    limit: int | None = 50,
    before: tuple[date, int | None] | None = None,
) -> Timeline:
    """A page of a commitment's active statements, newest first, each with its live record.

    ``before`` is a cursor from :func:`parse_before`; ``limit`` None gives every statement.
    A page is an index range scan (``ix_statement_timeline``): its cost does not grow with
    the history.
    """
    check_commitment(session, settings, commitment)
    titles = {c.id: c.title for c in settings.commitments}
    query = select(Statement).where(
        Statement.commitment == commitment, col(Statement.active).is_(True)
    )
    if before is not None:
        day, ident = before
        if ident is None:
            query = query.where(col(Statement.received) < day)
        else:
            query = query.where(
                tuple_(col(Statement.received), col(Statement.id)) < tuple_(day, ident)
            )
    query = query.order_by(col(Statement.received).desc(), col(Statement.id).desc())
    if limit:
        query = query.limit(limit + 1)  # one more tells whether an older page exists
    statements = list(session.exec(query).all())
    next_before = None
    if limit and len(statements) > limit:
        statements = statements[:limit]
        last = statements[-1]
        next_before = f"{last.received.isoformat()}/{last.id}"
    ids = [s.id for s in statements if s.id is not None]
    # Retracted records are dropped here, not in SQL: "retracted_at IS NULL" would lead the
    # planner to the log index and a scan of every live record instead of the page's few.
    records = (
        session.exec(select(ChangeRecord).where(col(ChangeRecord.statement_id).in_(ids))).all()
        if ids
        else []
    )
    by_statement = {r.statement_id: r for r in records if r.retracted_at is None}
    return Timeline(
        commitment,
        titles.get(commitment, commitment),
        [TimelineEntry(s, by_statement.get(s.id or -1)) for s in statements],
        next_before,
    )


@dataclass
class CommitmentSummary:
    id: str
    title: str
    configured: bool
    statements: int
    latest: Statement | None
    last_change: ChangeRecord | None  # the newest record that is more than a restatement


def latest_change(session: Session, commitment: str) -> ChangeRecord | None:
    """The newest live change of ``commitment`` that is more than a rewording."""
    return session.exec(
        select(ChangeRecord)
        .where(
            ChangeRecord.commitment == commitment,
            col(ChangeRecord.retracted_at).is_(None),
            ~col(ChangeRecord.verdict_tags).in_(["|restated|", "|reworded|"]),
        )
        .order_by(col(ChangeRecord.received).desc(), col(ChangeRecord.id).desc())
        .limit(1)
    ).first()


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
        change = latest_change(session, commitment)
        out.append(
            CommitmentSummary(
                commitment, configured.get(commitment, commitment), commitment in configured,
                int(count), latest, change,
            )
        )
    return out


def asked_questions(
    session: Session, changes: Sequence[ChangeJson]
) -> dict[Any, list[tuple[int, str]]]:
    """The questions (number, text) each change's current statement answers, by change id."""
    # .get: stored alert payloads of older versions may lack keys
    wanted = {
        c["id"]: current.get("statement_id") if (current := c.get("current")) else None
        for c in changes if c.get("id")
    }
    ids = {sid for sid in wanted.values() if isinstance(sid, int)}
    if not ids:
        return {}
    statements = session.exec(
        select(Statement.id, Statement.version_id, Statement.questions)
        .where(col(Statement.id).in_(ids))
    ).all()
    versions = {v for _, v, _ in statements}
    texts = {
        (version_id, number): text
        for version_id, number, text in session.exec(
            select(QuestionRow.version_id, QuestionRow.number, QuestionRow.text)
            .where(col(QuestionRow.version_id).in_(versions))
        ).all()
    }
    by_statement = {
        sid: [(n, texts[(vid, n)]) for n in numbers if (vid, n) in texts]
        for sid, vid, numbers in statements
    }
    return {cid: by_statement.get(sid, []) for cid, sid in wanted.items() if sid in by_statement}
