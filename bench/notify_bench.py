"""Alert delivery figures (run by hand): webhook throughput, poll-to-webhook latency, digests.

    .venv/bin/python bench/notify_bench.py [--deliveries 500] [--polls 30] [--digest 500]
        [--database-url postgresql://...]

1. deliveries per second to one loopback webhook receiver, outbox drained by the worker
   (target >= 200/s);
2. poll -> webhook: the real daemon (scheduler, poll job, delivery job) whose poll stores one
   change; the time from the poll's end (its transaction committed) to the receiver having the
   request, so the scheduler's wake-up of the delivery job is included (target median < 50 ms);
3. the time to render a digest of N changes as e-mail (plain + HTML) and as a webhook body
   (target < 1 s).

``--database-url`` runs 1 and 2 on that database (e.g. PostgreSQL): a scratch database, whose
outbox the bench empties. Without it a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _deliverybench import PolledDaemon, Receiver, change, clear_outbox, settings_for

from monitor.config import Settings
from monitor.notify.mailer import build_message
from monitor.notify.outbox import enqueue_change
from monitor.notify.render import Entry, render
from monitor.notify.send import webhook_body
from monitor.notify.tables import Delivery
from monitor.notify.worker import deliver_due
from monitor.store.db import Database


def bench_webhooks(count: int, url: str) -> None:
    receiver = Receiver()
    os.environ["BENCH_SECRET"] = "bench"
    settings = settings_for(
        url, [{"name": "bench", "webhook": receiver.url, "secret_env": "BENCH_SECRET"}]
    )
    db = Database(url)
    clear_outbox(db)
    with db.writer() as session:
        for i in range(1, count + 1):
            enqueue_change(session, settings, change(i))
    started = time.perf_counter()
    sent = 0
    while True:
        report = deliver_due(db, settings)
        if not report.claimed:
            break
        sent += report.sent
    elapsed = time.perf_counter() - started
    rate = sent / elapsed
    print(f"webhook deliveries: {sent} in {elapsed:.2f} s = {rate:.0f}/s (target >= 200/s)")
    receiver.close()
    db.dispose()


def bench_poll_to_webhook(polls: int, url: str) -> None:
    receiver = Receiver()
    os.environ["BENCH_SECRET"] = "bench"
    settings = settings_for(
        url, [{"name": "bench", "webhook": receiver.url, "secret_env": "BENCH_SECRET"}]
    )
    db = Database(url)
    clear_outbox(db)
    daemon = PolledDaemon(db, settings)
    latencies = []
    try:
        for i in range(1, polls + 1):
            ended = daemon.poll([change(100_000 + i)])
            latencies.append((receiver.arrival_of(100_000 + i) - ended) * 1000)
    finally:
        daemon.stop()
        receiver.close()
        db.dispose()
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"poll end -> webhook received (daemon, {polls} polls): median "
          f"{statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms "
          f"(target median < 50 ms)")


def bench_digest(count: int) -> None:
    titles = {"edip": "EDIP-deelname"}
    rows = [
        Delivery(id=i, subscription="bench", channel="webhook", target="x", kind="change",
                 ref=f"change:{i}", idempotency_key=f"k{i}",
                 payload={"change": change(i), "reason": "abonnement 'bench' volgt EDIP."},
                 digest_due=datetime.now(UTC))
        for i in range(1, count + 1)
    ]  # fmt: skip
    entries = [Entry("change", r.payload, [r.payload["reason"]]) for r in rows]
    settings = Settings()
    started = time.perf_counter()
    rendered = render(entries, titles)
    message = build_message(settings.smtp, "a@example.org", rendered, "km-digest-bench")
    data = message.as_bytes()
    mail_s = time.perf_counter() - started
    started = time.perf_counter()
    body = webhook_body(rows, entries)
    hook_s = time.perf_counter() - started
    print(f"digest of {count} changes: e-mail rendered+encoded in {mail_s * 1000:.0f} ms "
          f"({len(data) // 1024} KiB); webhook body in {hook_s * 1000:.0f} ms "
          f"({len(body) // 1024} KiB) (target < 1000 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument("--polls", type=int, default=30)
    parser.add_argument("--digest", type=int, default=500)
    parser.add_argument("--database-url", help="a scratch database (default: temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        bench_webhooks(args.deliveries, url)
        bench_poll_to_webhook(args.polls, url)
    bench_digest(args.digest)


if __name__ == "__main__":
    main()
