"""Copy every table from one database to another (SQLite -> PostgreSQL, or back).

The target is migrated to the same schema first and must be empty; rows are copied table by
table in foreign-key order inside one transaction on the target, so a failed copy leaves the
target as empty as it was. PostgreSQL sequences are moved past the copied ids afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from monitor.errors import StoreError
from monitor.logs import event
from monitor.schema import metadata
from monitor.store.db import Database

log = logging.getLogger("monitor.daemon")


def safe_url(url: str) -> str:
    """``url`` with any password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparsable url>"


def copy_database(
    source: Database,
    target: Database,
    *,
    batch: int = 1000,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy all rows of ``source`` into the empty ``target``; return rows copied per table."""
    if source.engine.url == target.engine.url:
        raise StoreError(f"source and target are the same database: {safe_url(source.url)!r}")
    with source.engine.connect() as src_conn:
        src_names = set(source.engine.dialect.get_table_names(src_conn))
    tables = [t for t in metadata.sorted_tables if t.name in src_names]
    counts: dict[str, int] = {}
    try:
        with target.engine.begin() as dst, source.engine.connect() as src:
            dst_names = set(target.engine.dialect.get_table_names(dst))
            for table in tables:
                if table.name not in dst_names:
                    raise StoreError(
                        f"target database {safe_url(target.url)!r} has no table {table.name!r}: "
                        "run `monitor init` with the same version on it first"
                    )
                if dst.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StoreError(
                        f"target database {safe_url(target.url)!r} is not empty (table "
                        f"{table.name!r} has rows): copy only into a new, empty database"
                    )
            for table in tables:
                copied = 0
                result = src.execution_options(yield_per=batch).execute(select(table))
                for rows in result.partitions(batch):
                    dst.execute(table.insert(), [dict(r._mapping) for r in rows])
                    copied += len(rows)
                    if progress is not None:
                        progress(table.name, copied)
                counts[table.name] = copied
                event(log, "table_copied", table=table.name, rows=copied)
            if target.engine.dialect.name == "postgresql":
                _advance_sequences(dst, tables)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"copying into {safe_url(target.url)!r} failed, nothing was kept: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        ) from None
    return counts


def _advance_sequences(conn: Connection, tables: list[Table]) -> None:
    """Explicit ids were inserted: move each serial sequence past the highest copied id."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        col = pk[0].name
        seq = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col}
        ).scalar()
        if seq is None:
            continue
        conn.execute(
            text(
                f'SELECT setval(:s, COALESCE((SELECT MAX("{col}") FROM "{table.name}"), 1), '  # noqa: S608 - names come from our own metadata
                f'(SELECT MAX("{col}") FROM "{table.name}") IS NOT NULL)'
            ),
            {"s": seq},
        )
