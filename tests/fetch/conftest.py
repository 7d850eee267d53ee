"""Fixtures: a KOOP emulator on loopback over a small corpus, and clients that do not really
wait between retries (their waits are recorded instead)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from monitor.config import SourceSettings
from monitor.emulator import Corpus, Emulator
from monitor.emulator.defaults import DEFAULT_CORPUS_DIR
from monitor.emulator.generate import generate_corpus
from monitor.fetch.http import HttpClient

DATA = Path(__file__).parent.parent / "data" / "fetch"


def small_corpus(answers: int = 30, seed: int = 3) -> Corpus:
    corpus = Corpus.load(DEFAULT_CORPUS_DIR)
    generate_corpus(answers, seed=seed, corpus=corpus, since=date(2025, 1, 1),
                    until=date(2025, 12, 31), question_share=0.0, postponement_share=0.0,
                    unanswered_share=0.0)
    return corpus


@pytest.fixture
def corpus() -> Corpus:
    return small_corpus()


@pytest.fixture
def emulator(corpus: Corpus) -> Iterator[Emulator]:
    with Emulator(corpus) as emu:
        yield emu


class Waits(list[float]):
    """A ``sleep`` stand-in that records every wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def make_client(emulator: Emulator, waits: Waits) -> Iterator[Callable[..., HttpClient]]:
    clients: list[HttpClient] = []

    def make(**overrides: Any) -> HttpClient:
        options: dict[str, Any] = {"sru_url": emulator.sru_url, "requests_per_second": 1000.0,
                                   "timeout_seconds": 5.0, "retries": 3}
        options.update(overrides)
        client = HttpClient(SourceSettings(**options), sleep=waits)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
