"""A lease row per job that only one process may run (the poller): atomic, and it expires.

Acquire and renew are one conditional UPDATE (``WHERE expires_at < now OR holder = me``), so
two processes can never both believe they hold it, on SQLite (one writer at a time) and on
PostgreSQL (the second UPDATE re-checks the WHERE clause after the first commits). A holder that
dies simply stops renewing; the lease is free once ``expires_at`` has passed.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import case, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from monitor.daemon.tables import Lease
from monitor.store.db import Database
from monitor.store.tables import utcnow

POLLER = "poller"


def new_holder_id() -> str:
    """A holder id that names the machine and process (shown by ``monitor status``)."""
    # Short enough for the delivery worker's claimed_by column (100 characters).
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(
    db: Database, name: str, holder: str, seconds: float, *, now: datetime | None = None
) -> bool:
    """Take or renew lease ``name`` for ``holder``; False when another live holder has it."""
    now = now or utcnow()
    expires = now + timedelta(seconds=seconds)
    table = Lease.__table__  # type: ignore[attr-defined]
    stmt = (
        update(table)
        .where(table.c.name == name, or_(table.c.expires_at < now, table.c.holder == holder))
        .values(
            holder=holder,
            expires_at=expires,
            renewed_at=now,
            acquired_at=case((table.c.holder == holder, table.c.acquired_at), else_=now),
        )
    )
    with db.writer() as session:
        if session.connection().execute(stmt).rowcount == 1:
            return True
        exists = (
            session.connection().execute(select(table.c.name).where(table.c.name == name)).first()
        )
    if exists is not None:
        return False
    try:
        with db.writer() as session:
            session.connection().execute(
                insert(table).values(
                    name=name, holder=holder, expires_at=expires, acquired_at=now, renewed_at=now
                )
            )
    except IntegrityError:
        return False  # another process created it first: it is theirs
    return True


def release_lease(db: Database, name: str, holder: str, *, now: datetime | None = None) -> bool:
    """Give the lease up at once (on shutdown) so another process need not wait for expiry."""
    now = now or utcnow()
    table = Lease.__table__  # type: ignore[attr-defined]
    stmt = (
        update(table)
        .where(table.c.name == name, table.c.holder == holder)
        .values(expires_at=now - timedelta(seconds=1))
    )
    with db.writer() as session:
        return bool(session.connection().execute(stmt).rowcount == 1)


def current_lease(db: Database, name: str) -> Lease | None:
    """The lease row as stored (live or expired), or None if it was never taken."""
    with db.reader() as session:
        return session.get(Lease, name)
