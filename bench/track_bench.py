"""Speed of the track stage (run by hand; prints figures).

    .venv/bin/python bench/track_bench.py [--statements 100000] [--records 20000] [--answers 3000]
        [--database-url postgresql://...] [--only classify,segmentation,changes,reprocess]

1. compare + classify (word diff and verdicts) of labelled statement pairs, pairs per second;
2. ``monitor changes`` query + JSON rendering p50/p95 over a database holding the given numbers
   of statements and change records (target: p95 < 50 ms, at 10^6 statements too), and
   ``monitor commitment edip-participation`` (half of all statements) first page and a later
   page, in process through the CLI command (target < 100 ms);
3. ``reprocess`` of a history of N answers built from the 2026 answer (target: 3,000 in < 60 s).

``--database-url`` runs 2 and 3 on that database (e.g. PostgreSQL): a scratch database whose
tables the bench empties first. Without it a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "track" / "data" / "pairs-dev.jsonl"
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from monitor.app import App  # noqa: E402
from monitor.config import DatabaseSettings, Settings  # noqa: E402
from monitor.schema import metadata  # noqa: E402
from monitor.store.db import Database  # noqa: E402
from monitor.store.tables import Publication, PublicationVersion  # noqa: E402
from monitor.track.analysis import analyse  # noqa: E402
from monitor.track.classify import classify  # noqa: E402
from monitor.track.commands import commitment as commitment_command  # noqa: E402
from monitor.track.diff import word_diff  # noqa: E402
from monitor.track.queries import changes_json, list_changes  # noqa: E402
from monitor.track.reprocess import reprocess  # noqa: E402
from monitor.track.tables import ChangeRecord, Statement  # noqa: E402
from monitor.track.text import sentence_spans  # noqa: E402
from tests.track.conftest import answer_2026, shipped_commitments  # noqa: E402
from tests.track.eval_pairs import PAIRS  # noqa: E402

VERDICT_SETS = [["first_seen"], ["restated"], ["reworded"], ["position_changed"],
                ["timeline_changed"], ["figures_changed"], ["fulfilled"],
                ["position_changed", "negation_flipped"]]


def _labelled_pairs() -> list[tuple[str, str, date, date]]:
    """The development pairs (tests/track/data) with their answer dates, and the old 45."""
    out = [(a, b, date(2026, 5, 19), date(2026, 5, 19)) for a, b, _, _ in PAIRS]
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out.append((item["old"], item["new"], date.fromisoformat(item["date"]),
                        date.fromisoformat(item["old_date"])))
    return out


def bench_classify(rounds: int = 10) -> None:
    """Pairs per second: analysis of both statements, verdicts and the word diff."""
    # Every pair made unique so that no cache makes repeated texts look cheap.
    pairs = [
        (f"{a} Zie ook bijlage {r}.", f"{b} Zie ook bijlage {r}.", day, old_day)
        for r in range(rounds) for a, b, day, old_day in _labelled_pairs()
    ]
    classify(pairs[0][0], pairs[0][1])  # the lemma index is opened once per process
    first = len(pairs) // rounds
    cpu = time.process_time()
    started = time.perf_counter()
    for k, (old, new, day, old_day) in enumerate(pairs):
        if k == first:
            cold = time.perf_counter() - started
        classify(old, new, date=day, old_date=old_day)
    verdicts = time.perf_counter() - started
    started = time.perf_counter()
    for old, new, _, _ in pairs:
        word_diff(old, new)
    diffs = time.perf_counter() - started
    cpu = time.process_time() - cpu
    seconds = verdicts + diffs
    print(f"compare+classify: {len(pairs)} pairs in {seconds:.2f} s = "
          f"{len(pairs) / seconds:,.0f} pairs/s (target >= 1,000); analysis+verdicts "
          f"{len(pairs) / verdicts:,.0f} pairs/s, word diff {len(pairs) / diffs:,.0f} pairs/s")
    # The later rounds repeat the first round's clauses in new texts (as a lineage repeats
    # paragraphs): the first round alone shows the cost of clauses never read before.
    # On a loaded machine wall time counts the other processes too; CPU time is this one's.
    print(f"  in CPU time: {len(pairs) / cpu:,.0f} pairs/s")
    print(f"  first round alone (every clause new to the process): analysis+verdicts "
          f"{first / cold:,.0f} pairs/s")


def bench_segmentation() -> None:
    """Cost per character of sentence splitting and of the whole analysis at 1k and 50k
    characters (target: within 1.5x: linear)."""
    base = " ".join(a for a, _, _, _ in _labelled_pairs())
    for name, fn, budget in (("sentence split", sentence_spans, 400_000),
                             ("analysis", analyse, 100_000)):
        per_char = []
        for size in (1_000, 50_000):
            text = (base * (size // len(base) + 1))[:size]
            fn(text)
            runs = max(1, budget // size)
            started = time.perf_counter()
            for i in range(runs):
                fn(text + " " * (i + 1))  # unique texts: no cache
            per_char.append((time.perf_counter() - started) / runs / size * 1e6)
        print(f"{name}: {per_char[0]:.3f} us/char at 1k, {per_char[1]:.3f} us/char at 50k "
              f"(ratio {per_char[1] / per_char[0]:.2f}, target <= 1.5)")


def _fill(db: Database, statements: int, records: int, commitments: list[str]) -> None:
    rng = random.Random(7)
    per_pub = 5
    publications = statements // per_pub
    now = datetime.now(UTC)
    day0 = date(2020, 1, 1)
    text = PAIRS[0][0]
    with db.engine.begin() as conn:
        conn.execute(insert(Publication), [
            {"id": i + 1, "identifier": f"ah-{1000000 + i}", "kind": "answer", "chamber": "tk",
             "vergaderjaar": "", "aanhangsel_number": "", "zaak": "", "title": "",
             "ministry": "Defensie", "answer_identifier": "", "postpones_identifier": "",
             "preferred_url": "", "parse_status": "ok", "first_seen": now, "updated_at": now,
             "date_received": day0 + timedelta(days=i // 8)}
            for i in range(publications)
        ])
        conn.execute(insert(PublicationVersion), [
            {"id": i + 1, "publication_id": i + 1, "number": 1, "modified": day0, "stamp": "s",
             "fetched_at": now, "manifestation": "pdf", "source_url": "", "item_urls": {},
             "record": {}, "parse_status": "ok", "parse_error": "", "parser_version": ""}
            for i in range(publications)
        ])
        rows = []
        for i in range(statements):
            pub = i // per_pub
            rows.append({
                "id": i + 1, "commitment": commitments[i % len(commitments)],
                "publication_id": pub + 1, "version_id": pub + 1,
                "identifier": f"ah-{1000000 + pub}", "answer_position": i % per_pub,
                "questions": [i % per_pub + 1], "start": 0, "end": len(text), "text": text,
                "received": day0 + timedelta(days=pub // 8), "minister": "Staatssecretaris X",
                "ministry": "Defensie", "active": True, "extractor_version": "track-1.1",
                "created_at": now,
            })
        for start in range(0, len(rows), 50_000):
            conn.execute(insert(Statement), rows[start:start + 50_000])
        chosen = rng.sample(range(1, statements + 1), records)
        changes = [
            {"commitment": rows[s - 1]["commitment"], "statement_id": s,
             "previous_id": s - len(commitments) if s > len(commitments) else None,
             "verdicts": v, "verdict_tags": "|" + "|".join(v) + "|", "triggers": {},
             "diff_kind": "diff", "diff_text": "[-a-]{+b+}",
             "diff_html": "<del>a</del><ins>b</ins>",
             "received": rows[s - 1]["received"], "identifier": rows[s - 1]["identifier"],
             "extractor_version": "track-1.1", "created_at": now, "corrects": []}
            for s in chosen for v in [rng.choice(VERDICT_SETS)]
        ]
        for start in range(0, len(changes), 50_000):
            conn.execute(insert(ChangeRecord), changes[start:start + 50_000])
        if not db.is_sqlite:
            conn.execute(text("ANALYZE"))


def scratch(url: str | None, tmp: str) -> str:
    """The bench's database: ``url`` emptied (a scratch database), or a new SQLite file."""
    if not url:
        return f"sqlite:///{tmp}/bench-{time.monotonic_ns()}.db"
    db = Database(url)
    with db.engine.begin() as conn:
        names = ", ".join(t.name for t in reversed(metadata.sorted_tables))
        if db.is_sqlite:
            for t in reversed(metadata.sorted_tables):
                conn.execute(t.delete())
        else:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.dispose()
    return url


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def bench_changes(statements: int, records: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = scratch(url, tmp)
        # edip-participation holds half of all statements: the followed commitment of the issue
        commitments = ["edip-participation"] * 10 + [f"commitment-{i}" for i in range(10)]
        settings = Settings(database=DatabaseSettings(url=url))
        db = Database(url)
        t0 = time.perf_counter()
        _fill(db, statements, records, commitments)
        gc.collect()
        gc.freeze()  # as the monitor's CLI does once it has started (see monitor/cli.py)
        print(f"filled {statements:,} statements / {records:,} change records in "
              f"{time.perf_counter() - t0:.1f} s ({db.engine.dialect.name})")
        queries = {
            "newest 100": {},
            "one commitment": {"commitment": "commitment-3"},
            "verdict filter": {"verdicts": ["position_changed"]},
            "date window": {"since": date(2023, 1, 1), "until": date(2023, 6, 30)},
            "all filters": {"commitment": "commitment-5", "verdicts": ["fulfilled"],
                            "since": date(2021, 1, 1)},
            "two verdicts": {"verdicts": ["fulfilled", "negation_flipped"]},
        }
        for name, kwargs in queries.items():
            timings, cpu = [], []
            for _ in range(60):
                started, cpu0 = time.perf_counter(), time.process_time()
                with db.reader() as session:
                    rows = list_changes(session, settings, **kwargs)  # type: ignore[arg-type]
                    changes_json(session, settings, rows)
                cpu.append((time.process_time() - cpu0) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
            print(f"monitor changes ({name}): {len(rows)} rows, p50 "
                  f"{statistics.median(timings):.1f} ms, p95 {_p95(timings):.1f} ms; CPU p50 "
                  f"{statistics.median(cpu):.1f} ms, p95 {_p95(cpu):.1f} ms (target < 50 ms)")
        app = App(settings, db)
        runner = CliRunner()
        cursor = None
        for page in ("first page", "fifth page"):
            timings, cpu = [], []
            args = ["edip-participation"]
            if page == "fifth page":
                for _ in range(4):  # follow the printed cursor four pages back
                    out = runner.invoke(commitment_command, [*args, *(cursor or [])], obj=app)
                    if "--before " not in out.output:
                        cursor = None
                        break
                    cursor = ["--before", out.output.rsplit("--before ", 1)[1].strip()]
                if cursor is None:
                    print("monitor commitment: no pages (this version prints everything)")
                    break
                args += cursor
            for _ in range(20):
                started, cpu0 = time.perf_counter(), time.process_time()
                result = runner.invoke(commitment_command, args, obj=app)
                cpu.append((time.process_time() - cpu0) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
                assert result.exit_code == 0, result.output
            print(f"monitor commitment edip-participation ({page}, "
                  f"{statements // 2:,} statements): p50 {statistics.median(timings):.1f} ms, "
                  f"p95 {_p95(timings):.1f} ms, CPU p50 {statistics.median(cpu):.1f} ms "
                  f"(target < 100 ms)")
        db.dispose()


def bench_reprocess(answers: int, url: str | None) -> None:
    base = answer_2026()
    variants = [
        ("is Nederland voornemens om ook deel te nemen", "neemt Nederland ook deel"),
        ("Defensienota 2026", "Defensienota 2027"),
        ("wordt uw Kamer", "is uw Kamer"),
        ("voornemens", "voornemens"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        url = scratch(url, tmp)
        settings = Settings(database=DatabaseSettings(url=url), commitments=shipped_commitments())
        db = Database(url)
        now = datetime.now(UTC)
        with db.engine.begin() as conn:
            pubs, versions = [], []
            for i in range(answers):
                old, new = variants[i % len(variants)]
                received = date(2020, 1, 1) + timedelta(days=i // 3)
                doc = replace(base, identifier=f"ah-{2000000 + i}", date_received=received,
                              answers=[replace(a, paragraphs=[p.replace(old, new)
                                                              for p in a.paragraphs])
                                       for a in base.answers])
                pubs.append({"id": i + 1, "identifier": doc.identifier, "kind": "answer",
                             "chamber": "tk", "vergaderjaar": "", "aanhangsel_number": "",
                             "zaak": "", "title": "", "ministry": "Defensie",
                             "answer_identifier": "", "postpones_identifier": "",
                             "preferred_url": "", "parse_status": "ok", "first_seen": now,
                             "updated_at": now, "date_received": received,
                             "current_version_id": i + 1})
                versions.append({"id": i + 1, "publication_id": i + 1, "number": 1,
                                 "modified": received, "stamp": "s", "fetched_at": now,
                                 "manifestation": "pdf", "source_url": "", "item_urls": {},
                                 "record": {}, "parse_status": "ok", "parse_error": "",
                                 "parser_version": "", "document": doc.to_json()})
            conn.execute(insert(Publication), pubs)
            conn.execute(insert(PublicationVersion), versions)
        report = reprocess(db, settings)
        print(f"reprocess (from scratch): {report.answers:,} answers, "
              f"{report.statements_added:,} statements, {report.records_created:,} change "
              f"records in {report.seconds:.1f} s (target < 60 s)")
        again = reprocess(db, settings)
        print(f"reprocess (nothing changed): {again.answers:,} answers in {again.seconds:.1f} s")
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--answers", type=int, default=3_000)
    parser.add_argument("--database-url", help="a scratch database (default: temporary SQLite)")
    parser.add_argument("--only", default="classify,segmentation,changes,reprocess",
                        help="comma-separated parts to run")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if "classify" in parts:
        bench_classify()
    if "segmentation" in parts:
        bench_segmentation()
    if "changes" in parts:
        bench_changes(args.statements, args.records, args.database_url)
    if "reprocess" in parts:
        bench_reprocess(args.answers, args.database_url)


if __name__ == "__main__":
    main()
