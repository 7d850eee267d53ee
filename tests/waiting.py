"""The tests' one way to wait for something another thread or process does: poll an observable
condition until it holds, with a deadline (never a fixed sleep as synchronisation)."""

from __future__ import annotations

import time
from collections.abc import Callable

# Short enough not to slow a test down, long enough not to busy-wait a 2-core machine.
POLL_SECONDS = 0.02


def wait_until(condition: Callable[[], object], timeout: float = 30.0,
               what: str = "the condition") -> None:
    """Return once ``condition()`` is true; AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(POLL_SECONDS)
