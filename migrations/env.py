"""Alembic environment: the engine comes from the monitor (``config.attributes['engine']``)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator
from sqlmodel.sql.sqltypes import AutoString

from monitor.schema import metadata
from monitor.store.db import make_engine


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # SQLModel's own types would be rendered without an import: write plain SQLAlchemy types.
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if (
        type_ == "type"
        and isinstance(obj, TypeDecorator)
        and type(obj).__module__.startswith("sqlmodel")
    ):
        return "sa.DateTime(timezone=True)"
    return False


def run() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///monitor.db"
        engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,  # SQLite can only ALTER through table copies
            render_item=_render_item,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
