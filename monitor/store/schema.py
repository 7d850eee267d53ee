"""Imports every table module so that ``SQLModel.metadata`` holds the whole schema."""

from __future__ import annotations

import contextlib
import importlib

from sqlmodel import SQLModel

import monitor.store.tables  # noqa: F401

for _module in ("monitor.track.tables", "monitor.notify.tables", "monitor.daemon.tables",
                "monitor.promises.tables"):
    with contextlib.suppress(ModuleNotFoundError):
        importlib.import_module(_module)

metadata = SQLModel.metadata
