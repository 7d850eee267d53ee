"""Raw document bytes: stored once per SHA-256 of the uncompressed bytes, zlib-compressed.

Runs inside the caller's write transaction like the rest of :mod:`monitor.ingest.versions`.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from monitor.errors import NotFound
from monitor.store.tables import Blob


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


def upsert_blobs(session: Session, raws: Sequence[Raw]) -> None:
    """Store raw bytes once per content hash (a hash already stored is left as it is)."""
    conn = session.connection()
    rows = {r.sha256: {"sha256": r.sha256, "size": r.size, "compressed": r.compressed}
            for r in raws}
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(dialect_insert(Blob).on_conflict_do_nothing(), list(rows.values()))


def put_blob(session: Session, content: bytes | Raw) -> str:
    """Store raw bytes once per content hash; return the hash."""
    raw = content if isinstance(content, Raw) else Raw.of(content)
    upsert_blobs(session, [raw])
    return raw.sha256


def get_blob(session: Session, digest: str) -> bytes:
    blob = session.get(Blob, digest)
    if blob is None:
        raise NotFound(f"raw document {digest} is not stored")
    return zlib.decompress(blob.compressed)
