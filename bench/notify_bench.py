"""Alert delivery figures (run by hand): webhook throughput and digest rendering time.

    .venv/bin/python bench/notify_bench.py [--deliveries 500] [--digest 500]

Prints deliveries per second to a local webhook receiver (the target is at least 50/s), the
time from enqueue to receipt of one change, and the time to render a digest of N changes as
e-mail (plain + HTML) and as a webhook body (the target is under one second).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.config import Settings
from monitor.notify.mailer import build_message
from monitor.notify.outbox import enqueue_change
from monitor.notify.render import Entry, render
from monitor.notify.tables import Delivery
from monitor.notify.worker import deliver_due, webhook_body
from monitor.store.db import Database

SENTENCE = (
    "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
    "Defensie-Industrie Programma (EDIP)."
)


def change(i: int) -> dict[str, Any]:
    url = f"https://zoek.officielebekendmakingen.nl/ah-{1250000 + i}.pdf"
    side = {"identifier": f"ah-{1250000 + i}", "questions": [8], "received": "2026-05-19",
            "text": SENTENCE, "url": url}
    return {
        "id": i, "commitment": "edip", "verdicts": ["position_changed"], "previous": side,
        "current": {**side, "identifier": f"ah-{1260000 + i}"},
        "diff": {"text": "Daarnaast [-is Nederland voornemens om-]{+neemt Nederland+} ook deel",
                 "html": "Daarnaast <del>is Nederland voornemens om</del><ins>neemt Nederland"
                         "</ins> ook deel"},
        "extractor_version": "track-1",
        "triggers": {"position_changed": ["voornemens", "neemt deel"]},
    }  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    received: ClassVar[list[float]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Handler.received.append(time.perf_counter())
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def bench_webhooks(count: int, directory: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["BENCH_SECRET"] = "bench"
    url = f"sqlite:///{directory / 'bench.db'}"
    settings = Settings.model_validate({
        "database": {"url": url},
        "commitments": [{"id": "edip", "title": "EDIP-deelname", "terms": ["EDIP"]}],
        "subscriptions": [{"name": "bench", "webhook": f"http://127.0.0.1:{server.server_port}/",
                           "secret_env": "BENCH_SECRET"}],
    })  # fmt: skip
    db = Database(url)
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
    print(f"webhook deliveries: {sent} in {elapsed:.2f} s = {rate:.0f}/s (target >= 50/s)")
    # latency of one change: committed to the outbox, then one worker round
    with db.writer() as session:
        enqueue_change(session, settings, change(count + 1))
    t0 = time.perf_counter()
    deliver_due(db, settings)
    print(f"one change, enqueue commit to receipt: {(Handler.received[-1] - t0) * 1000:.1f} ms")
    server.shutdown()
    db.dispose()


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
    parser.add_argument("--digest", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_webhooks(args.deliveries, Path(tmp))
    bench_digest(args.digest)


if __name__ == "__main__":
    main()
