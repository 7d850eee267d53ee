"""What every CLI command receives: the settings and, opened on first use, the database.

Both are loaded lazily, so that ``--help`` works with a broken configuration and a command
pays for SQLAlchemy only when it touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.config import Settings
    from monitor.store.db import Database


@dataclass
class App:
    _settings: Settings | None = None
    config_path: str | None = None
    # Only the commands that set a database up may create one; the others fail with
    # "no database at PATH" rather than report an empty database that a typo just made.
    create_database: bool = True
    _db: Database | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from monitor.config import load_settings

            self._settings = load_settings(self.config_path)
        return self._settings

    @property
    def db(self) -> Database:
        """The database, migrated to the newest schema on first use."""
        if self._db is None:
            from monitor.store.db import open_database

            self._db = open_database(self.settings.database.url, create=self.create_database)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None
