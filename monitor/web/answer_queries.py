"""The answers on the web: a keyset-paged list of stored publications and one publication in
full (its current document, its versions with their diffs, and the related records of its Zaak).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, tuple_
from sqlmodel import Session, col, select

from monitor.errors import BadQuery, UnknownAnswer
from monitor.ingest.queries import AnswerSummary, summarize
from monitor.model import Document
from monitor.statuses import ParseStatus
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.diff import Diff, word_diff
from monitor.web.queries import Page

_ANSWER_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2}|-)\.(\d{1,18})$")


def answers_page(
    session: Session,
    *,
    ministry: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: Sequence[str] = ("answer",),
    after: str | None = None,
    limit: int = 50,
) -> Page:
    """Stored publications, newest received first (undated ones last), by keyset."""
    if since and until and since > until:
        raise BadQuery(f"since {since.isoformat()} is after until {until.isoformat()}")
    received, pid = col(Publication.date_received), col(Publication.id)
    query = select(Publication).where(col(Publication.kind).in_(list(kinds)))
    if ministry:
        query = query.where(Publication.ministry == ministry)
    if since:
        query = query.where(received >= since)
    if until:
        query = query.where(received <= until)
    if after:
        m = _ANSWER_CURSOR.match(after)
        if not m:
            raise BadQuery(f"after {after!r} is not a page cursor of the answers")
        last_id = int(m.group(2))
        if m.group(1) == "-":
            query = query.where(received.is_(None), pid < last_id)
        else:
            try:
                day = date.fromisoformat(m.group(1))
            except ValueError:
                raise BadQuery(f"after {after!r} is not a page cursor of the answers") from None
            query = query.where(or_(
                tuple_(received, pid) < tuple_(day, last_id), received.is_(None)))
    query = query.order_by(received.desc().nulls_last(), pid.desc())
    pubs = list(session.exec(query.limit(limit + 1)).all())
    more = len(pubs) > limit
    pubs = pubs[:limit]
    cursor = None
    if more and pubs:
        last = pubs[-1]
        cursor = f"{last.date_received.isoformat() if last.date_received else '-'}.{last.id}"
    return Page(summarize(session, pubs), cursor)


def ministries(session: Session) -> list[str]:
    rows = session.exec(select(Publication.ministry).distinct().where(Publication.ministry != ""))
    return sorted(rows.all())


@dataclass
class VersionInfo:
    version: PublicationVersion
    diff: Diff | None = None  # against the previous parsed version


@dataclass
class AnswerDetail:
    publication: Publication
    summary: AnswerSummary
    document: Document | None
    current: PublicationVersion | None
    versions: list[VersionInfo] = field(default_factory=list)
    related: list[Publication] = field(default_factory=list)  # same Zaak: questions, notices

    def to_json(self) -> dict[str, Any]:
        pub = self.publication
        return {
            **self.summary.to_json(),
            "vergaderjaar": pub.vergaderjaar,
            "aanhangsel_number": pub.aanhangsel_number,
            "date_sent": pub.date_sent.isoformat() if pub.date_sent else None,
            "parse_error": self.current.parse_error if self.current else "",
            "document": self.document.to_json() if self.document else None,
            "versions": [
                {
                    "number": v.version.number,
                    "modified": v.version.modified.isoformat(),
                    "fetched_at": _iso(v.version.fetched_at),
                    "manifestation": v.version.manifestation,
                    "source_url": v.version.source_url,
                    "parse_status": v.version.parse_status,
                    "parse_error": v.version.parse_error,
                    "diff": {"kind": v.diff.kind, "text": v.diff.text, "html": v.diff.html}
                    if v.diff else None,
                }
                for v in self.versions
            ],
            "related": [
                {"identifier": r.identifier, "kind": r.kind,
                 "received": r.date_received.isoformat() if r.date_received else None}
                for r in self.related
            ],
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def version_text(document: dict[str, Any] | None) -> str:
    """The answers of a stored version as one text (what a re-publication is compared on)."""
    if not document:
        return ""
    return "\n\n".join(str(a.get("text", "")) for a in document.get("answers", []))


def answer_detail(session: Session, identifier: str) -> AnswerDetail:
    """One stored publication with its current document, its versions and their diffs."""
    pub = session.exec(select(Publication).where(Publication.identifier == identifier)).first()
    if pub is None:
        raise UnknownAnswer(f"{identifier!r}: no such publication is stored")
    versions = list(session.exec(
        select(PublicationVersion)
        .where(PublicationVersion.publication_id == pub.id)
        .order_by(col(PublicationVersion.number))
    ).all())
    current = next((v for v in versions if v.id == pub.current_version_id), None)
    document = (
        Document.from_json(current.document)
        if current is not None and current.parse_status == ParseStatus.OK and current.document
        else None
    )
    infos: list[VersionInfo] = []
    previous: PublicationVersion | None = None
    for v in versions:
        diff = None
        if previous is not None and v.parse_status == ParseStatus.OK and v.document is not None:
            old, new = version_text(previous.document), version_text(v.document)
            if old != new:
                diff = word_diff(old, new)
        infos.append(VersionInfo(v, diff))
        if v.parse_status == ParseStatus.OK and v.document is not None:
            previous = v
    related: list[Publication] = []
    conditions = [col(Publication.answer_identifier) == pub.identifier]
    if pub.zaak:
        conditions.append(col(Publication.zaak) == pub.zaak)
    if pub.answer_identifier:
        conditions.append(col(Publication.identifier) == pub.answer_identifier)
    related = [
        r for r in session.exec(
            select(Publication).where(or_(*conditions)).order_by(col(Publication.identifier))
        ).all()
        if r.id != pub.id
    ]
    [summary] = summarize(session, [pub])
    return AnswerDetail(pub, summary, document, current, infos, related)
