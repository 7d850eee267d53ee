"""The running daemon: first poll at start, one poller per database, clean shutdown on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from monitor.config import Settings, load_settings
from monitor.daemon.jobs import Daemon
from monitor.daemon.lease import POLLER, current_lease
from monitor.daemon.service import run_daemon
from monitor.errors import SourceUnavailable
from monitor.notify.outbox import enqueue_change
from monitor.notify.tables import Delivery
from monitor.store.db import Database
from tests.waiting import wait_until
from tests.webhooks import WebhookReceiver

CHANGE: dict[str, Any] = {
    "id": 7,
    "commitment": "edip",
    "verdicts": ["position_changed"],
    "previous": None,
    "current": {"identifier": "ah-1251487", "questions": [8], "received": "2026-05-19",
                "text": "Nederland neemt deel aan EDIP.", "url": "https://example.invalid/a"},
    "diff": {"text": "[-voornemens-]{+neemt deel+}", "html": ""},
    "extractor_version": "test",
    "triggers": {},
}  # fmt: skip


class Calls:
    def __init__(self, poll_error: Exception | None = None) -> None:
        self.polls = 0
        self.delivers = 0
        self.poll_error = poll_error

    def poll(self, db: Database, settings: Settings) -> None:
        self.polls += 1
        if self.poll_error:
            raise self.poll_error
        return None

    def deliver(self, db: Database, settings: Settings, worker: str) -> None:
        self.delivers += 1


def settings_for(url: str, **daemon: Any) -> Settings:
    return Settings.model_validate({"database": {"url": url}, "daemon": daemon})


def run_in_thread(
    db: Database, cfg: Settings, calls: Calls, stop: threading.Event
) -> threading.Thread:
    thread = threading.Thread(
        target=run_daemon,
        args=(db, cfg),
        kwargs={"poll": calls.poll, "deliver": calls.deliver, "stop": stop,
                "install_signals": False, "shutdown_grace_seconds": 5},
        daemon=True,
    )  # fmt: skip
    thread.start()
    return thread


def test_first_poll_at_start_and_lease_released_on_stop(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    calls = Calls()
    stop = threading.Event()
    thread = run_in_thread(db, settings_for(sqlite_url, delivery_interval_seconds=0.2), calls, stop)
    wait_until(lambda: calls.polls == 1 and calls.delivers >= 2, timeout=10)
    lease = current_lease(db, POLLER)
    assert lease is not None and lease.holder.startswith(os.uname().nodename[:20])
    stop.set()
    thread.join(10)
    assert not thread.is_alive()
    assert calls.polls == 1  # the interval (15 min) did not come round
    lease = current_lease(db, POLLER)
    assert lease is not None and lease.expires_at < datetime.now(UTC)


def test_second_daemon_delivers_but_does_not_poll(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    cfg = settings_for(sqlite_url, poll_interval_minutes=0.01, delivery_interval_seconds=0.2)
    first, second = Calls(), Calls()
    stop1, stop2 = threading.Event(), threading.Event()
    t1 = run_in_thread(db, cfg, first, stop1)
    wait_until(lambda: first.polls >= 1, timeout=10)
    t2 = run_in_thread(Database(sqlite_url), cfg, second, stop2)
    wait_until(lambda: first.polls >= 4 and second.delivers >= 3, timeout=10)
    assert second.polls == 0
    # the first stops (and gives the lease up): the second polls from then on
    stop1.set()
    t1.join(10)
    polls_at_stop = first.polls
    wait_until(lambda: second.polls >= 2, timeout=10)
    assert first.polls == polls_at_stop
    stop2.set()
    t2.join(10)


def test_a_dead_holder_is_taken_over_after_expiry(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    cfg = settings_for(sqlite_url, lease_seconds=1)
    a_calls, b_calls = Calls(), Calls()
    a = Daemon(db, cfg, poll=a_calls.poll, deliver=a_calls.deliver, holder="a")
    b = Daemon(db, cfg, poll=b_calls.poll, deliver=b_calls.deliver, holder="b")
    a.poll_job()
    b.poll_job()
    b.lease_job()
    assert (a_calls.polls, b_calls.polls, b.leader) == (1, 0, False)
    time.sleep(1.1)  # a "dies": it never renews
    b.lease_job()
    assert b.leader
    b.poll_job()
    a.poll_job()
    assert (a_calls.polls, b_calls.polls) == (1, 1)


def test_failed_polls_are_recorded_and_the_daemon_lives_on(sqlite_url: str) -> None:
    from monitor.daemon.alerts import source_state

    db = Database(sqlite_url)
    calls = Calls(poll_error=SourceUnavailable("GET http://127.0.0.1:9/sru: connection refused"))
    daemon = Daemon(db, settings_for(sqlite_url), poll=calls.poll, deliver=calls.deliver)
    daemon.poll_job()
    daemon.poll_job()
    state = source_state(db)
    assert state is not None
    assert state.consecutive_failures == 2 and "connection refused" in state.last_error


# --- a real `monitor run` process and SIGTERM ---------------------------------------------------


def poll_finished(db: Database) -> bool:
    from monitor.store.tables import PollRun

    with db.reader() as session:
        return any(r.status != "running" for r in session.exec(select(PollRun)).all())


def write_config(tmp_path: Path, url: str, hook: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f"""
[database]
url = "{url}"
[source]
sru_url = "http://127.0.0.1:9/sru"
retries = 0
timeout_seconds = 2
[daemon]
delivery_interval_seconds = 0.2
delivery_lease_seconds = 1
retry_base_seconds = 0.2
retry_max_seconds = 0.5
[[subscriptions]]
name = "hook"
webhook = "{hook}"
secret_env = "HOOK_SECRET"
commitments = ["*"]
""",
        encoding="utf-8",
    )
    return config


def start_run(config: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HOOK_SECRET": "s3cret", "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "run", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=config.parent,
    )


def enqueue(config: Path) -> Database:
    cfg = load_settings(config, {})
    db = Database(cfg.database.url)
    with db.writer() as session:
        assert enqueue_change(session, cfg, CHANGE) == 1
    return db


def statuses(db: Database) -> list[str]:
    with db.reader() as session:
        return [d.status for d in session.exec(select(Delivery)).all()]


def test_sigterm_lets_the_send_in_hand_finish(tmp_path: Path, sqlite_url: str) -> None:
    with WebhookReceiver(delay=2.0) as receiver:
        config = write_config(tmp_path, sqlite_url, receiver.url)
        db = enqueue(config)
        proc = start_run(config)
        try:
            assert receiver.started.wait(15), "the daemon never sent"
            proc.send_signal(signal.SIGTERM)
            sent_at = time.monotonic()
            _, err = proc.communicate(timeout=20)
        finally:
            proc.kill()
        assert proc.returncode == 0, err
        assert time.monotonic() - sent_at < 10
        assert "shutdown_requested" in err and "daemon_stopped" in err and "clean=true" in err
        assert "Traceback" not in err
        assert len(receiver.accepted) == 1
        assert statuses(db) == ["sent"]


def test_sigterm_past_the_grace_leaves_it_pending_and_a_restart_sends_it(
    tmp_path: Path, sqlite_url: str
) -> None:
    with WebhookReceiver(delay=4.0) as receiver:
        config = write_config(tmp_path, sqlite_url, receiver.url)
        db = enqueue(config)
        proc = start_run(config, "--shutdown-grace", "0.3")
        try:
            assert receiver.started.wait(15)
            # Only the send may be in hand: the start-up poll (of a source that is down) must
            # have ended, observably, or its end within the grace would count as a clean stop.
            wait_until(lambda: poll_finished(db), timeout=30)
            proc.send_signal(signal.SIGTERM)
            sent_at = time.monotonic()
            _, err = proc.communicate(timeout=20)
        finally:
            proc.kill()
        assert proc.returncode == 0, err
        assert time.monotonic() - sent_at < 3  # did not wait for the 4 s send
        assert "shutdown_grace_exceeded" in err
        assert statuses(db) != ["sent"]  # not marked sent: the receiver never answered us
        receiver.delay = 0
        time.sleep(1.2)  # the claim of the dead send expires
        proc = start_run(config)
        try:
            wait_until(lambda: statuses(db) == ["sent"], timeout=15)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=20)
        # the abandoned attempt may also have landed late: same key, so receivers drop it
        keys = receiver.keys(accepted=True)
        assert len(keys) >= 1 and len(set(keys)) == 1
