"""Persisting publications: versions, raw bytes, parsed structure, links between them.

Every function here runs inside the caller's write transaction (``db.writer()``), so a document
that fails half-way leaves nothing behind and never touches what was stored before.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy import func, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from monitor.errors import NotFound
from monitor.fetch.records import SruRecord
from monitor.model import Document, Kind
from monitor.store.db import Database
from monitor.store.tables import (
    Answer,
    AnswerQuestion,
    Blob,
    Publication,
    PublicationVersion,
    Question,
)

Outcome = Literal["added", "changed", "unchanged", "failed"]

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{identifier}.html"


@dataclass(slots=True)
class StoredVersion:
    """What storing one fetched publication did."""

    outcome: Outcome
    publication: Publication
    version: PublicationVersion | None
    first_version: bool = False


def record_kind(record: SruRecord) -> Kind:
    """The kind a record announces (the parser may refine it from the text)."""
    sub = record.subrubriek.lower()
    if "mededeling" in sub:
        return Kind.POSTPONEMENT
    if "zonder antwoord" in record.publicatienaam.lower() or record.identifier.startswith("kv"):
        return Kind.QUESTIONS
    if "antwoord" in sub or "aanhangsel" in record.publicatienaam.lower():
        return Kind.ANSWER
    return Kind.UNKNOWN


def record_json(record: SruRecord) -> dict[str, Any]:
    data = asdict(record)
    for key, value in data.items():
        if isinstance(value, date):
            data[key] = value.isoformat()
    return data


def version_seen(session: Session, identifier: str, stamp: str) -> bool:
    """True when this exact state (identifier + modification stamp) is already stored."""
    stmt = (
        select(PublicationVersion.id)
        .join(Publication, col(Publication.id) == col(PublicationVersion.publication_id))
        .where(Publication.identifier == identifier, PublicationVersion.stamp == stamp)
        .limit(1)
    )
    return session.exec(stmt).first() is not None


def seen_stamps(session: Session, identifiers: list[str]) -> set[tuple[str, str]]:
    """(identifier, stamp) pairs already stored, for a whole SRU page in one query."""
    if not identifiers:
        return set()
    stmt = (
        select(Publication.identifier, PublicationVersion.stamp)
        .join(PublicationVersion, col(Publication.id) == col(PublicationVersion.publication_id))
        .where(col(Publication.identifier).in_(identifiers))
    )
    return {(i, s) for i, s in session.exec(stmt).all()}


@dataclass(frozen=True, slots=True)
class Raw:
    """Raw document bytes as stored: their SHA-256, size and zlib-compressed form.

    Built with :meth:`of` wherever CPU is free (ingest does it in its worker processes).
    """

    sha256: str
    size: int
    compressed: bytes

    @classmethod
    def of(cls, content: bytes) -> Raw:
        return cls(hashlib.sha256(content).hexdigest(), len(content), zlib.compress(content, 6))


def put_blob(session: Session, content: bytes | Raw) -> str:
    """Store raw bytes once per content hash; return the hash."""
    raw = content if isinstance(content, Raw) else Raw.of(content)
    digest = raw.sha256
    row = {"sha256": digest, "size": raw.size, "compressed": raw.compressed}
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        stmt: Any = pg_insert(Blob).values(row).on_conflict_do_nothing()
    else:
        stmt = sqlite_insert(Blob).values(row).on_conflict_do_nothing()
    conn.execute(stmt)
    return digest


def get_blob(session: Session, digest: str) -> bytes:
    blob = session.get(Blob, digest)
    if blob is None:
        raise NotFound(f"raw document {digest} is not stored")
    return zlib.decompress(blob.compressed)


def load_publications(session: Session, identifiers: list[str]) -> dict[str, Publication]:
    """The stored publications among ``identifiers``, in one query."""
    if not identifiers:
        return {}
    rows = session.exec(select(Publication).where(col(Publication.identifier).in_(identifiers)))
    return {p.identifier: p for p in rows.all()}


def _publication_for(
    session: Session, record: SruRecord, known: dict[str, Publication] | None = None
) -> tuple[Publication, bool]:
    """The stored publication of ``record``, or a new one (then ``True``), not yet flushed.

    ``known`` is a preloaded result of :func:`load_publications` for a batch; a publication
    absent from it does not exist yet.
    """
    if known is not None:
        pub = known.get(record.identifier)
    else:
        pub = session.exec(
            select(Publication).where(Publication.identifier == record.identifier)
        ).first()
    if pub is not None:
        return pub, False
    pub = Publication(identifier=record.identifier, kind=str(record_kind(record)))
    session.add(pub)
    if known is not None:
        known[record.identifier] = pub
    return pub, True


def _apply_metadata(pub: Publication, record: SruRecord, doc: Document | None) -> None:
    """Publication columns from the newest good document, falling back to the SRU record."""
    pub.chamber = (doc.chamber if doc and doc.chamber else record.chamber) or "tk"
    pub.vergaderjaar = (doc.vergaderjaar if doc else "") or record.vergaderjaar
    pub.aanhangsel_number = (doc.aanhangsel_number if doc else "") or record.aanhangselnummer
    pub.zaak = (doc.zaak if doc else "") or record.vraagnummer
    pub.title = (doc.title if doc else "") or record.title
    pub.date_received = (doc.date_received if doc else None) or record.date_received
    pub.date_sent = (doc.date_sent if doc else None) or record.date_sent
    pub.preferred_url = record.preferred_url or OFFICIAL_URL.format(identifier=record.identifier)
    if doc is not None:
        if doc.kind != Kind.UNKNOWN:
            pub.kind = str(doc.kind)
        pub.ministry = doc.ministry or pub.ministry
        pub.answer_identifier = doc.answer_identifier or pub.answer_identifier
    if record.aanhangsel:
        pub.answer_identifier = record.aanhangsel
    pub.updated_at = datetime.now(UTC)


def _store_structure(session: Session, version_id: int, doc: Document) -> None:
    # Core bulk inserts on the connection: ORM objects for ~25 rows per answer were most of the
    # ingest time. These rows are never loaded as objects in the same transaction.
    conn = session.connection()
    if doc.questions:
        conn.execute(insert(Question), [
            {"version_id": version_id, "number": q.number, "text": q.text} for q in doc.questions
        ])
    if not doc.answers:
        return
    ids = conn.execute(
        insert(Answer).returning(col(Answer.id), sort_by_parameter_order=True),
        [
            {"version_id": version_id, "position": position, "text": a.text,
             "refers_to": list(a.refers_to)}
            for position, a in enumerate(doc.answers)
        ],
    ).scalars().all()
    links = [
        {"answer_id": answer_id, "question_number": number}
        for answer_id, a in zip(ids, doc.answers, strict=True)
        for number in sorted(set(a.numbers))
    ]
    if links:
        conn.execute(insert(AnswerQuestion), links)


def _link(session: Session, pub: Publication) -> None:
    """Link questions, answers and postponements that share a Zaak number."""
    if not pub.zaak:
        return
    with session.no_autoflush:
        others = session.exec(
            select(Publication).where(Publication.zaak == pub.zaak, Publication.id != pub.id)
        ).all()
    for other in others:
        if pub.kind == Kind.ANSWER and other.kind == Kind.QUESTIONS:
            other.answer_identifier = pub.identifier
        elif pub.kind == Kind.QUESTIONS and other.kind == Kind.ANSWER:
            pub.answer_identifier = other.identifier
        elif pub.kind == Kind.POSTPONEMENT and other.kind == Kind.QUESTIONS:
            pub.postpones_identifier = other.identifier
        elif pub.kind == Kind.QUESTIONS and other.kind == Kind.POSTPONEMENT:
            other.postpones_identifier = pub.identifier


def store_version(
    session: Session,
    record: SruRecord,
    *,
    manifestation: str,
    url: str,
    content: bytes | Raw,
    document: Document | None,
    error: str = "",
    parser_version: str = "",
    known: dict[str, Publication] | None = None,
    document_json: dict[str, Any] | None = None,
) -> StoredVersion:
    """Store one fetched publication state as a new version (parsed, or failed with ``error``).

    ``known``: publications preloaded for a batch (see :func:`load_publications`);
    ``document_json``: ``document.to_json()`` when the caller already has it.
    """
    ok = document is not None and not error
    pub, new = _publication_for(session, record, known)
    if new:
        _apply_metadata(pub, record, document if ok else None)
    session.flush()
    assert pub.id is not None
    digest = put_blob(session, content)
    current: PublicationVersion | None = None
    number = 1
    if not new:
        if pub.current_version_id:
            current = session.get(PublicationVersion, pub.current_version_id)
        latest = session.exec(
            select(func.max(PublicationVersion.number)).where(
                PublicationVersion.publication_id == pub.id
            )
        ).one()
        number = (latest or 0) + 1
    stored_json: dict[str, Any] | None = None
    if ok and document is not None:
        document.version = number
        stored_json = dict(document_json) if document_json is not None else document.to_json()
        stored_json["version"] = number
    version = PublicationVersion(
        publication_id=pub.id,
        number=number,
        modified=record.modified,
        stamp=record.stamp,
        manifestation=manifestation,
        source_url=url,
        item_urls=dict(record.item_urls),
        record=record_json(record),
        blob_sha256=digest,
        parse_status="ok" if ok else "failed",
        parse_error=error,
        document=stored_json,
        parser_version=parser_version,
    )
    session.add(version)
    session.flush()
    assert version.id is not None
    if ok and document is not None:
        _store_structure(session, version.id, document)
        if not new:
            _apply_metadata(pub, record, document)
        pub.current_version_id = version.id
        pub.parse_status = "ok"
        _link(session, pub)
    elif current is None or current.parse_status != "ok":
        # Nothing good to keep showing: show the failure itself.
        if not new:
            _apply_metadata(pub, record, None)
        pub.current_version_id = version.id
        pub.parse_status = "failed"
    # else: a failed new version never replaces the good one already shown.
    if number == 1:
        outcome: Outcome = "added" if ok else "failed"
    elif not ok:
        outcome = "failed"
    elif current is not None and current.blob_sha256 == digest and current.parse_status == "ok":
        outcome = "unchanged"
    else:
        outcome = "changed"
    return StoredVersion(outcome, pub, version, first_version=number == 1)


def note_fetch_failure(
    session: Session, record: SruRecord, known: dict[str, Publication] | None = None
) -> Publication:
    """Remember a publication whose document could not be fetched, without touching versions."""
    pub, _ = _publication_for(session, record, known)
    if pub.current_version_id is None:
        _apply_metadata(pub, record, None)
        pub.parse_status = "fetch_failed"
    return pub


def load_document(db: Database, identifier: str) -> Document:
    """The parsed document of a stored publication's current version."""
    with db.reader() as session:
        pub = session.exec(select(Publication).where(Publication.identifier == identifier)).first()
        if pub is None:
            raise NotFound(f"{identifier}: no such publication is stored")
        version = (
            session.get(PublicationVersion, pub.current_version_id)
            if pub.current_version_id
            else None
        )
        if version is None:
            raise NotFound(f"{identifier}: stored, but its document could not be fetched yet")
        if version.parse_status != "ok" or version.document is None:
            raise NotFound(f"{identifier}: stored with a parse failure: {version.parse_error}")
        return Document.from_json(version.document)
