"""A database filled from the emulator corpus (plus a hostile document) and the web server on it.

The corpus is the project's default emulator corpus: the real Tozo answer, the 2026 Defensie
answer (PDF only) and generated answers in the real formats. One publication is added whose
title, question and answer carry markup (``<script>``, an ``<img onerror>``): the pages must
show it as text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from monitor.config import Settings, load_settings
from monitor.emulator.defaults import default_corpus
from monitor.emulator.generate import entry_for_document
from monitor.emulator.server import Emulator
from monitor.ingest.poll import backfill
from monitor.model import Answer, Document, Kind, Person, Question
from monitor.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "ah-tk-20252026-9999"
SCRIPT = "<script>alert('kv')</script>"
# Artefacts (screenshots) go here; the folder is ignored by git.
ARTEFACTS = Path(os.environ.get("MONITOR_TEST_ARTEFACTS", ROOT / "test-artefacts"))


def hostile_document() -> Document:
    return Document(
        identifier=HOSTILE, kind=Kind.ANSWER, chamber="tk", vergaderjaar="2025-2026",
        aanhangsel_number="9999", zaak="2026Z99999",
        title=f"Antwoord op vragen over {SCRIPT} en EDIP",
        askers=[Person("Jansen <b>vet</b>", party="GL-PvdA", role="lid")],
        ministers=[Person("Brekelmans", role="Minister")], ministry="Defensie",
        date_sent=date(2026, 6, 1), date_received=date(2026, 6, 10),
        questions=[
            Question(1, f"Wat betekent {SCRIPT} voor de deelname aan EDIP?"),
            Question(2, 'Kunt u <img src=x onerror="alert(2)"> toelichten?'),
        ],
        answers=[
            Answer([1], ["Nederland neemt inmiddels deel aan het Europees Defensie-Industrie "
                         f"Programma (EDIP). {SCRIPT}"]),
            Answer([2], ["Zie antwoord op vraag 1."], refers_to=[1]),
        ],
    )


def make_settings(db_url: str, sru_url: str = "http://127.0.0.1:9/sru") -> Settings:
    env = {
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "2000",
        "MONITOR_SOURCE_MAX_BACKOFF_SECONDS": "0.05",
        "MONITOR_SOURCE_TIMEOUT_SECONDS": "10",
        "MONITOR_SOURCE_PARSE_PROCESSES": "0",
    }
    return load_settings(ROOT / "config.toml", environ=env)


def fill(db_url: str) -> Settings:
    """Backfill ``db_url`` from the default emulator corpus plus the hostile document."""
    corpus, _ = default_corpus()
    doc = hostile_document()
    corpus.add(entry_for_document(
        doc, modified=date(2026, 6, 11), stamp="2026-06-11T10:00:00.0000000+02:00",
        indieners=["Jansen <b>vet</b>"], content_area="officielepublicaties/ah-tk/20252026",
    ))
    with Emulator(corpus) as emu:
        settings = make_settings(db_url, emu.sru_url)
        db = Database(db_url)
        try:
            report = backfill(db, settings, date(2019, 1, 1))
        finally:
            db.dispose()
    assert report.failed == 0, report
    return settings


@dataclass
class Site:
    settings: Settings
    db: Database
    base: str

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    return url, fill(url)


@pytest.fixture(scope="session")
def site(filled: tuple[str, Settings]) -> Iterator[Site]:
    """The web server (uvicorn, a real socket on loopback) over the filled database."""
    from monitor.web.server import WebThread

    url, settings = filled
    db = Database(url)
    server = WebThread(settings, db, host="127.0.0.1", port=0)
    server.start()
    try:
        yield Site(settings, db, server.url)
    finally:
        server.stop()
        db.dispose()
