"""The issue's "Done when": `monitor run` killed with SIGKILL at random points while answers with
known commitment changes are polled from the KOOP emulator and the webhook receivers go up and
down; after restart and recovery every expected alert arrived exactly once per subscription
(after de-duplication by Idempotency-Key) and nothing unexpected arrived."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.emulator.corpus import Corpus
from monitor.emulator.faults import Faults
from monitor.emulator.server import Emulator
from monitor.notify.tables import Delivery
from monitor.notify.webhook import verify_signature
from monitor.store.db import Database
from monitor.store.tables import Publication
from tests.processes import ProcessLog
from tests.webhooks import WebhookReceiver

from .scenario import EXPECTED, STATEMENTS, config_text, entries, identifier

SECRET = "crash-test-secret"
SEED = int(os.environ.get("MONITOR_CRASH_SEED", "20260519"))


def start(config: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOOK_SECRET": SECRET, "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DATABASE_URL", None)
    env.pop("MONITOR_SOURCE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", "--shutdown-grace", "5"],
        env=env,
        cwd=config.parent,
        stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
    )


class Watched(ProcessLog):
    """A daemon process, read as it logs, that the test kills."""

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self.reader.join(10)


# Where each round's kill lands: after the daemon logged this event (plus a random moment).
KILL_AFTER = ("daemon_started", "poll_started", "poll_finished", "poll_finished",
              "poll_started", "daemon_started", "poll_finished")


class Flapper(threading.Thread):
    """Takes the receivers down and up again at random moments until stopped.

    Every receiver starts down and stays down until it has refused an attempt, so the outage
    path is certainly exercised (not only when the dice say so); then the flapping begins.
    """

    def __init__(self, receivers: list[WebhookReceiver], rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.receivers = receivers
        self.rng = rng
        self.halt = threading.Event()
        for receiver in receivers:
            receiver.down = True

    def run(self) -> None:
        waiting = list(self.receivers)
        while waiting and not self.halt.wait(0.05):
            for receiver in [r for r in waiting if r.refused]:
                receiver.down = False
                waiting.remove(receiver)
        while not self.halt.wait(self.rng.uniform(0.2, 0.8)):
            for receiver in self.receivers:
                receiver.down = self.rng.random() < 0.5
        for receiver in self.receivers:
            receiver.down = False


def delivery_statuses(db: Database) -> list[str]:
    with db.reader() as session:
        return [d.status for d in session.exec(select(Delivery)).all()]


@pytest.mark.slow
def test_sigkill_at_random_points_loses_and_invents_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    today = datetime.now(UTC).date()
    first_wave = entries(today)[:3]
    # the later answers are published while the daemon runs (dt.modified today)
    second_wave = entries(today, modified=today)[3:]
    corpus = Corpus(first_wave)
    faults = Faults(seed=SEED, fail_rate=0.08, fail_status=503)
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    with (
        Emulator(corpus, faults) as emu,
        WebhookReceiver() as everything,
        WebhookReceiver() as edip,
    ):
        receivers = {"alles": everything, "edip": edip}
        config = tmp_path / "config.toml"
        config.write_text(
            config_text(
                url,
                emu.sru_url,
                {name: r.url for name, r in receivers.items()},
                poll_interval_minutes=0.02,
                delivery_interval_seconds=0.2,
                delivery_lease_seconds=1.0,
                webhook_timeout_seconds=1.0,  # a send's claim lasts twice this
                lease_seconds=1.5,
                retry_base_seconds=0.1,
                retry_max_seconds=0.5,
                max_attempts=1000,
            ),
            encoding="utf-8",
        )
        flapper = Flapper(list(receivers.values()), rng)
        flapper.start()
        kills = 0
        for round_, milestone in enumerate(KILL_AFTER):
            if round_ == 2:
                for entry in second_wave:
                    corpus.add(entry)
            # now and then two daemons at once: only one may poll, both deliver
            procs = [Watched(start(config)) for _ in range(2 if round_ in (3, 5) else 1)]
            try:
                for watched in procs:
                    assert watched.wait_for("daemon_started"), watched.tail(2000)
                # the milestone from any of them (only the lease holder polls)
                deadline = time.monotonic() + 90
                while not any(w.logged(milestone) for w in procs):
                    assert time.monotonic() < deadline, f"round {round_}: no {milestone}"
                    procs[0].wait_for(milestone, timeout=0.2)
                time.sleep(rng.uniform(0, 0.3))  # a random point just after it, not a sync
            finally:
                for watched in procs:
                    watched.kill()
            kills += len(procs)
        # recovery: the source and the receivers behave, one daemon runs until all is sent
        flapper.halt.set()
        flapper.join(5)
        emu.faults = Faults()
        db = Database(url)
        recovery = Watched(start(config))
        proc = recovery.proc
        try:
            # SIGTERM is the daemon's to handle only once it has started
            assert recovery.wait_for("daemon_started"), recovery.tail(2000)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                statuses = delivery_statuses(db)
                with db.reader() as session:
                    stored = len(session.exec(select(Publication)).all())
                if stored == len(STATEMENTS) and statuses and set(statuses) == {"sent"}:
                    break
                time.sleep(0.2)
            # Every killed process is gone (an interrupted request never completes), and this
            # one has sent everything: no late repeat can arrive after this point.
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
            recovery.kill()  # joins the log reader (the process has exited)
        assert proc.returncode == 0, recovery.tail(2000)
        assert kills == 9  # every kill landed after its milestone, none before start-up

        statuses = delivery_statuses(db)
        assert set(statuses) == {"sent"}, statuses
        received: set[tuple[str, str, int]] = set()
        for name, receiver in receivers.items():
            by_key: dict[str, set[tuple[str, str]]] = defaultdict(set)
            for request in receiver.accepted:
                assert verify_signature(
                    SECRET, request.headers["X-Monitor-Signature"], request.body,
                    tolerance=600,
                )  # fmt: skip
                body = request.json
                assert body["subscription"] == name
                change = body["change"]
                by_key[request.headers["Idempotency-Key"]].add(
                    (change["commitment"], change["current"]["identifier"])
                )
            seen: list[tuple[str, str, int]] = []
            for key, changes in by_key.items():
                assert len(changes) == 1, f"{name}: key {key} carried different changes {changes}"
                commitment, ident = next(iter(changes))
                number = next(n for n in range(1, len(STATEMENTS) + 1) if identifier(n) == ident)
                seen.append((name, commitment, number))
            # exactly once after de-duplication: the same change never came under two keys
            assert len(seen) == len(set(seen)), f"{name}: a change arrived under two keys"
            received |= set(seen)
        missing = EXPECTED - received
        unexpected = received - EXPECTED
        assert not missing and not unexpected, f"missing {missing}, unexpected {unexpected}"
        # the outage paths were exercised: receivers refused some attempts
        assert any(r.refused for r in receivers.values())
