"""Persisting publications: versions and links between them, with their raw bytes
(:mod:`monitor.ingest.blobs`) and parsed structure (:mod:`monitor.ingest.structure`).

Every function here runs inside the caller's write transaction (``db.writer()``), so a document
that fails half-way leaves nothing behind and never touches what was stored before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import bindparam, func, insert, update
from sqlmodel import Session, col, select

from monitor.errors import NotFound
from monitor.fetch.records import SruRecord, record_json

# put_blob and store_structure are re-exported: the ingestor takes them from here with the rest
# of a version's storage.
from monitor.ingest.blobs import Raw, upsert_blobs
from monitor.ingest.blobs import put_blob as put_blob
from monitor.ingest.links import link_batch, link_by_zaak
from monitor.ingest.structure import store_structure as store_structure
from monitor.ingest.structure import store_structures
from monitor.model import Document, Kind
from monitor.official import official_url
from monitor.parse.kinds import record_kind
from monitor.redact import safe_link
from monitor.statuses import ParseStatus
from monitor.store.db import Database
from monitor.store.rows import full_row, loaded
from monitor.store.tables import (
    Publication,
    PublicationVersion,
)

_PUBLICATIONS: Any = Publication.__table__  # type: ignore[attr-defined]
_VERSIONS: Any = PublicationVersion.__table__  # type: ignore[attr-defined]

Outcome = Literal["added", "changed", "unchanged", "failed"]


@dataclass(slots=True)
class StoredVersion:
    """What storing one fetched publication did."""

    outcome: Outcome
    publication: Publication
    version: PublicationVersion | None
    first_version: bool = False


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


def load_publications(session: Session, identifiers: list[str]) -> dict[str, Publication]:
    """The stored publications among ``identifiers``, in one query."""
    if not identifiers:
        return {}
    rows = session.exec(select(Publication).where(col(Publication.identifier).in_(identifiers)))
    return {p.identifier: p for p in rows.all()}


def _publication_for(
    session: Session, record: SruRecord, known: dict[str, Publication] | None = None
) -> tuple[Publication, bool]:
    """The stored publication of ``record``, or a new one (then ``True``) added to the session.

    ``known`` is a preloaded result of :func:`load_publications` for a batch; a publication
    absent from it does not exist yet (and is added to it).
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


def metadata(record: SruRecord, doc: Document | None, *, kind: str, ministry: str = "",
             answer_identifier: str = "") -> dict[str, Any]:
    """Publication columns from the newest good document, falling back to the SRU record
    (``kind``, ``ministry``, ``answer_identifier``: the publication's values so far)."""
    values: dict[str, Any] = {
        "chamber": (doc.chamber if doc and doc.chamber else record.chamber) or "tk",
        "vergaderjaar": (doc.vergaderjaar if doc else "") or record.vergaderjaar,
        "aanhangsel_number": (doc.aanhangsel_number if doc else "") or record.aanhangselnummer,
        "zaak": (doc.zaak if doc else "") or record.vraagnummer,
        "title": (doc.title if doc else "") or record.title,
        "date_received": (doc.date_received if doc else None) or record.date_received,
        "date_sent": (doc.date_sent if doc else None) or record.date_sent,
        # Only an http(s) URL becomes the publication's link (never javascript: or data:).
        "preferred_url": safe_link(record.preferred_url) or official_url(record.identifier),
    }
    if doc is not None:
        if doc.kind != Kind.UNKNOWN:
            kind = str(doc.kind)
        values["ministry"] = doc.ministry or ministry
        values["answer_identifier"] = doc.answer_identifier or answer_identifier
    if record.aanhangsel:
        values["answer_identifier"] = record.aanhangsel
    values["kind"] = kind
    values["updated_at"] = datetime.now(UTC)
    return values


def apply_metadata(pub: Publication, record: SruRecord, doc: Document | None) -> None:
    """Publication columns from the newest good document, falling back to the SRU record."""
    for name, value in metadata(record, doc, kind=pub.kind, ministry=pub.ministry,
                                answer_identifier=pub.answer_identifier).items():
        setattr(pub, name, value)


