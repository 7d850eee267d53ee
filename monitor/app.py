"""What every CLI command receives: the settings and, opened on first use, the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.config import Settings
from monitor.store.db import Database, open_database


@dataclass
class App:
    settings: Settings
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        """The database, migrated to the newest schema on first use."""
        if self._db is None:
            self._db = open_database(self.settings.database.url)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None
