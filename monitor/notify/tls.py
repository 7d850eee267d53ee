"""TLS client contexts, built once per process (each costs tens of ms of CPU to build)."""

from __future__ import annotations

import os
import ssl
import threading
from collections.abc import Callable

_LOCK = threading.Lock()
_CONTEXTS: dict[tuple[str, str, str], ssl.SSLContext] = {}


def cached_context(kind: str, build: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    """The ``kind`` context ("smtp", "https"), built by ``build`` on first use.

    Keyed by SSL_CERT_FILE/SSL_CERT_DIR too, which a context reads when it is built.
    """
    key = (kind, os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", ""))
    with _LOCK:
        context = _CONTEXTS.get(key)
        if context is None:
            context = _CONTEXTS[key] = build()
        return context
