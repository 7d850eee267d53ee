"""Dutch lemmas from simplemma's shipped dictionary, behind a small on-disk index.

simplemma ships its Dutch dictionary (about 370,000 forms) lzma-compressed inside the wheel:
nothing is downloaded. Decoding it costs about a second, which would make one ``monitor compare``
slow, so the first use writes the decoded dictionary once into an SQLite file in the user's cache
directory (``$MONITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/kamervragen-monitor``, else
``~/.cache/kamervragen-monitor``), named after the simplemma version. Later processes look words up
there in microseconds. When no cache directory is writable the dictionary stays in memory.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

_LOCK = threading.Lock()
_state: dict[str, object] = {}


def _cache_dir() -> Path:
    explicit = os.environ.get("MONITOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kamervragen-monitor"


def _version() -> str:
    from importlib.metadata import version

    return version("simplemma")


def _decoded() -> Mapping[str, str]:
    from simplemma.strategies import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("nl")


def _build(path: Path, data: Mapping[str, str]) -> None:
    """Write the index atomically: a half-written file is never seen by another process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            conn.execute("CREATE TABLE lemma (form TEXT PRIMARY KEY, lemma TEXT) WITHOUT ROWID")
            conn.executemany(
                "INSERT OR IGNORE INTO lemma VALUES (?, ?)",
                data.items(),
            )
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _backend() -> sqlite3.Connection | Mapping[str, str]:
    with _LOCK:
        found = _state.get("backend")
        if found is not None:
            return found  # type: ignore[return-value]
        path = _cache_dir() / f"lemmas-nl-simplemma-{_version()}.sqlite"
        backend: sqlite3.Connection | Mapping[str, str]
        if path.exists():
            backend = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            data = _decoded()
            # A read-only home: the decoded dictionary stays in memory.
            with contextlib.suppress(OSError):
                _build(path, data)
            backend = data
        _state["backend"] = backend
        return backend


def _lookup(form: str) -> str | None:
    backend = _backend()
    if isinstance(backend, sqlite3.Connection):
        row = backend.execute("SELECT lemma FROM lemma WHERE form = ?", (form,)).fetchone()
        return None if row is None else str(row[0])
    return backend.get(form)


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary lemma of ``word`` (lower case; separable verbs without the underscore:
    ``deelgenomen`` -> ``deelnemen``). Unknown words come back lower-cased."""
    lower = word.lower()
    found = _lookup(lower) or (_lookup(word) if word != lower else None)
    if found is None:
        return lower
    return found.replace("_", "").lower()


@lru_cache(maxsize=65536)
def known(word: str) -> bool:
    """Whether ``word`` is a form in the dictionary (used to test a rejoined separable verb)."""
    return _lookup(word.lower()) is not None
