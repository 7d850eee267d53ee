"""Promises stored per answer version (SQLite on disk and PostgreSQL), listed and shown by the
CLI, and discovered by ingest against the KOOP emulator."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from monitor.cli import cli
from monitor.errors import MonitorError, NotFound
from monitor.model import Document
from monitor.parse import parse_file
from monitor.promises.store import (
    PromiseQuery,
    get_promise,
    list_promises,
    scan_stored,
    store_promises,
)
from monitor.promises.tables import PromiseRecord
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion
from tests.samples import ANSWER_2026, REAL_ANSWERS


def _store_version(db: Database, doc: Document, number: int) -> int:
    """Store ``doc`` as version ``number`` of its publication, as ingest does, with promises."""
    with db.writer() as s:
        pub = s.exec(select(Publication).where(Publication.identifier == doc.identifier)).first()
        if pub is None:
            pub = Publication(identifier=doc.identifier, kind="answer", ministry=doc.ministry,
                              date_received=doc.date_received)
            s.add(pub)
            s.flush()
        assert pub.id is not None
        version = PublicationVersion(publication_id=pub.id, number=number,
                                     modified=doc.date_received or date(2024, 1, 1),
                                     stamp=str(number), document=doc.to_json())
        s.add(version)
        s.flush()
        pub.current_version_id = version.id
        s.add(pub)
        return store_promises(s, pub, version, doc)


@pytest.fixture
def db(database_url: str) -> Database:
    return Database(database_url)


def test_versions_keep_ids_retire_vanished_promises_and_list_by_deadline(db: Database) -> None:
    doc = parse_file(REAL_ANSWERS / "ah-tk-20242025-578.txt")
    first = _store_version(db, doc, 1)
    assert first >= 3
    with db.reader() as s:
        rows = {r.id: r for r in s.exec(select(PromiseRecord)).all()}
        listed = list_promises(s, PromiseQuery(), today=date(2024, 11, 20))
    assert len(rows) == first and all(r.active for r in rows.values())
    published = next(r for r in rows.values() if r.deadline_kind == "by")
    assert (published.deadline_kind, published.deadline_last) == ("by", date(2024, 12, 31))
    assert published.ministry == "Volksgezondheid, Welzijn en Sport"
    # the soonest deadline comes first: the publication "by" and the raise of the tariffs "in
    # 2024" (its coordinated "en 2025" not read) both end on 31 December 2024
    soonest = {r.id for r in rows.values() if r.deadline_last == date(2024, 12, 31)}
    assert published.id in soonest and listed[0]["id"] in soonest

    # A corrected version without that sentence: same ids for the rest, the lost one retired.
    gone = re.compile(r"Deze\s*zal\s*voor\s+het\s+einde\s+van\s+dit\s+jaar\s+worden\s*"
                      r"gepubliceerd\.")
    answers = [replace(a, paragraphs=[gone.sub("", p) for p in a.paragraphs])
               for a in doc.answers]
    second = _store_version(db, replace(doc, answers=answers), 2)
    assert second == first - 1
    with db.reader() as s:
        after = {r.id: r for r in s.exec(select(PromiseRecord)).all()}
        assert set(after) == set(rows)
        assert not after[published.id].active
        assert all(r.active and r.version_id != published.version_id
                   for i, r in after.items() if i != published.id)
        assert len(list_promises(s, PromiseQuery(), today=date(2024, 11, 20))) == second


def test_status_filters_follow_the_calendar(db: Database) -> None:
    _store_version(db, parse_file(REAL_ANSWERS / "ah-tk-20242025-578.txt"), 1)
    with db.reader() as s:
        def ids(status: str, day: date) -> set[str]:
            return {p["id"] for p in list_promises(s, PromiseQuery(status=status), today=day)}

        dated = {p["id"] for p in list_promises(s, PromiseQuery(due_before=date(2025, 1, 1)))}
        assert len(dated) == 2  # the publication by 31 December, the tariffs raised in 2024
        assert dated <= ids("open", date(2024, 11, 20)) or dated <= ids("due", date(2024, 12, 5))
        assert dated <= ids("due", date(2024, 12, 5))
        assert dated <= ids("overdue", date(2025, 1, 1))
        assert not dated & ids("overdue", date(2024, 12, 31))
        assert ids("fulfilled", date(2025, 1, 1)) == set()


def test_cli_lists_and_shows_promises(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    db = Database(url)
    _store_version(db, parse_file(ANSWER_2026),
                   1)
    db.dispose()
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": url}
    out = runner.invoke(cli, ["promises", "--ministry", "defensie", "--format", "json"], env=env)
    assert out.exit_code == 0, out.output
    items = json.loads(out.output)
    nota = next(i for i in items if i["deadline"]["kind"] == "document")
    assert nota["deadline"]["document"] == "Defensienota 2026" and nota["questions"] == [7]
    shown = runner.invoke(cli, ["promise", nota["id"]], env=env)
    assert shown.exit_code == 0 and "with Defensienota 2026" in shown.output
    csv_out = runner.invoke(cli, ["promises", "--format", "csv"], env=env)
    assert csv_out.output.splitlines()[0].startswith("id,status,deadline")
    assert len(csv_out.output.splitlines()) == len(items) + 1
    # Bad input is a MonitorError: `monitor` prints it as one line and exits 1.
    bad = runner.invoke(cli, ["promises", "--due-before", "1 juni"], env=env)
    assert isinstance(bad.exception, MonitorError) and "--due-before" in str(bad.exception)
    missing = runner.invoke(cli, ["promise", "0123456789abcdef"], env=env)
    assert isinstance(missing.exception, NotFound)


def test_rescan_reads_stored_answers_again(db: Database) -> None:
    _store_version(db, parse_file(REAL_ANSWERS / "ah-tk-20242025-594.txt"), 1)
    with db.writer() as s:
        for row in s.exec(select(PromiseRecord)).all():
            s.delete(row)
    assert scan_stored(db) >= 5
    with db.reader() as s:
        one = list_promises(s, PromiseQuery(ministry="Volksgezondheid"))[0]
        assert get_promise(s, one["id"])["version"] == 1


def test_ingest_discovers_promises_of_every_stored_answer(sqlite_url: str) -> None:
    """A backfill from the KOOP emulator (real HTTP on loopback) stores the 2026 answer's
    promises in the transaction that stores the answer."""
    from monitor.config import load_settings
    from monitor.emulator.defaults import default_corpus
    from monitor.emulator.server import Emulator
    from monitor.ingest.poll import backfill

    corpus, _ = default_corpus(generated=5, seed=3)
    with Emulator(corpus) as emu:
        env = {"MONITOR_SOURCE_URL": emu.sru_url, "MONITOR_DATABASE_URL": sqlite_url,
               "MONITOR_SOURCE_REQUESTS_PER_SECOND": "2000",
               "MONITOR_SOURCE_MAX_BACKOFF_SECONDS": "0.05"}
        settings = load_settings(Path(__file__).resolve().parents[2] / "config.toml",
                                 environ=env)
        db = Database(sqlite_url)
        report = backfill(db, settings, date(1998, 1, 1))
    assert report.failed == 0
    with db.reader() as s:
        rows = s.exec(select(PromiseRecord).where(PromiseRecord.identifier == "ah-1251487")).all()
    db.dispose()
    assert {(r.act, r.deadline_document, tuple(r.questions)) for r in rows} >= {
        ("informeren", "Defensienota 2026", (7,)), ("deelnemen", "", (8,))}


def _answer(identifier: str, received: date, text: str) -> Document:
    from monitor.model import Answer, Kind, Person, Question

    return Document(identifier=identifier, kind=Kind.ANSWER,
                    ministry="Infrastructuur en Waterstaat",
                    ministers=[Person(name="Madlener", role="Minister")], date_received=received,
                    questions=[Question(1, "Wanneer komt de evaluatie?")],
                    answers=[Answer(numbers=[1], paragraphs=[text])])


def test_a_promise_falls_overdue_slips_and_is_kept(db: Database) -> None:
    _store_version(db, _answer("ah-a", date(2025, 3, 10), "Ik informeer uw Kamer vóór 1 juni "
                                "over de evaluatie van de stuw Borgharen."), 1)
    with db.reader() as s:
        [march] = list_promises(s, PromiseQuery(status="overdue"), today=date(2025, 6, 5))
        assert list_promises(s, PromiseQuery(status="overdue"), today=date(2025, 5, 31)) == []
    assert march["deadline"]["last"] == "2025-05-31"

    # An unrelated promise of another subject does not move it.
    _store_version(db, _answer("ah-b", date(2025, 6, 10), "Ik informeer uw Kamer na de zomer "
                                "over de subsidieregeling voor binnenvaartschippers."), 1)
    _store_version(db, _answer("ah-c", date(2025, 6, 20), "Ik informeer uw Kamer na de zomer "
                                "over de evaluatie van de stuw Borgharen."), 1)
    with db.reader() as s:
        moved = get_promise(s, march["id"])
        later = get_promise(s, moved["linked_id"])
    assert (moved["status"], moved["status_identifier"]) == ("slipped", "ah-c")
    assert moved["deadline"]["last"] == "2025-05-31"  # both dates kept
    assert (later["identifier"], later["deadline"]["first"]) == ("ah-c", "2025-09-02")

    _store_version(db, _answer("ah-d", date(2025, 9, 25), "Op 22 september heb ik uw Kamer "
                                "geïnformeerd over de evaluatie van de stuw Borgharen."), 1)
    with db.reader() as s:
        kept = get_promise(s, later["id"])
        other = list_promises(s, PromiseQuery(ministry="Infrastructuur"),
                              today=date(2025, 9, 26))
    assert (kept["status"], kept["status_identifier"], kept["status_on"]) == (
        "fulfilled", "ah-d", "2025-09-25")
    statuses = {p["identifier"]: p["status"] for p in other}
    assert statuses == {"ah-a": "slipped", "ah-b": "open", "ah-c": "fulfilled"}
