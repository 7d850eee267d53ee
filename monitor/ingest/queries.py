"""Read-only questions about what is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from monitor.statuses import DocumentStatus
from monitor.store.db import Database
from monitor.store.tables import AnswerRow, Publication, PublicationVersion, QuestionRow


def is_partial_version() -> Any:
    """SQL condition: the version's stored document is a partial parse (``parse_status``)."""
    # the document is stored as JSON text in both databases; "parse_status" is written once,
    # before "warnings", so the first quoted "partial" after it is its value
    document = cast(col(PublicationVersion.document), String)
    return document.like(f'%"parse_status": "{DocumentStatus.PARTIAL}"%')


@dataclass(slots=True)
class AnswerSummary:
    identifier: str
    kind: str
    received: date | None
    ministry: str
    zaak: str
    title: str
    questions: int
    answers: int
    versions: int
    status: str
    url: str

    def to_json(self) -> dict[str, object]:
        return {
            "identifier": self.identifier,
            "kind": self.kind,
            "received": self.received.isoformat() if self.received else None,
            "ministry": self.ministry,
            "zaak": self.zaak,
            "title": self.title,
            "questions": self.questions,
            "answers": self.answers,
            "versions": self.versions,
            "status": self.status,
            "url": self.url,
        }


def list_answers(
    db: Database,
    *,
    since: date | None = None,
    kinds: tuple[str, ...] = ("answer",),
    limit: int | None = None,
) -> list[AnswerSummary]:
    """Stored publications of the given kinds, newest received first."""
    with db.reader() as session:
        stmt = select(Publication).where(col(Publication.kind).in_(kinds))
        if since is not None:
            stmt = stmt.where(col(Publication.date_received) >= since)
        stmt = stmt.order_by(col(Publication.date_received).desc(), col(Publication.identifier))
        if limit:
            stmt = stmt.limit(limit)
        return summarize(session, session.exec(stmt).all())


def summarize(session: Session, pubs: Sequence[Publication]) -> list[AnswerSummary]:
    """Summaries of loaded publications, with their counts in three grouped queries."""
    ids = [p.current_version_id for p in pubs if p.current_version_id]
    qcount = dict(
        session.exec(
            select(QuestionRow.version_id, func.count())
            .where(col(QuestionRow.version_id).in_(ids))
            .group_by(col(QuestionRow.version_id))
        ).all()
    )
    acount = dict(
        session.exec(
            select(AnswerRow.version_id, func.count())
            .where(col(AnswerRow.version_id).in_(ids))
            .group_by(col(AnswerRow.version_id))
        ).all()
    )
    partial = set(
        session.exec(
            select(PublicationVersion.id).where(
                col(PublicationVersion.id).in_(ids), is_partial_version()
            )
        ).all()
    )
    vcount = dict(
        session.exec(
            select(PublicationVersion.publication_id, func.count())
            .where(col(PublicationVersion.publication_id).in_([p.id for p in pubs]))
            .group_by(col(PublicationVersion.publication_id))
        ).all()
    )
    return [
        AnswerSummary(
            identifier=p.identifier,
            kind=p.kind,
            received=p.date_received,
            ministry=p.ministry,
            zaak=p.zaak,
            title=p.title,
            questions=qcount.get(p.current_version_id or 0, 0),
            answers=acount.get(p.current_version_id or 0, 0),
            versions=vcount.get(p.id or 0, 0),
            # a partial parse is stored (its certain answers are tracked) but shown as such
            status=DocumentStatus.PARTIAL if p.current_version_id in partial else p.parse_status,
            url=p.preferred_url,
        )
        for p in pubs
    ]
