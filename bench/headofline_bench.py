"""Head-of-line blocking in delivery (run by hand): does a slow receiver hold up a healthy one?

    .venv/bin/python bench/headofline_bench.py [--database-url postgresql://...]

Runs the real daemon (scheduler, poll job, delivery job) with two webhook subscriptions: one
to a slow receiver, one to a healthy receiver following EDIP. Each scenario is one poll that
stores N alerts for the slow receiver and then the EDIP alert for the healthy one; printed is
how long after the poll's end the healthy receiver had its alert (target < 1 s):

- slow: the receiver answers after 0.5 s (20 alerts queued for it);
- hanging: the receiver hangs past the 2 s timeout (5 alerts queued for it);
- behind: the EDIP alert comes in a second poll while the hanging receiver's sends are in flight.

``--database-url`` uses that scratch database (its outbox is emptied); default temporary SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _deliverybench import PolledDaemon, Receiver, change, clear_outbox, settings_for

from monitor.store.db import Database


def scenario(url: str, name: str, delay: float, slow_alerts: int, timeout: float,
             second_poll: bool) -> None:  # fmt: skip
    slow, healthy = Receiver(delay=delay), Receiver()
    os.environ["BENCH_SECRET"] = "bench"
    settings = settings_for(
        url,
        [{"name": "slow", "webhook": slow.url, "secret_env": "BENCH_SECRET",
          "commitments": ["other"]},
         {"name": "healthy", "webhook": healthy.url, "secret_env": "BENCH_SECRET",
          "commitments": ["edip"]}],
        webhook_timeout_seconds=timeout, delivery_batch=50,
    )  # fmt: skip
    db = Database(url)
    clear_outbox(db)
    daemon = PolledDaemon(db, settings)
    try:
        slow_changes = [change(i, "other") for i in range(1, slow_alerts + 1)]
        edip = change(10_000, "edip")
        if second_poll:
            daemon.poll(slow_changes)
            slow.started.wait(600)  # the slow receiver is busy with the first of them
            ended = daemon.poll([edip])
        else:
            ended = daemon.poll([*slow_changes, edip])
        delay_s = healthy.arrival_of(10_000, timeout=600) - ended
        print(f"{name}: {slow_alerts} alerts to a receiver that "
              f"{'hangs' if delay >= timeout else f'answers in {delay:g} s'} "
              f"(timeout {timeout:g} s) -> the healthy receiver's EDIP alert arrived "
              f"{delay_s * 1000:.0f} ms after the poll's end (target < 1000 ms)")  # fmt: skip
    finally:
        daemon.stop()
        slow.close()
        healthy.close()
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a scratch database (default: temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        scenario(url, "slow", delay=0.5, slow_alerts=20, timeout=10.0, second_poll=False)
        scenario(url, "hanging", delay=3.0, slow_alerts=5, timeout=2.0, second_poll=False)
        scenario(url, "behind", delay=3.0, slow_alerts=5, timeout=2.0, second_poll=True)


if __name__ == "__main__":
    main()
