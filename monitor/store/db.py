"""The database: engine set-up (SQLite or PostgreSQL), migrations, and the single writer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from monitor.errors import StoreError
from monitor.redact import redact_text, redact_url

# The top-level migrations/ folder, reached through the monitor/migrations link (in a checkout)
# or its installed copy (in a wheel).
MIGRATIONS = Path(__file__).parent.parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with foreign keys and WAL on SQLite."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        # Never echo the password of a URL that could not be used.
        raise StoreError(
            f"database url {redact_url(url, keep_path=True)!r} is not usable: "
            f"{redact_text(str(exc))}") from None
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def pending_migrations(engine: Engine) -> bool:
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current != set(script.get_heads())


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision of every migration branch."""
    try:
        if pending_migrations(engine):
            command.upgrade(alembic_config(engine), "heads")
    except OperationalError as exc:
        reason = str(exc.orig)
        if "readonly" in reason.replace(" ", "").lower():
            # Not a schema problem: say what the operator has to fix.
            raise StoreError(f"database {engine.url!r} is read-only (check the permissions of "
                             f"the file and its folder): {reason}") from None
        raise StoreError(f"cannot migrate database {engine.url!r}: {exc.orig}") from None


class Database:
    """Engine plus the one writer: on SQLite, writes from all threads are serialised here."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._write_lock = threading.RLock()
        if self.is_sqlite and url not in ("sqlite://", "sqlite:///:memory:"):
            path = url.split("///", 1)[-1]
            if path:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        if migrate_schema:
            migrate(self.engine)

    @contextmanager
    def writer(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or rolled back on error."""
        with self._write_lock, Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    try:
        return Database(url)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {redact_url(url, keep_path=True)!r}: "
                         f"{redact_text(str(exc).splitlines()[0])}") from None
