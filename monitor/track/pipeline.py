"""Statements in, change records out: the track stage as ingest calls it (the replay of the
stored history, built on the same steps, is in ``track.reprocess``).

Lineage rule: within one commitment, active statements are ordered by (date received,
publication identifier); the statements of one publication form a group, and each statement
is compared with the most similar statement of the group before it (none: ``first_seen``).
Because that rule depends only on what is stored, never on arrival order, a late arrival is
handled by recomputing the lineage around it: records that no longer hold are retracted and
the new ones are written and returned.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from monitor.config import CommitmentSettings, Settings
from monitor.logs import event
from monitor.model import Document, Kind
from monitor.store.tables import Publication, PublicationVersion, utcnow
from monitor.track import extract as extract_module
from monitor.track.change_json import ChangeJson, change_to_json, with_readings
from monitor.track.classify import classify
from monitor.track.diff import word_diff
from monitor.track.extract import Extracted, Matcher
from monitor.track.tables import ChangeRecord, Statement
from monitor.track.text import similarity

log = logging.getLogger("monitor.track")

_Key = tuple[date, str]  # (received, identifier): the position of a publication in a lineage


def extractor_version() -> str:
    return extract_module.EXTRACTOR_VERSION


@lru_cache(maxsize=8)
def _matchers_for(config: tuple[str, ...]) -> tuple[Matcher, ...]:
    return tuple(Matcher(CommitmentSettings.model_validate_json(c)) for c in config)


def matchers(settings: Settings) -> tuple[Matcher, ...]:
    """Compiled matchers for the configured commitments (cached per configuration)."""
    return _matchers_for(tuple(c.model_dump_json() for c in settings.commitments))


def extract_statements(settings: Settings, document: Document) -> list[Extracted]:
    """The statements about followed commitments in an answer (pure: no database)."""
    return extract_module.extract(document, matchers(settings))


def _received(publication: Publication, version: PublicationVersion, document: Document) -> date:
    return document.date_received or publication.date_received or version.modified


def _minister(document: Document) -> str:
    return "; ".join(" ".join(p for p in (m.role, m.name) if p) for m in document.ministers)


# --- storing statements ----------------------------------------------------------------------


@dataclass
class StoreResult:
    added: list[Statement] = field(default_factory=list)
    removed: list[Statement] = field(default_factory=list)
    keys: dict[str, set[_Key]] = field(default_factory=lambda: defaultdict(set))


def store_statements(
    session: Session,
    publication: Publication,
    version: PublicationVersion,
    document: Document,
    found: Sequence[Extracted],
    existing: Sequence[Statement],
    result: StoreResult,
) -> None:
    """Make the active statements of ``publication`` equal ``found``, reusing identical rows."""
    assert publication.id is not None and version.id is not None
    received = _received(publication, version, document)
    minister = _minister(document)
    ministry = document.ministry or publication.ministry
    pool: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for row in existing:
        pool[(row.commitment, row.text)].append(row)
    for item in found:
        same = pool.get((item.commitment, item.text))
        key = (received, publication.identifier)
        if same:
            # Re-published unchanged: the statement stays the same row, pointed at the new place.
            row = same.pop(0)
            if row.received != received:
                result.keys[row.commitment].update({(row.received, row.identifier), key})
            row.version_id = version.id
            row.answer_position = item.answer_position
            row.questions = list(item.questions)
            row.start, row.end = item.start, item.end
            row.received, row.minister, row.ministry = received, minister, ministry
            session.add(row)
            continue
        row = Statement(
            commitment=item.commitment,
            publication_id=publication.id,
            version_id=version.id,
            identifier=publication.identifier,
            answer_position=item.answer_position,
            questions=list(item.questions),
            start=item.start,
            end=item.end,
            text=item.text,
            received=received,
            minister=minister,
            ministry=ministry,
            active=True,
            extractor_version=extractor_version(),
        )
        session.add(row)
        result.added.append(row)
        result.keys[item.commitment].add(key)
    for rows in pool.values():
        for row in rows:
            row.active = False
            session.add(row)
            result.removed.append(row)
            result.keys[row.commitment].add((row.received, row.identifier))


# --- lineage ---------------------------------------------------------------------------------


def group_statements(rows: Iterable[Statement]) -> list[tuple[_Key, list[Statement]]]:
    groups: dict[_Key, list[Statement]] = defaultdict(list)
    for row in rows:
        groups[(row.received, row.identifier)].append(row)
    ordered = sorted(groups.items(), key=lambda kv: kv[0])
    return [
        (k, sorted(v, key=lambda s: (s.answer_position, s.start, s.id or 0))) for k, v in ordered
    ]


def pair_statements(
    groups: list[tuple[_Key, list[Statement]]], first_is_context: bool
) -> list[tuple[Statement, Statement | None]]:
    """(statement, predecessor) for every group; the first group only serves as predecessor
    when ``first_is_context``."""
    out: list[tuple[Statement, Statement | None]] = []
    for j, (_key, rows) in enumerate(groups):
        if j == 0 and first_is_context:
            continue
        before = groups[j - 1][1] if j > 0 else []
        for row in rows:
            best: Statement | None = None
            best_score = -1.0
            for candidate in before:
                score = similarity(candidate.text, row.text) if len(before) > 1 else 1.0
                if score > best_score:
                    best, best_score = candidate, score
            out.append((row, best))
    return out


def _record(statement: Statement, previous: Statement | None, corrects: list[int]) -> ChangeRecord:
    assert statement.id is not None
    verdict = classify(
        previous.text if previous else None, statement.text, date=statement.received,
        old_date=previous.received if previous else None,
    )
    diff = word_diff(previous.text if previous else None, statement.text)
    return ChangeRecord(
        commitment=statement.commitment,
        statement_id=statement.id,
        previous_id=previous.id if previous else None,
        verdicts=list(verdict.verdicts),
        verdict_tags="|" + "|".join(verdict.verdicts) + "|",
        triggers=dict(verdict.triggers),
        diff_kind=diff.kind,
        diff_text=diff.text,
        diff_html=diff.html,
        received=statement.received,
        identifier=statement.identifier,
        extractor_version=extractor_version(),
        corrects=corrects,
    )


@dataclass
class LinkResult:
    created: list[ChangeRecord] = field(default_factory=list)
    retracted: list[ChangeRecord] = field(default_factory=list)
    rejudged: list[tuple[ChangeRecord, ChangeRecord]] = field(default_factory=list)


def apply_links(
    session: Session,
    pairs: list[tuple[Statement, Statement | None]],
    live: Sequence[ChangeRecord],
    result: LinkResult,
    rejudge: bool = False,
) -> None:
    """Write the records ``pairs`` call for; retract the ``live`` ones that no longer hold."""
    existing = {(r.statement_id, r.previous_id): r for r in live}
    wanted = {(s.id, p.id if p else None) for s, p in pairs}
    stale = [r for key, r in existing.items() if key not in wanted]
    now = utcnow()
    by_statement: dict[int, list[int]] = defaultdict(list)
    for r in stale:
        assert r.id is not None
        r.retracted_at = now
        session.add(r)
        result.retracted.append(r)
        by_statement[r.statement_id].append(r.id)
    for statement, previous in pairs:
        assert statement.id is not None
        old = existing.get((statement.id, previous.id if previous else None))
        if old is not None:
            if not rejudge or old.extractor_version == extractor_version():
                continue
            fresh = _record(statement, previous, [old.id] if old.id else [])
            if fresh.verdicts == old.verdicts:
                continue  # same judgement by a newer extractor: history stands
            old.retracted_at = now
            session.add(old)
            result.retracted.append(old)
            result.rejudged.append((old, fresh))
        else:
            fresh = _record(statement, previous, by_statement.get(statement.id, []))
        session.add(fresh)
        result.created.append(fresh)


def _live_records(session: Session, commitment: str, statement_ids: set[int]) -> list[ChangeRecord]:
    if not statement_ids:
        return []
    rows: list[ChangeRecord] = []
    ids = sorted(statement_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows.extend(session.exec(
            select(ChangeRecord).where(
                ChangeRecord.commitment == commitment,
                col(ChangeRecord.retracted_at).is_(None),
                col(ChangeRecord.statement_id).in_(chunk),
            )
        ).all())
    return list({r.id: r for r in rows}.values())


def _neighbour(session: Session, commitment: str, key: _Key, before: bool) -> _Key | None:
    received, identifier = key
    query = select(col(Statement.received), col(Statement.identifier)).where(
        Statement.commitment == commitment, col(Statement.active).is_(True)
    )
    if before:
        query = query.where(
            or_(
                col(Statement.received) < received,
                and_(col(Statement.received) == received, col(Statement.identifier) < identifier),
            )
        ).order_by(col(Statement.received).desc(), col(Statement.identifier).desc())
    else:
        query = query.where(
            or_(
                col(Statement.received) > received,
                and_(col(Statement.received) == received, col(Statement.identifier) > identifier),
            )
        ).order_by(col(Statement.received), col(Statement.identifier))
    row = session.exec(query.limit(1)).first()
    return (row[0], row[1]) if row else None


def _active_at(session: Session, commitment: str, keys: set[_Key]) -> list[Statement]:
    if not keys:
        return []
    lo = min(k[0] for k in keys)
    hi = max(k[0] for k in keys)
    rows = session.exec(
        select(Statement).where(
            Statement.commitment == commitment,
            col(Statement.active).is_(True),
            col(Statement.received) >= lo,
            col(Statement.received) <= hi,
        )
    ).all()
    return [r for r in rows if (r.received, r.identifier) in keys]


def _relink_around(
    session: Session, commitment: str, keys: set[_Key], removed: Sequence[Statement],
    result: LinkResult,
) -> None:
    """Recompute the lineage where publications at ``keys`` changed: their own records and
    those of the next publication, which may now have a different predecessor."""
    session.flush()
    for key in sorted(keys):
        prev_key = _neighbour(session, commitment, key, before=True)
        next_key = _neighbour(session, commitment, key, before=False)
        wanted = {key} | {k for k in (prev_key, next_key) if k is not None}
        rows = _active_at(session, commitment, wanted)
        groups = group_statements(rows)
        pairs = pair_statements(groups, first_is_context=prev_key is not None)
        ids = {s.id for s, _ in pairs if s.id is not None}
        ids |= {r.id for r in removed if r.id is not None and (r.received, r.identifier) == key}
        apply_links(session, pairs, _live_records(session, commitment, ids), result)
        session.flush()


# --- the public surface ----------------------------------------------------------------------


def track_version(
    session: Session,
    settings: Settings,
    publication: Publication,
    version: PublicationVersion,
    document: Document,
    found: Sequence[Extracted] | None = None,
    *,
    new_publication: bool = False,
) -> list[ChangeJson]:
    """Extract, store and compare the statements of one stored publication version.

    Runs inside ingest's write transaction after the version rows are flushed. Returns the
    new change records (stable JSON) that subscribers should hear about; ``[]`` when nothing
    about a followed commitment changed. ``found``: the statements, when the caller already
    extracted them (:func:`extract_statements`, e.g. in a worker process);
    ``new_publication``: the caller just created the publication, so it has no statements yet.
    """
    if document.kind != Kind.ANSWER or version.parse_status != "ok":
        return []
    if publication.id is None or version.id is None:
        session.flush()
    assert publication.id is not None and version.id is not None
    # A publication stored a moment ago has no statements yet: skip the query (hot in backfills).
    existing: Sequence[Statement] = []
    if not new_publication:
        existing = session.exec(
            select(Statement).where(
                Statement.publication_id == publication.id, col(Statement.active).is_(True)
            )
        ).all()
    if existing:
        numbers = session.exec(
            select(func.max(PublicationVersion.number)).where(
                col(PublicationVersion.id).in_({s.version_id for s in existing})
            )
        ).first()
        if numbers is not None and numbers > version.number:
            event(log, "track_skip_older_version", identifier=publication.identifier,
                  version=version.number, tracked=numbers)
            return []
    if found is None:
        found = extract_statements(settings, document)
    stored = StoreResult()
    store_statements(session, publication, version, document, found, existing, stored)
    links = LinkResult()
    for commitment, keys in sorted(stored.keys.items()):
        removed = [r for r in stored.removed if r.commitment == commitment]
        _relink_around(session, commitment, keys, removed, links)
    if links.created or links.retracted:
        event(log, "track_changes", identifier=publication.identifier,
              created=len(links.created), retracted=len(links.retracted))
    titles = {c.id: c.title for c in settings.commitments}
    return [with_readings(change_to_json(session, r, titles)) for r in links.created]
