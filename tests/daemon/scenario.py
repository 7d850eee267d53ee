"""A small world with known commitment changes, served by the KOOP emulator (crash test, bench)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.generate import entry_for_document, stamp_for
from monitor.model import Answer, Document, Format, Kind, Person, Question

# What the government says about EDIP and the Defensienota, answer after answer: the first one
# is first seen, then the position changes, then it is restated, then the timeline slips.
STATEMENTS: list[tuple[str, str]] = [
    ("Neemt Nederland deel aan EDIP?",
     "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
     "Defensie-Industrie Programma (EDIP)."),
    ("Wanneer wordt de Kamer geïnformeerd over de Defensienota?",
     "Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd."),
    ("Wat is de stand van zaken rond EDIP?",
     "Nederland neemt deel aan het Europees Defensie-Industrie Programma (EDIP)."),
    ("Kunt u de planning van de Defensienota toelichten?",
     "Hierover wordt uw Kamer na de zomer van 2027 in de Defensienota nader geïnformeerd."),
    ("Blijft Nederland deelnemen aan EDIP?",
     "Nederland neemt niet langer deel aan het Europees Defensie-Industrie Programma (EDIP)."),
    ("Hoe staat het met EDIP?",
     "Nederland neemt niet langer deel aan het Europees Defensie-Industrie Programma (EDIP)."),
]  # fmt: skip


def answer_document(n: int, question: str, answer: str, received: date) -> Document:
    number = 1250000 + n
    return Document(
        identifier=f"ah-tk-20252026-{number}",
        kind=Kind.ANSWER,
        source_format=Format.XML,
        chamber="tk",
        vergaderjaar="2025-2026",
        aanhangsel_number=str(number),
        zaak=f"2026Z{number:05d}"[-10:],
        title=f"Vragen over Europese defensiesamenwerking ({n})",
        askers=[Person(name="J. de Vries", party="VVD", role="lid")],
        ministers=[Person(name="G. Boswijk", role="Staatssecretaris van Defensie")],
        ministry="Defensie",
        date_sent=received - timedelta(days=21),
        date_received=received,
        questions=[
            Question(1, "Bent u bekend met het bericht over Europese defensiesamenwerking?"),
            Question(2, question),
        ],
        answers=[Answer([1], ["Ja."]), Answer([2], [answer])],
    )


def entries(today: date | None = None, modified: date | None = None) -> list[Entry]:
    """One answer per statement, received on consecutive days ending yesterday.

    ``modified`` (dt.modified) defaults to the day received; a later one makes an answer appear
    to a poll whose cursor is already past the day it was received.
    """
    today = today or datetime.now(UTC).date()
    out = []
    for i, (question, answer) in enumerate(STATEMENTS):
        day = today - timedelta(days=len(STATEMENTS) - i)
        doc = answer_document(i + 1, question, answer, day)
        mod = modified or day
        out.append(
            entry_for_document(
                doc, modified=mod, stamp=stamp_for(mod, random.Random(i)), indieners=["J. de Vries"]
            )
        )
    return out


def corpus() -> Corpus:
    return Corpus(entries())


# (subscription, commitment, answer number in STATEMENTS) of every alert the scenario must give
EXPECTED: set[tuple[str, str, int]] = {
    ("alles", "edip-participation", 1),
    ("alles", "defensienota-2026", 2),
    ("alles", "edip-participation", 3),
    ("alles", "defensienota-2026", 4),
    ("alles", "edip-participation", 5),
    ("alles", "edip-participation", 6),
    ("edip", "edip-participation", 1),
    ("edip", "edip-participation", 3),
    ("edip", "edip-participation", 5),
    ("edip", "edip-participation", 6),
}


def identifier(n: int) -> str:
    return f"ah-tk-20252026-{1250000 + n}"


def config_text(database_url: str, sru_url: str, hooks: dict[str, str], **daemon: object) -> str:
    """config.toml for the scenario: the shipped commitments, one webhook per subscription."""
    repo_config = (Path(__file__).resolve().parents[2] / "config.toml").read_text("utf-8")
    start = repo_config.index("[[commitments]]")
    end = repo_config.index("# --- subscriptions")
    lines = [
        f'[database]\nurl = "{database_url}"',
        f'[source]\nsru_url = "{sru_url}"\nretries = 2\nmax_backoff_seconds = 0.2\n'
        "timeout_seconds = 5\nrequests_per_second = 1000\nfirst_poll_days = 30",
        "[daemon]\n" + "\n".join(f"{k} = {v!r}" for k, v in daemon.items()),
        repo_config[start:end],
    ]
    subs = {
        "alles": '["*"]',
        "edip": '["edip-participation"]',
    }
    for name, commitments in subs.items():
        lines.append(
            f'[[subscriptions]]\nname = "{name}"\nwebhook = "{hooks[name]}"\n'
            f'secret_env = "HOOK_SECRET"\ncommitments = {commitments}\n'
            'verdicts = ["first_seen", "position_changed", "timeline_changed", '
            '"negation_flipped", "fulfilled", "figures_changed", "restated", "reworded"]'
        )
    return "\n\n".join(lines) + "\n"
