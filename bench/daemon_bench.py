"""Daemon figures: poll-to-webhook latency of a change, and the idle daemon's resident memory.

Run by hand from the repository root:  .venv/bin/python bench/daemon_bench.py
Targets (issue 4): a change reaches its webhook within 2 s after the poll that found it; the idle
daemon stays under 120 MB resident.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import col, select

from monitor.emulator.corpus import Corpus
from monitor.emulator.server import Emulator
from monitor.store.db import Database
from monitor.store.tables import PollRun
from tests.daemon.scenario import config_text, entries
from tests.webhooks import WebhookReceiver


def start(config: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOOK_SECRET": "bench", "MONITOR_CONFIG": str(config)}
    env.pop("MONITOR_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", "run"], env=env, cwd=config.parent,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def latency(rounds: int = 5) -> list[float]:
    """Add one answer at a time; time from the end of the poll that stored it to the webhook."""
    out: list[float] = []
    today = datetime.now(UTC).date()
    waves = entries(today, modified=today)
    with (
        tempfile.TemporaryDirectory() as tmp,
        Emulator(Corpus(waves[:1])) as emu,
        WebhookReceiver() as hook,
    ):
        url = f"sqlite:///{tmp}/bench.db"
        config = Path(tmp) / "config.toml"
        # a 3 s poll interval; the delivery interval stays at its default (5 s): the daemon
        # must wake the worker itself after a poll that found something.
        config.write_text(config_text(url, emu.sru_url, {"alles": hook.url, "edip": hook.url},
                                      poll_interval_minutes=0.05))  # fmt: skip
        proc = start(config)
        try:
            db = Database(url)
            wait_for = len(hook.accepted) + 1
            while len(hook.accepted) < wait_for:
                time.sleep(0.05)
            for entry in waves[1 : 1 + rounds]:
                before = len(hook.accepted)
                emu.corpus.add(entry)
                while len(hook.accepted) == before:
                    time.sleep(0.01)
                arrived = hook.accepted[before].wall
                with db.reader() as session:
                    runs = session.exec(
                        select(PollRun).where(PollRun.added > 0)
                        .order_by(col(PollRun.id).desc())
                    ).all()  # fmt: skip
                found = runs[0].finished_at
                assert found is not None
                out.append(arrived - found.timestamp())
                time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
    return out


def idle_memory(seconds: float = 8.0) -> float:
    with (
        tempfile.TemporaryDirectory() as tmp,
        Emulator(Corpus([])) as emu,
        WebhookReceiver() as hook,
    ):
        config = Path(tmp) / "config.toml"
        config.write_text(config_text(f"sqlite:///{tmp}/idle.db", emu.sru_url,
                                      {"alles": hook.url, "edip": hook.url}))  # fmt: skip
        proc = start(config)
        try:
            time.sleep(seconds)
            return rss_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)


def main() -> None:
    lat = latency()
    print(
        f"poll -> webhook latency over {len(lat)} changes: median "
        f"{statistics.median(lat):.3f} s, max {max(lat):.3f} s (target < 2 s)"
    )
    rss = idle_memory()
    print(f"idle `monitor run` resident memory: {rss:.1f} MB (target < 120 MB)")


if __name__ == "__main__":
    main()
