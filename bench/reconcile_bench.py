"""Reconciliation cost against the live-like emulator, next to the cost of one poll.

Run by hand:  .venv/bin/python bench/reconcile_bench.py [--answers 1200] [--days 90] [--late 5]

Loads a year of generated publications (about the live volume per day) into SQLite, then, in one
run, side by side:
  * one poll with nothing new (requests, seconds);
  * a reconciliation of the last ``--days`` days with nothing missing (requests per window,
    seconds) — the target is at most one request per window;
  * the same after ``--late`` records became visible late (the index lagged): requests,
    documents fetched, and whether every one of them is stored now.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from sqlmodel import col, select

from monitor.config import Settings, load_settings
from monitor.emulator.faults import Faults
from monitor.emulator.generate import generate_corpus
from monitor.emulator.server import Emulator
from monitor.ingest.poll import backfill, poll_once
from monitor.ingest.reconcile import day_windows, reconcile
from monitor.store.db import Database
from monitor.store.tables import Publication

REPO = Path(__file__).resolve().parents[1]


def settings(sru_url: str, db_url: str) -> Settings:
    return load_settings(REPO / "config.toml", environ={
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "100000",
        "MONITOR_LOGGING_LEVEL": "WARNING",
    })


T = TypeVar("T")


def timed(runs: int, fn: Callable[[], T]) -> tuple[float, T]:
    """Median seconds of ``runs`` calls, and the last result."""
    seconds: list[float] = []
    for _ in range(runs - 1):
        t0 = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    result = fn()
    seconds.append(time.perf_counter() - t0)
    return statistics.median(seconds), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=1200, help="answer sets over one year")
    ap.add_argument("--days", type=int, default=90, help="reconciliation depth")
    ap.add_argument("--late", type=int, default=5, help="records that appear late")
    ap.add_argument("--runs", type=int, default=3, help="repetitions (median reported)")
    args = ap.parse_args()

    today = date.today()
    corpus, _ = generate_corpus(args.answers, seed=5, since=today - timedelta(days=365),
                                until=today - timedelta(days=1), pdf_share=0.0)
    in_range = [e for e in corpus.current() if e.identifier.startswith("ah")
                and e.modified >= today - timedelta(days=args.days - 10)]
    late = {e.identifier for e in in_range[:: max(1, len(in_range) // max(1, args.late))]}
    late = set(sorted(late)[: args.late])
    with tempfile.TemporaryDirectory() as tmp, Emulator(corpus) as emu:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        s = settings(emu.sru_url, db_url)
        s = s.model_copy(update={"reconcile": s.reconcile.model_copy(update={
            "days": args.days})})
        db = Database(db_url)
        emu.faults = Faults(hidden=late)
        t0 = time.perf_counter()
        backfill(db, s, today - timedelta(days=400))
        loaded = time.perf_counter() - t0
        poll_once(db, s)  # sets nothing new; warms up
        emu.faults = Faults()

        # The late records are visible now; a poll does not see them, reconciliation does.
        emu.reset_log()
        poll_once(db, s)
        emu.reset_log()
        fix_s, fixed = timed(1, lambda: reconcile(db, s))
        fix_requests = emu.count()
        fix_documents = emu.count("/frbr")

        emu.reset_log()
        poll_s, _ = timed(args.runs, lambda: poll_once(db, s))
        poll_requests = emu.count() // args.runs
        emu.reset_log()
        rec_s, rec = timed(args.runs, lambda: reconcile(db, s))
        rec_requests = emu.count() // args.runs
        windows = len(list(day_windows(rec.since, rec.until, s.reconcile.window_days)))
        with db.reader() as session:
            stored = set(session.exec(select(Publication.identifier).where(
                col(Publication.identifier).in_(late))).all())
        db.dispose()

    streams = 2
    print(f"corpus: {len(corpus)} publications over 365 days, loaded in {loaded:.1f} s; "
          f"reconciliation depth {args.days} days in windows of {s.reconcile.window_days} days "
          f"({windows} windows x {streams} streams)")
    print(f"poll, nothing new:            {poll_requests:5d} requests  {poll_s * 1000:8.1f} ms")
    print(f"reconcile, nothing missing:   {rec_requests:5d} requests  {rec_s * 1000:8.1f} ms  "
          f"({rec_requests / (windows * streams):.2f} requests per window; "
          f"{rec_requests / max(1, poll_requests):.0f}x a poll)")
    print(f"reconcile, {len(late)} late arrivals: {fix_requests:5d} requests  "
          f"{fix_s * 1000:8.1f} ms  ({fixed.differing} windows differed, "
          f"{fix_documents} document requests, {fixed.added} added)")
    print(f"late arrivals stored in the end: {len(stored)} of {len(late)} "
          "(a late record modified within the poll's overlap is already read by the poll)")
    ok = rec_requests <= windows * streams and stored == late
    print("target (<= 1 request per window when nothing is missing; every late record stored):",
          "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
