"""The newest answers first, then the older ones, then a rerun backfill: the same change log as
arrival in date order (late arrivals found by reconciliation, lineage recomputed)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from monitor.emulator.corpus import Corpus
from monitor.emulator.faults import Faults
from monitor.emulator.generate import entry_for_document, generate_corpus
from monitor.emulator.server import Emulator
from monitor.ingest.poll import backfill
from monitor.ingest.reconcile import reconcile
from monitor.model import Answer, Document, Format, Kind, Person, Question
from monitor.store.db import Database
from monitor.track.tables import ChangeRecord, Statement

from .test_reconcile import settings_for, stored_versions

EDIP = "Europees Defensie-Industrie Programma (EDIP)"
# (received, answer about EDIP, answer about the Defensienota)
STORY = [
    (date(2025, 11, 4), f"Nederland is voornemens om deel te nemen aan het {EDIP}.",
     "Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd."),
    (date(2026, 1, 20), f"Nederland is voornemens om deel te nemen aan het {EDIP}, zo "
     "meldt het kabinet opnieuw.",
     "Hierover wordt uw Kamer na de zomer in de Defensienota 2026 nader geïnformeerd."),
    (date(2026, 3, 17), f"Nederland neemt deel aan het {EDIP}.",
     "De Defensienota 2026 is op 10 maart 2026 aan uw Kamer gezonden."),
    (date(2026, 5, 19), f"Het kabinet heeft besloten dat Nederland niet deelneemt aan het {EDIP}.",
     "Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd."),
]


def story_corpus() -> tuple[Corpus, list[str]]:
    corpus, _ = generate_corpus(12, seed=21, since=date(2025, 9, 1), until=date(2026, 6, 30))
    ids: list[str] = []
    for n, (received, edip, nota) in enumerate(STORY, start=1):
        identifier = f"ah-tk-20252026-{8000 + n}"
        doc = Document(
            identifier=identifier, kind=Kind.ANSWER, source_format=Format.XML, chamber="tk",
            vergaderjaar="2025-2026", aanhangsel_number=str(8000 + n), zaak=f"2025Z9{n:04d}",
            title=f"Antwoord op vragen over de Europese defensie-industrie ({n})",
            askers=[Person("Boswijk", party="CDA")],
            ministers=[Person("Brekelmans", role="Minister")], ministry="Defensie",
            date_sent=received - timedelta(days=21), date_received=received,
            questions=[Question(1, "Neemt Nederland deel aan EDIP?"),
                       Question(2, "Wanneer wordt de Kamer over de Defensienota geïnformeerd?")],
            answers=[Answer([1], [edip]), Answer([2], [nota])],
        )
        stamp = f"{received.isoformat()}T10:00:00.0000000+02:00"
        corpus.add(entry_for_document(doc, modified=received, stamp=stamp,
                                      indieners=["Boswijk"]))
        ids.append(identifier)
    return corpus, ids


def change_log(db: Database) -> list[tuple[str, str, str | None, tuple[str, ...], str]]:
    """The active change records, independent of ids and of when they were written."""
    with db.reader() as s:
        statements = {st.id: st for st in s.exec(select(Statement)).all()}
        records = s.exec(select(ChangeRecord).where(ChangeRecord.retracted_at == None)  # noqa: E711
                         ).all()
        log = []
        for r in records:
            current = statements[r.statement_id]
            previous = statements[r.previous_id] if r.previous_id else None
            log.append((r.commitment, current.identifier,
                        previous.identifier if previous else None, tuple(r.verdicts),
                        r.diff_text))
    return sorted(log, key=lambda x: (x[0], x[1], x[2] or "", x[3], x[4]))


def test_newest_first_then_older_then_a_rerun_backfill_equals_date_order(
    tmp_path: Path
) -> None:
    corpus, ids = story_corpus()
    since = date(2025, 8, 1)
    until = date(2026, 7, 31)
    with Emulator(corpus) as emu:
        in_order = f"sqlite:///{tmp_path / 'in-order.db'}"
        settings = settings_for(emu.sru_url, in_order, notify_alert_max_age_days=0)
        reference = Database(in_order)
        backfill(reference, settings, since, until)
        expected = change_log(reference)
        assert {c for c, *_ in expected} == {"edip-participation", "defensienota-2026"}
        assert len(expected) >= 6

        reversed_url = f"sqlite:///{tmp_path / 'newest-first.db'}"
        settings = settings_for(emu.sru_url, reversed_url, notify_alert_max_age_days=0)
        db = Database(reversed_url)
        # The newest answer is listed first; the older ones only appear later, one by one,
        # newest of them first (each with its old dt.modified: late arrivals).
        for visible in range(1, len(ids) + 1):
            emu.faults = Faults(hidden=set(ids[: len(ids) - visible]))
            if visible == 1:
                backfill(db, settings, since, until)
            else:
                reconcile(db, settings, since=since, until=until, scope="manual")
        emu.faults = Faults()
        backfill(db, settings, since, until)  # the rerun finds nothing more to do
        assert change_log(db) == expected
        stored = stored_versions(db)
        assert set(stored) == set(corpus.identifiers())
        assert all(len(v) == 1 for v in stored.values())
        reference.dispose()
        db.dispose()
