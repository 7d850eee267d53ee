"""Replay of the stored history: statements and change records rebuilt with the current
commitments and extractor, nothing fetched."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.logs import event
from monitor.model import Document, Kind
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion
from monitor.track import extract as extract_module
from monitor.track.change_json import ChangeJson, change_to_json
from monitor.track.pipeline import (
    LinkResult,
    StoreResult,
    apply_links,
    extractor_version,
    group_statements,
    matchers,
    pair_statements,
    store_statements,
)
from monitor.track.tables import ChangeRecord, Statement

log = logging.getLogger("monitor.track")


@dataclass
class ReprocessReport:
    """What a replay over the stored history changed."""

    answers: int = 0
    statements_added: int = 0
    statements_removed: int = 0
    records_created: int = 0
    records_retracted: int = 0
    verdicts_changed: int = 0
    alerts: int = 0
    extractor_version: str = ""
    commitments: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.statements_added or self.statements_removed or self.records_created
                    or self.records_retracted)


Progress = Callable[[int, int], None]
# Queues the alerts of one new change record (its JSON form); returns how many were queued.
# Passed in by the caller: the alerts stage builds on this one, not the other way round.
EnqueueChange = Callable[[Session, ChangeJson], int]


def reprocess(
    db: Database, settings: Settings, *, alert: EnqueueChange | None = None,
    progress: Progress | None = None,
) -> ReprocessReport:
    """Rebuild statements and change records from every stored answer (no network).

    Applies added, changed and removed commitments and a newer extractor to the whole history.
    Records that still hold are kept; those that no longer do are retracted, never deleted (kept
    for audit, hidden from the change log). A re-reading of history is not news: alerts for
    the records it creates are queued only through ``alert``. ``progress(done, total)`` is called
    as answers are read.
    """
    started = time.perf_counter()
    report = ReprocessReport(commitments=[c.id for c in settings.commitments],
                             extractor_version=extractor_version())
    active_matchers = matchers(settings)
    with db.writer() as session:
        current = session.exec(
            select(Publication, PublicationVersion)
            .join(PublicationVersion, col(PublicationVersion.id) == Publication.current_version_id)
            .where(Publication.kind == str(Kind.ANSWER), PublicationVersion.parse_status == "ok")
        ).all()
        by_publication: dict[int, list[Statement]] = defaultdict(list)
        for row in session.exec(select(Statement).where(col(Statement.active).is_(True))).all():
            by_publication[row.publication_id].append(row)
        stored = StoreResult()
        seen: set[int] = set()
        total = len(current)
        for done, (publication, version) in enumerate(current, 1):
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
            if version.document is None or publication.id is None:
                continue
            document = Document.from_json(version.document)
            if document.kind != Kind.ANSWER:
                continue
            report.answers += 1
            seen.add(publication.id)
            found = extract_module.extract(document, active_matchers)
            store_statements(session, publication, version, document, found,
                   by_publication.get(publication.id, []), stored)
        for publication_id, rows in by_publication.items():
            if publication_id not in seen:
                for row in rows:
                    row.active = False
                    session.add(row)
                    stored.removed.append(row)
        session.flush()
        report.statements_added = len(stored.added)
        report.statements_removed = len(stored.removed)
        for row in stored.added:
            report.details.append(f"+ {row.commitment} {row.identifier}: {row.text[:80]}")
        for row in stored.removed:
            report.details.append(f"- {row.commitment} {row.identifier}: {row.text[:80]}")
        commitments = set(report.commitments) | set(
            session.exec(
                select(ChangeRecord.commitment).where(col(ChangeRecord.retracted_at).is_(None))
                .distinct()
            ).all()
        )
        links = LinkResult()
        for commitment in sorted(commitments):
            lineage = session.exec(
                select(Statement).where(
                    Statement.commitment == commitment, col(Statement.active).is_(True)
                )
            ).all()
            live = session.exec(
                select(ChangeRecord).where(
                    ChangeRecord.commitment == commitment,
                    col(ChangeRecord.retracted_at).is_(None),
                )
            ).all()
            pairs = pair_statements(group_statements(lineage), first_is_context=False)
            apply_links(session, pairs, live, links, rejudge=True)
        session.flush()
        for old, fresh in links.rejudged:
            report.details.append(
                f"~ {fresh.commitment} {fresh.identifier}: {', '.join(old.verdicts)} -> "
                f"{', '.join(fresh.verdicts)}"
            )
        report.records_created = len(links.created)
        report.records_retracted = len(links.retracted)
        report.verdicts_changed = len(links.rejudged)
        if alert is not None and links.created:
            titles = {c.id: c.title for c in settings.commitments}
            for record in links.created:
                report.alerts += alert(session, change_to_json(session, record, titles))
    report.seconds = time.perf_counter() - started
    event(log, "track_reprocess", identifier="*", answers=report.answers,
          added=report.statements_added, removed=report.statements_removed,
          created=report.records_created, retracted=report.records_retracted,
          rejudged=report.verdicts_changed, alerts=report.alerts,
          extractor=report.extractor_version)
    return report
