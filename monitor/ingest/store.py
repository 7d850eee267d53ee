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

from sqlalchemy import func, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
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


_RECORD_DATES = ("modified", "date_received", "date_sent", "available")


def record_from_json(data: dict[str, Any]) -> SruRecord:
    """Inverse of :func:`record_json` (the SRU record kept with every version)."""
    values = dict(data)
    for key in _RECORD_DATES:
        if values.get(key):
            values[key] = date.fromisoformat(values[key])
    return SruRecord(**values)


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
    return Publication(identifier=record.identifier, kind=str(record_kind(record))), True


def _insert(session: Session, row: Publication | PublicationVersion) -> int:
    """INSERT one row on the connection, bypassing the unit of work (the ingest hot path).

    The object stays transient: later changes to it are not flushed, so callers write them
    with :func:`_update`.
    """
    table = type(row).__table__  # type: ignore[union-attr]
    values = {c.name: getattr(row, c.name) for c in table.columns if c.name != "id"}
    # Parameters apart from the statement: one compiled INSERT is cached and reused.
    stmt = insert(table).returning(table.c.id)
    new_id: int = session.connection().execute(stmt, values).scalar_one()
    row.id = new_id
    return new_id


def _update(session: Session, row: Publication, *names: str) -> None:
    table = type(row).__table__  # type: ignore[attr-defined]
    values = {name: getattr(row, name) for name in names}
    session.connection().execute(update(table).where(table.c.id == row.id).values(values))


def apply_metadata(pub: Publication, record: SruRecord, doc: Document | None) -> None:
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


def store_structure(session: Session, version_id: int, doc: Document) -> None:
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


def link_by_zaak(session: Session, pub: Publication) -> None:
    """Link questions, answers and postponements that share a Zaak number."""
    if not pub.zaak:
        return
    table = Publication.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    others = conn.execute(
        select(table.c.id, table.c.kind, table.c.identifier).where(
            table.c.zaak == pub.zaak, table.c.id != pub.id
        )
    ).all()
    for other_id, other_kind, other_identifier in others:
        column = ""
        if pub.kind == Kind.ANSWER and other_kind == Kind.QUESTIONS:
            column, value = "answer_identifier", pub.identifier
        elif pub.kind == Kind.QUESTIONS and other_kind == Kind.ANSWER:
            pub.answer_identifier = other_identifier
        elif pub.kind == Kind.POSTPONEMENT and other_kind == Kind.QUESTIONS:
            pub.postpones_identifier = other_identifier
        elif pub.kind == Kind.QUESTIONS and other_kind == Kind.POSTPONEMENT:
            column, value = "postpones_identifier", pub.identifier
        if not column:
            continue
        conn.execute(update(table).where(table.c.id == other_id).values({column: value}))
        # Keep a loaded copy of that row in step, without making it look changed.
        loaded = session.identity_map.get(identity_key(Publication, other_id))
        if loaded is not None:
            set_committed_value(loaded, column, value)


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
        # A new publication is written on the connection, not through the session (speed);
        # it must not meet a second record of the same identifier in this transaction, so it
        # stays out of ``known`` (a repeat fails the batch, which is then stored one by one).
        apply_metadata(pub, record, document if ok else None)
        _insert(session, pub)
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
    version_id = _insert(session, version)
    if ok and document is not None:
        store_structure(session, version_id, document)
        if not new:
            apply_metadata(pub, record, document)
        pub.current_version_id = version_id
        pub.parse_status = "ok"
        link_by_zaak(session, pub)
    elif current is None or current.parse_status != "ok":
        # Nothing good to keep showing: show the failure itself.
        if not new:
            apply_metadata(pub, record, None)
        pub.current_version_id = version_id
        pub.parse_status = "failed"
    # else: a failed new version never replaces the good one already shown.
    if new:
        _update(session, pub, "current_version_id", "parse_status", "answer_identifier",
                "postpones_identifier")
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
    pub, new = _publication_for(session, record, known)
    if new:
        session.add(pub)
    if pub.current_version_id is None:
        apply_metadata(pub, record, None)
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