def version_row(
    publication_id: int,
    number: int,
    record: SruRecord,
    *,
    manifestation: str,
    url: str,
    digest: str,
    document: Document | None,
    document_json: dict[str, Any] | None = None,
    error: str = "",
    parser_version: str = "",
) -> dict[str, Any]:
    """The columns of a fetched state (``id`` aside): parsed when ``document`` is given (it gets
    ``number`` as its version), else failed with ``error``. ``document_json``:
    ``document.to_json()`` when the caller already has it."""
    stored_json: dict[str, Any] | None = None
    if document is not None:
        document.version = number
        stored_json = dict(document_json) if document_json is not None else document.to_json()
        stored_json["version"] = number
    return full_row(PublicationVersion, {
        "publication_id": publication_id,
        "number": number,
        "modified": record.modified,
        "stamp": record.stamp,
        "manifestation": manifestation,
        "source_url": url,
        "item_urls": dict(record.item_urls),
        "record": record_json(record),
        "blob_sha256": digest,
        "parse_status": ParseStatus.OK if document is not None else ParseStatus.FAILED,
        "parse_error": error,
        "document": stored_json,
        "parser_version": parser_version,
    })


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
        apply_metadata(pub, record, document if ok else None)
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
    row = version_row(pub.id, number, record, manifestation=manifestation, url=url,
                      digest=digest, document=document if ok else None,
                      document_json=document_json, error=error, parser_version=parser_version)
    version_id = session.connection().execute(
        insert(_VERSIONS).returning(_VERSIONS.c.id), row).scalar_one()
    version = loaded(PublicationVersion, {**row, "id": version_id})
    if ok and document is not None:
        store_structure(session, version_id, document)
        if not new:
            apply_metadata(pub, record, document)
        pub.current_version_id = version_id
        pub.parse_status = ParseStatus.OK
        link_by_zaak(session, pub)
    elif current is None or current.parse_status != ParseStatus.OK:
        # Nothing good to keep showing: show the failure itself.
        if not new:
            apply_metadata(pub, record, None)
        pub.current_version_id = version_id
        pub.parse_status = ParseStatus.FAILED
    # else: a failed new version never replaces the good one already shown.
    if number == 1:
        outcome: Outcome = "added" if ok else "failed"
    elif not ok:
        outcome = "failed"
    elif (current is not None and current.blob_sha256 == digest
          and current.parse_status == ParseStatus.OK):
        outcome = "unchanged"
    else:
        outcome = "changed"
    return StoredVersion(outcome, pub, version, first_version=number == 1)


@dataclass(slots=True)
class FirstVersion:
    """A parsed document of a publication that is not stored yet."""

    record: SruRecord
    manifestation: str
    url: str
    raw: Raw
    document: Document
    document_json: dict[str, Any]


def store_first_versions(
    session: Session, items: Sequence[FirstVersion], *, parser_version: str = ""
) -> list[StoredVersion]:
    """Store many new publications with their first, parsed version in a few statements.

    The bulk form of :func:`store_version` for the common case of a backfill. Every identifier
    must be new and appear once; a violation fails the transaction, as in :func:`store_version`.
    """
    if not items:
        return []
    conn = session.connection()
    upsert_blobs(session, [i.raw for i in items])
    pub_rows = [full_row(Publication, {
        "identifier": item.record.identifier, "parse_status": ParseStatus.OK,
        **metadata(item.record, item.document, kind=str(record_kind(item.record)))})
        for item in items]
    pub_ids = conn.execute(
        insert(_PUBLICATIONS).returning(_PUBLICATIONS.c.id, sort_by_parameter_order=True),
        pub_rows,
    ).scalars().all()
    version_rows = [
        version_row(pub_id, 1, item.record, manifestation=item.manifestation, url=item.url,
                    digest=item.raw.sha256, document=item.document,
                    document_json=item.document_json, parser_version=parser_version)
        for pub_id, item in zip(pub_ids, items, strict=True)]
    version_ids = conn.execute(
        insert(_VERSIONS).returning(_VERSIONS.c.id, sort_by_parameter_order=True),
        version_rows,
    ).scalars().all()
    conn.execute(
        update(_PUBLICATIONS).where(_PUBLICATIONS.c.id == bindparam("_id")).values(
            current_version_id=bindparam("_v")),
        [{"_id": p, "_v": v} for p, v in zip(pub_ids, version_ids, strict=True)],
    )
    pubs = [loaded(Publication, {**row, "id": pub_id, "current_version_id": version_id})
            for row, pub_id, version_id in zip(pub_rows, pub_ids, version_ids, strict=True)]
    versions = [loaded(PublicationVersion, {**row, "id": version_id})
                for row, version_id in zip(version_rows, version_ids, strict=True)]
    store_structures(session, [(v, i.document)
                               for v, i in zip(version_ids, items, strict=True)])
    link_batch(session, pubs)
    return [StoredVersion("added", p, v, first_version=True)
            for p, v in zip(pubs, versions, strict=True)]


def note_fetch_failure(
    session: Session, record: SruRecord, known: dict[str, Publication] | None = None
) -> Publication:
    """Remember a publication whose document could not be fetched, without touching versions."""
    pub, _ = _publication_for(session, record, known)
    if pub.current_version_id is None:
        apply_metadata(pub, record, None)
        pub.parse_status = ParseStatus.FETCH_FAILED
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
        if version.parse_status != ParseStatus.OK or version.document is None:
            raise NotFound(f"{identifier}: stored with a parse failure: {version.parse_error}")
        return Document.from_json(version.document)
