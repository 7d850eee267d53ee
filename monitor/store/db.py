"""The database: engine set-up (SQLite or PostgreSQL), migrations, and the single writer."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

from monitor.errors import StoreError
from monitor.redact import redact_text, redact_url

if TYPE_CHECKING:
    from alembic.config import Config

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


def normalise_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` (as Heroku, libpq and most hosts write them) use
    psycopg 3, the driver this project installs; other URLs pass unchanged."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory databases and other engines."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1] if "///" in url else ""
    path = path.split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with foreign keys and WAL on SQLite."""
    url = normalise_url(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        # Never echo the password of a URL that could not be used.
        raise StoreError(
            f"database url {redact_url(url, keep_path=True)!r} is not usable: "
            f"{redact_text(str(exc))}") from None
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # Alembic costs ~0.5 s to import: only to migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


def schema_heads(folder: Path | None = None) -> set[str]:
    """The newest revision of every migration branch, read from the migration files.

    Reads the ``revision``/``down_revision`` lines only, so that checking the schema version
    costs one query and no Alembic import.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in sorted((folder or MIGRATIONS / "versions").glob("*.py")):
        values = dict(_ASSIGNMENT.findall(file.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        if isinstance(down, str):
            parents.add(down)
        elif down:
            parents.update(down)
    return revisions - parents


def current_heads(engine: Engine) -> set[str]:
    """The revisions recorded in the database (empty for a database without a schema)."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return set()
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return {row[0] for row in rows}


def pending_migrations(engine: Engine) -> bool:
    return current_heads(engine) != schema_heads()


def _transactional_sqlite_engine(url: str) -> Engine:
    """An engine whose transactions really cover DDL.

    pysqlite starts a transaction only before DML, so every CREATE TABLE of a migration
    commits on its own: a process killed mid-migration left tables without their version row
    and every later start failed with "table ... already exists". Here the driver's own
    transaction handling is off and each transaction begins with BEGIN IMMEDIATE, which also
    makes a second process wait for the first one's migration instead of repeating it.
    """
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None}
    )
    event.listen(engine, "connect", _sqlite_pragmas)

    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "begin", _begin)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision of every migration branch."""
    try:
        if not pending_migrations(engine):
            return
        from alembic import command

        if engine.dialect.name == "sqlite":
            migrating = _transactional_sqlite_engine(str(engine.url.render_as_string(False)))
            try:
                command.upgrade(alembic_config(migrating), "heads")
            finally:
                migrating.dispose()
                # Pooled connections opened before the migration keep a stale schema cache.
                engine.dispose()
        else:
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

    def __init__(self, url: str, *, migrate_schema: bool = True, create: bool = True) -> None:
        self.url = url
        path = sqlite_path(url)
        if path is not None and not create and not path.is_file():
            raise StoreError(
                f"no database at {path} (check MONITOR_DATABASE_URL or [database] url; "
                "`monitor init` creates one)"
            )
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._write_lock = threading.RLock()
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        if not create and not current_heads(self.engine):
            self.engine.dispose()
            raise StoreError(
                f"database {redact_url(url, keep_path=True)} has no monitor schema "
                "(`monitor init` creates it)"
            )
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


def open_database(url: str, *, create: bool = True) -> Database:
    """Open (and migrate) the database; with ``create=False`` a missing one is an error."""
    try:
        return Database(url, create=create)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {redact_url(url, keep_path=True)!r}: "
                         f"{redact_text(str(exc).splitlines()[0])}") from None
