"""Chromium from the operating system's packages, driven by Playwright (never its own build)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium"))
# .ci/run sets this: there a missing browser is a failure, not a skip.
REQUIRED = os.environ.get("MONITOR_REQUIRE_BROWSER") == "1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (MONITOR_REQUIRE_BROWSER=1: browser tests are mandatory here)")
    pytest.skip(reason)


def launch() -> Iterator[Any]:
    """A headless Chromium, or a skip naming what is missing."""
    if not CHROMIUM.exists():
        _missing(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
