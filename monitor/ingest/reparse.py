"""Parse stored publications again from their raw bytes (no network), e.g. after a parser fix.

Only the newest version of each publication is parsed again. A document that parsed before and
fails now keeps its earlier result (the failure is reported, nothing stored is lost); one that
failed before and parses now becomes the publication's current version, is tracked, and its
change records are alerted like any new answer. A different result for a document that already
parsed replaces its structure and is tracked again, but alerts nobody: the government did not
say anything new, the parser read it better.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.errors import NotFound, ParseError
from monitor.fetch.records import record_from_json
from monitor.ingest.announce import now_good
from monitor.ingest.blobs import get_blob
from monitor.ingest.sandbox import Limits, ParseFn, ParseSandbox, parse_here, parser_for
from monitor.ingest.structure import store_structure
from monitor.logs import event
from monitor.model import Document, Format
from monitor.parse import PARSER_VERSION
from monitor.statuses import ParseStatus
from monitor.store.db import Database
from monitor.store.tables import (
    AnswerQuestion,
    AnswerRow,
    Publication,
    PublicationVersion,
    QuestionRow,
)

log = logging.getLogger("monitor.ingest")


@dataclass
class ReparseReport:
    examined: int = 0
    unchanged: int = 0
    changed: int = 0  # parsed before, parses differently now
    fixed: int = 0  # failed before, parses now
    still_failing: int = 0
    now_failing: int = 0  # parsed before, fails now: the earlier result is kept
    change_records: int = 0
    details: list[str] = field(default_factory=list)


def _newest_versions(
    session: Session, identifiers: Sequence[str], only_failed: bool
) -> list[tuple[int, int]]:
    newest = (
        select(PublicationVersion.publication_id, func.max(PublicationVersion.number).label("n"))
        .group_by(col(PublicationVersion.publication_id))
        .subquery()
    )
    stmt = (
        select(PublicationVersion.publication_id, PublicationVersion.id)
        .join(newest, (newest.c.publication_id == PublicationVersion.publication_id)
              & (newest.c.n == PublicationVersion.number))
        .join(Publication, col(Publication.id) == PublicationVersion.publication_id)
        .order_by(col(Publication.date_received), col(Publication.identifier))
    )
    if identifiers:
        stmt = stmt.where(col(Publication.identifier).in_(identifiers))
    if only_failed:
        stmt = stmt.where(PublicationVersion.parse_status != ParseStatus.OK)
    return [(p, v) for p, v in session.exec(stmt).all() if v is not None]


def _replace_structure(session: Session, version_id: int, doc: Document) -> None:
    answers = select(AnswerRow.id).where(AnswerRow.version_id == version_id)
    session.execute(delete(AnswerQuestion).where(col(AnswerQuestion.answer_id).in_(answers)))
    session.execute(delete(AnswerRow).where(col(AnswerRow.version_id) == version_id))
    session.execute(delete(QuestionRow).where(col(QuestionRow.version_id) == version_id))
    store_structure(session, version_id, doc)


def _reparse_one(session: Session, settings: Settings, pub_id: int, version_id: int,
                 report: ReparseReport, parse: ParseFn = parse_here) -> None:
    pub = session.get(Publication, pub_id)
    version = session.get(PublicationVersion, version_id)
    assert pub is not None and version is not None
    report.examined += 1
    if version.blob_sha256 is None:
        return
    record = record_from_json(version.record)
    was_ok = version.parse_status == ParseStatus.OK
    try:
        doc = parse(get_blob(session, version.blob_sha256), Format(version.manifestation),
                    pub.identifier, record)
    except ParseError as exc:
        if was_ok:
            report.now_failing += 1
            report.details.append(f"! {pub.identifier}: now fails, earlier result kept: {exc}")
        else:
            report.still_failing += 1
            version.parse_error = str(exc)
            session.add(version)
        return
    doc.version = version.number
    new_json = doc.to_json()
    if was_ok and version.document == new_json:
        report.unchanged += 1
        return
    _replace_structure(session, version_id, doc)
    version.document = new_json
    version.parse_status, version.parse_error = ParseStatus.OK, ""
    version.parser_version = PARSER_VERSION
    session.add(version)
    # The same path as ingest: a document that failed and parses now gets every alert a
    # normal ingest would have given (a new answer event included); a better parse of a
    # document that parsed before is tracked again but is not news.
    _, changes = now_good(session, settings, pub, version, record, doc, was_ok=was_ok)
    report.change_records += len(changes)
    if was_ok:
        report.changed += 1
        report.details.append(f"~ {pub.identifier}: parsed differently now")
    else:
        report.fixed += 1
        report.details.append(f"+ {pub.identifier}: parses now")


def reparse(
    db: Database,
    settings: Settings,
    *,
    identifiers: Sequence[str] = (),
    only_failed: bool = False,
) -> ReparseReport:
    """Parse the newest stored version of publications again, one transaction each."""
    report = ReparseReport()
    with db.reader() as session:
        if identifiers:
            stored = session.exec(
                select(Publication.identifier).where(col(Publication.identifier).in_(identifiers))
            ).all()
            unknown = [i for i in identifiers if i not in set(stored)]
            if unknown:
                raise NotFound(f"{unknown[0]}: no such publication is stored")
        todo = _newest_versions(session, identifiers, only_failed)
    # Parsing runs under the same limits as ingest: a hostile stored document is a failure.
    sandbox = (ParseSandbox(Limits.from_settings(settings.source))
               if settings.source.parse_processes and todo else None)

    parse = parser_for(sandbox)
    try:
        for pub_id, version_id in todo:
            with db.writer() as session:
                _reparse_one(session, settings, pub_id, version_id, report, parse)
    finally:
        if sandbox is not None:
            sandbox.close()
    event(log, "reparse_finished", examined=report.examined, fixed=report.fixed,
          changed=report.changed, now_failing=report.now_failing,
          still_failing=report.still_failing)
    return report
