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
from monitor.store.tables import (
    Publication,
    PublicationVersion,
)

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


def apply_metadata(pub: Publication, record: SruRecord, doc: Document | None) -> None:
    """Publication columns from the newest good document, falling back to the SRU record."""
    pub.chamber = (doc.chamber if doc and doc.chamber else record.chamber) or "tk"
    pub.vergaderjaar = (doc.vergaderjaar if doc else "") or record.vergaderjaar
    pub.aanhangsel_number = (doc.aanhangsel_number if doc else "") or record.aanhangselnummer
    pub.zaak = (doc.zaak if doc else "") or record.vraagnummer
    pub.title = (doc.title if doc else "") or record.title
    pub.date_received = (doc.date_received if doc else None) or record.date_received
    pub.date_sent = (doc.date_sent if doc else None) or record.date_sent
    # Only an http(s) URL becomes the publication's link (never javascript: or data:).
    pub.preferred_url = (safe_link(record.preferred_url)
                         or official_url(record.identifier))
    if doc is not None:
        if doc.kind != Kind.UNKNOWN:
            pub.kind = str(doc.kind)
        pub.ministry = doc.ministry or pub.ministry
        pub.answer_identifier = doc.answer_identifier or pub.answer_identifier
    if record.aanhangsel:
        pub.answer_identifier = record.aanhangsel
    pub.updated_at = datetime.now(UTC)


def new_version(
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
) -> PublicationVersion:
    """The row of a fetched state: parsed when ``document`` is given (it gets ``number`` as its
    version), else failed with ``error``. ``document_json``: ``document.to_json()`` when the
    caller already has it."""
    stored_json: dict[str, Any] | None = None
    if document is not None:
        document.version = number
        stored_json = dict(document_json) if document_json is not None else document.to_json()
        stored_json["version"] = number
    return PublicationVersion(
        publication_id=publication_id,
        number=number,
        modified=record.modified,
        stamp=record.stamp,
        manifestation=manifestation,
        source_url=url,
        item_urls=dict(record.item_urls),
        record=record_json(record),
        blob_sha256=digest,
        parse_status=ParseStatus.OK if document is not None else ParseStatus.FAILED,
        parse_error=error,
        document=stored_json,
        parser_version=parser_version,
    )


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
    version = new_version(pub.id, number, record, manifestation=manifestation, url=url,
                          digest=digest, document=document if ok else None,
                          document_json=document_json, error=error,
                          parser_version=parser_version)
    session.add(version)
    session.flush()
    assert version.id is not None
    version_id = version.id
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


def _rows(table: Any, objects: Sequence[Any]) -> list[dict[str, Any]]:
    names = [c.name for c in table.columns if c.name != "id"]
    return [{n: getattr(o, n) for n in names} for o in objects]


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
    pubs: list[Publication] = []
    for item in items:
        pub = Publication(identifier=item.record.identifier, kind=str(record_kind(item.record)),
                          parse_status=ParseStatus.OK)
        apply_metadata(pub, item.record, item.document)
        pubs.append(pub)
    pub_table = Publication.__table__  # type: ignore[attr-defined]
    pub_ids = conn.execute(
        insert(pub_table).returning(pub_table.c.id, sort_by_parameter_order=True),
        _rows(pub_table, pubs),
    ).scalars().all()
    versions: list[PublicationVersion] = []
    for pub, pub_id, item in zip(pubs, pub_ids, items, strict=True):
        pub.id = pub_id
        versions.append(new_version(
            pub_id, 1, item.record, manifestation=item.manifestation, url=item.url,
            digest=item.raw.sha256, document=item.document, document_json=item.document_json,
            parser_version=parser_version))
    version_table = PublicationVersion.__table__  # type: ignore[attr-defined]
    version_ids = conn.execute(
        insert(version_table).returning(version_table.c.id, sort_by_parameter_order=True),
        _rows(version_table, versions),
    ).scalars().all()
    for pub, version, version_id in zip(pubs, versions, version_ids, strict=True):
        version.id = version_id
        pub.current_version_id = version_id
    conn.execute(
        update(pub_table).where(pub_table.c.id == bindparam("_id")).values(
            current_version_id=bindparam("_v")),
        [{"_id": p.id, "_v": p.current_version_id} for p in pubs],
    )
    store_structures(session, [(v.id, i.document) for v, i in zip(versions, items, strict=True)
                               if v.id is not None])
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
