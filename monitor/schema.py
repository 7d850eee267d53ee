"""The whole schema: every stage's tables, registered in one place.

A stage's tables module defines its own tables; this module imports them all, so that
``metadata`` (for Alembic, ``monitor migrate-db`` and the tests) holds every table. It sits
above every stage that has tables, so that no stage has to know the stages above it.
"""

from __future__ import annotations

from sqlmodel import SQLModel

import monitor.daemon.tables
import monitor.notify.tables
import monitor.promises.tables
import monitor.store.tables
import monitor.track.tables

TABLE_MODULES = (
    monitor.store.tables,
    monitor.track.tables,
    monitor.notify.tables,
    monitor.promises.tables,
    monitor.daemon.tables,
)
metadata = SQLModel.metadata
