"""SQLModel tables of the daemon: the poller lease and the source-alert state.

Created and changed only by the Alembic branch ``daemon`` (``migrations/versions/d*.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

import monitor.store.tables  # noqa: F401  - sets the naming convention before our tables exist
from monitor.store.tables import utcnow


class Lease(SQLModel, table=True):
    """A named lease: the one process that holds it (until ``expires_at``) does that work."""

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(default="", max_length=200)
    expires_at: datetime
    acquired_at: datetime = Field(default_factory=utcnow)
    renewed_at: datetime = Field(default_factory=utcnow)


class SourceState(SQLModel, table=True):
    """Whether the source counts as down, and which operator alert was last enqueued for it.

    One row per source (``name`` = "koop"). The alert and this row change in one transaction, so
    "source_down" and "source_recovered" are each enqueued exactly once per outage.
    """

    name: str = Field(primary_key=True, max_length=40)
    failing_since: datetime | None = None  # first failed poll after the last successful one
    consecutive_failures: int = 0
    last_ok_at: datetime | None = None
    last_error: str = ""
    down_alerted_at: datetime | None = None  # set: "source_down" went out for this outage
    recovered_alerted_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
