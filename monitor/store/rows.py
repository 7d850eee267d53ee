"""Rows for Core inserts, and objects for rows that were written that way.

Constructing a SQLModel table object costs about 0.2 ms (defaults copied and every attribute
set through the ORM's instrumentation): in a backfill that was a third of the writer's time.
Hot paths build plain dicts (:func:`full_row`), insert them with one Core ``executemany``, and
hand the few callers that read attributes an object made as the ORM makes a loaded row
(:func:`loaded`), without validation or change tracking.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from pydantic_core import PydanticUndefined
from sqlalchemy.orm import class_mapper
from sqlmodel import SQLModel

M = TypeVar("M", bound=SQLModel)


@cache
def _defaults(model: type[SQLModel]) -> tuple[tuple[str, Any, Callable[[], Any] | None], ...]:
    """(column, default, factory) of every column of ``model`` but an autoincrement ``id``."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    out: list[tuple[str, Any, Callable[[], Any] | None]] = []
    for column in table.columns:
        if column.name == "id":
            continue
        info = model.model_fields[column.name]
        factory: Any = info.default_factory
        out.append((column.name, info.default, factory))
    return tuple(out)


def full_row(model: type[SQLModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every column of a new ``model`` row (``id`` aside): ``values``, else the field's default.

    A column without a value or a default is a programming error (as the model's own
    constructor would leave it), so it raises ``KeyError`` naming it.
    """
    row: dict[str, Any] = {}
    for name, default, factory in _defaults(model):
        if name in values:
            row[name] = values[name]
        elif factory is not None:
            row[name] = factory()
        elif default is PydanticUndefined:
            raise KeyError(f"{model.__name__}.{name}: no value and no default")
        else:
            # A mutable default (a list or dict) must not be shared between rows.
            row[name] = default.copy() if isinstance(default, list | dict) else default
    return row


@cache
def _manager(model: type[SQLModel]) -> Any:
    # The attributes of a model read nothing until its mapper is configured, which the first
    # query or constructor does; an object built here may come before either.
    return class_mapper(model).class_manager


def loaded(model: type[M], row: Mapping[str, Any]) -> M:
    """An object of ``model`` holding ``row`` (with its ``id``), built as the ORM builds an
    object it reads: not in any session and not validated. For rows just written by a Core
    insert, to callers that read their attributes."""
    obj: M = _manager(model).new_instance()
    obj.__dict__.update(row)
    return obj
