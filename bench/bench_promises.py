"""Cost of promise discovery next to ingest's own work, and `monitor promises` at 50,000.

    python bench/bench_promises.py [repeats]

1. For the 36 labelled real answers: CPU time of parsing (the text path) and of tracking's
   statement extraction, against discovery, measured side by side in one run.
2. 50,000 promises in a SQLite file: time of the default ``monitor promises`` query and of a
   ``--ministry --status overdue`` query (median of 20).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from monitor.config import load_settings
from monitor.parse import parse_file
from monitor.promises.discover import discover
from monitor.promises.store import PromiseQuery, list_promises
from monitor.promises.tables import PromiseRecord
from monitor.store.db import Database
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.pipeline import extract_statements

ROOT = Path(__file__).resolve().parent.parent
# The tests' sample texts (one copy each, tests/samples.py): the real answers and the 2026 one.
SAMPLES = ROOT / "tests" / "data" / "parse"


def cpu_share(repeats: int) -> None:
    settings = load_settings(ROOT / "config.toml", environ={})
    files = sorted(
        [*(SAMPLES / "real-answers").glob("*.txt"),
         SAMPLES / "answer-2026-05-19-defensie-european-dependencies.txt"],
        key=lambda f: f.name,
    )  # fmt: skip
    parse_s = extract_s = discover_s = 0.0
    found = 0
    for _ in range(repeats):
        for f in files:
            t0 = time.process_time()
            doc = parse_file(f)
            t1 = time.process_time()
            extract_statements(settings, doc)
            t2 = time.process_time()
            found += len(discover(doc))
            t3 = time.process_time()
            parse_s += t1 - t0
            extract_s += t2 - t1
            discover_s += t3 - t2
    base = parse_s + extract_s
    print(f"answers={len(files)} x{repeats} parse={parse_s:.3f}s track_extract={extract_s:.3f}s "
          f"discover={discover_s:.3f}s promises={found // repeats}")
    print(f"discovery / (parse + track extract) = {discover_s / base:.2f}")


def listing() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        ministries = ["Defensie", "Financiën", "Infrastructuur en Waterstaat",
                      "Volksgezondheid, Welzijn en Sport", "Justitie en Veiligheid"]
        with db.writer() as s:
            pubs = []
            for i in range(5000):
                pub = Publication(identifier=f"ah-{i}", kind="answer",
                                  ministry=ministries[i % 5])
                s.add(pub)
                pubs.append(pub)
            s.flush()
            versions = []
            for pub in pubs:
                assert pub.id is not None
                v = PublicationVersion(publication_id=pub.id, number=1,
                                       modified=date(2025, 1, 1), stamp="1")
                s.add(v)
                versions.append(v)
            s.flush()
            for i in range(50_000):
                pub, v = pubs[i // 10], versions[i // 10]
                assert pub.id is not None and v.id is not None
                last = date(2024, 1, 1) + timedelta(days=i % 900) if i % 3 else None
                s.add(PromiseRecord(
                    id=f"{i:016x}", publication_id=pub.id, version_id=v.id,
                    identifier=pub.identifier, answer_position=i % 10, questions=[i % 10 + 1],
                    sentence=f"Ik informeer uw Kamer over onderwerp {i}.", act="informeren",
                    object=f"onderwerp {i}", deadline_kind="by" if last else "none",
                    deadline_last=last, received=date(2024, 1, 1), ministry=pub.ministry))
        today = date(2025, 6, 1)
        for name, query in (("default", PromiseQuery()),
                            ("ministry+overdue", PromiseQuery(ministry="Defensie",
                                                             status="overdue"))):
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                with db.reader() as s:
                    list_promises(s, query, today=today)
                times.append(time.perf_counter() - t0)
            print(f"50,000 promises, {name} query: median {statistics.median(times) * 1000:.1f} ms")
        db.dispose()


if __name__ == "__main__":
    cpu_share(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    listing()
