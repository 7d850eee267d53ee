"""Issue 11's end-to-end test, through ``monitor run`` against the KOOP emulator: a promise
"vóór 1 juni" in an answer of March and no report by then gives one ``overdue`` alert; a later
answer "na de zomer" gives ``slipped``; a report in September gives ``fulfilled``; each exactly
once, across restarts, at a real webhook receiver on loopback.

The daemon's clock for the deadline check is set per start with ``MONITOR_PROMISES_TODAY`` (the
documented override); everything else runs on real time.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.generate import entry_for_document, stamp_for
from monitor.emulator.server import Emulator
from monitor.model import Answer, Document, Format, Kind, Person, Question
from monitor.notify.tables import Delivery
from monitor.notify.webhook import verify_signature
from monitor.store.db import Database
from tests.processes import ProcessLog
from tests.webhooks import WebhookReceiver

SECRET = "promise-e2e-secret"
SUBJECT = "de evaluatie van de subsidieregeling walstroom"


class Daemon(ProcessLog):
    """``monitor run`` in a subprocess whose log lines are read as they come."""

    def __init__(self, config: Path, today: date) -> None:
        env = {**os.environ, "HOOK_SECRET": SECRET, "MONITOR_CONFIG": str(config),
               "MONITOR_PROMISES_TODAY": today.isoformat()}
        for name in ("MONITOR_DATABASE_URL", "MONITOR_SOURCE_URL"):
            env.pop(name, None)
        super().__init__(subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--shutdown-grace", "5"], env=env,
            cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    def expect(self, name: str, times: int = 1, timeout: float = 90) -> None:
        assert self.wait_for(name, times, timeout), self.tail()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(30) == 0, self.tail()
        self.reader.join(10)


def _entry(n: int, received: date, text: str) -> Entry:
    number = 1260000 + n
    doc = Document(
        identifier=f"ah-tk-20252026-{number}", kind=Kind.ANSWER, source_format=Format.XML,
        chamber="tk", vergaderjaar="2025-2026", aanhangsel_number=str(number),
        zaak=f"2026Z{number:05d}"[-10:], title=f"Vragen over walstroom ({n})",
        askers=[Person(name="J. de Vries", party="VVD", role="lid")],
        ministers=[Person(name="B. Madlener", role="Minister van Infrastructuur en Waterstaat")],
        ministry="Infrastructuur en Waterstaat", date_sent=received, date_received=received,
        questions=[Question(1, "Wanneer ontvangt de Kamer de evaluatie?")],
        answers=[Answer([1], [text])])
    # Published today, so the daemon's first poll window holds it whatever day it was received.
    today = datetime.now(UTC).date()
    return entry_for_document(doc, modified=today, stamp=stamp_for(today, random.Random(n)),
                              indieners=["J. de Vries"])


def _config(tmp: Path, database_url: str, sru_url: str, hook: str) -> Path:
    config = tmp / "config.toml"
    config.write_text(f"""
[database]
url = "{database_url}"
[source]
sru_url = "{sru_url}"
retries = 2
max_backoff_seconds = 0.2
timeout_seconds = 5
requests_per_second = 1000
first_poll_days = 30
[daemon]
poll_interval_minutes = 0.05
delivery_interval_seconds = 0.2
lease_seconds = 1.5
retry_base_seconds = 0.1
retry_max_seconds = 0.5

[[subscriptions]]
name = "walstroom"
webhook = "{hook}"
secret_env = "HOOK_SECRET"
commitments = []
promise_ministries = ["Infrastructuur"]
""", encoding="utf-8")
    return config


def _phase(config: Path, today: date, hook: WebhookReceiver, expected: int) -> None:
    """One start of the daemon with its clock at ``today``: it polls, checks the deadlines and
    sends until ``expected`` alerts have arrived in all, then stops cleanly."""
    daemon = Daemon(config, today)
    try:
        daemon.expect("daemon_started")
        assert hook.wait_for(expected), daemon.tail()
        daemon.expect("poll_job_done")
    finally:
        daemon.stop()


@pytest.mark.slow
def test_overdue_slipped_fulfilled_each_alerted_once_through_monitor_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    corpus = Corpus([_entry(1, date(2026, 3, 10),
                            f"Ik informeer uw Kamer vóór 1 juni over {SUBJECT}.")])
    hook = WebhookReceiver()
    try:
        with Emulator(corpus) as emu:
            config = _config(tmp_path, url, emu.sru_url, hook.url)
            _phase(config, date(2026, 6, 2), hook, 1)  # no report by 1 June: overdue
            corpus.add(_entry(2, date(2026, 6, 20),
                              f"Ik informeer uw Kamer na de zomer over {SUBJECT}."))
            _phase(config, date(2026, 6, 21), hook, 2)  # moved: slipped
            corpus.add(_entry(3, date(2026, 9, 15), "Op 10 september heb ik uw Kamer "
                              f"geïnformeerd over {SUBJECT}."))
            _phase(config, date(2026, 9, 16), hook, 3)  # reported: fulfilled
            # A restart and another day's check tell nothing again.
            again = Daemon(config, date(2026, 9, 17))
            try:
                again.expect("promise_check_done")
                again.expect("poll_job_done")
            finally:
                again.stop()
    finally:
        hook.close()

    told = []
    for request in hook.requests:
        headers, raw = request.headers, request.body
        assert verify_signature(SECRET, headers["X-Monitor-Signature"], raw, tolerance=600)
        body = json.loads(raw)
        assert body["schema"] == "monitor.promise/1" and body["subscription"] == "walstroom"
        promise = body["promise"]
        told.append((promise["identifier"][-1], promise["alert"], headers["Idempotency-Key"]))
    assert [(n, alert) for n, alert, _ in told] == [
        ("1", "overdue"), ("1", "slipped"), ("2", "fulfilled")]
    assert len({key for _, _, key in told}) == 3
    slipped = hook.requests[1].json["promise"]
    assert slipped["deadline"]["last"] == "2026-05-31"  # both deadlines kept
    assert slipped["linked"]["deadline"]["kind"] == "from"
    db = Database(url)
    with db.reader() as s:
        rows = s.exec(select(Delivery)).all()
    db.dispose()
    assert sorted((r.kind, r.status) for r in rows) == [("promise", "sent")] * 3
