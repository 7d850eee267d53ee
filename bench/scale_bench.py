"""Ingest at scale (run by hand): CPU per answer by process, writer memory, reprocess time.

    .venv/bin/python bench/scale_bench.py [--sizes 1000,3000,10000,30000] [--pdf-share 0]
        [--database-url postgresql://...] [--parse-processes N]

For each size a corpus of that many generated answers (with their questions and notices) is
written by the project's generator in a child process of its own, then served by the KOOP
emulator (another process). A fresh writer process backfills it and reports:

- CPU seconds per answer of the writer process and of its parse workers (the operating
  system's accounting: user + system; the emulator and the corpus generation are excluded);
- the writer's peak resident memory (its own, so the generation does not count) and the
  largest parse worker's;
- ``reprocess`` from the stored history: after the backfill (nothing changed) -- wall and CPU.

The issue's targets: CPU per answer at most half of commit 4bcb677's (run this file on both
checkouts side by side), writer peak memory flat and < 200 MB from 1k to 30k answers,
reprocess linear. ``--database-url`` names a scratch database that is emptied before each size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor.config import Settings, load_settings  # noqa: E402


def _settings(sru_url: str, db_url: str, parse_processes: int | None) -> Settings:
    return load_settings(REPO / "config.toml", environ={
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "100000",
        "MONITOR_SOURCE_PAGE_SIZE": "100",
        "MONITOR_LOGGING_LEVEL": "WARNING",
        **({"MONITOR_SOURCE_PARSE_PROCESSES": str(parse_processes)}
           if parse_processes is not None else {}),
    })  # fmt: skip


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def generate(out: Path, answers: int, pdf_share: float) -> None:
    """Child: write the corpus folder (its memory never touches the writer)."""
    from monitor.emulator.generate import generate_corpus

    generate_corpus(answers, seed=1, pdf_share=pdf_share, since=date(2016, 1, 1), out=out)


def writer(sru_url: str, db_url: str, parse_processes: int | None) -> None:
    """Child: backfill, then reprocess; prints one JSON line of figures."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from monitor.ingest.poll import backfill
    from monitor.store.db import Database
    from monitor.store.tables import Publication
    from monitor.track.reprocess import reprocess

    settings = _settings(sru_url, db_url, parse_processes)
    db = Database(db_url)
    cpu0, children0, t0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.time()
    report = backfill(db, settings, date(1990, 1, 1))
    wall = time.time() - t0
    cpu_writer = _cpu(resource.RUSAGE_SELF) - cpu0
    cpu_workers = _cpu(resource.RUSAGE_CHILDREN) - children0  # workers are reaped at the end
    peak_writer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    with db.reader() as session:
        answers = session.execute(
            select(func.count()).select_from(Publication).where(col(Publication.kind) == "answer")
        ).scalar_one()
    cpu1, t1 = _cpu(resource.RUSAGE_SELF), time.time()
    again = reprocess(db, settings)
    reprocess_wall, reprocess_cpu = time.time() - t1, _cpu(resource.RUSAGE_SELF) - cpu1
    db.dispose()
    print(json.dumps({
        "answers": int(answers), "added": report.added, "failed": report.failed, "wall": wall,
        "cpu_writer": cpu_writer, "cpu_workers": cpu_workers, "peak_writer_mb": peak_writer,
        "peak_worker_mb": peak_worker, "reprocess_answers": again.answers,
        "reprocess_wall": reprocess_wall, "reprocess_cpu": reprocess_cpu,
    }))  # fmt: skip


def _empty(db_url: str) -> None:
    from sqlalchemy import text

    from monitor.schema import metadata
    from monitor.store.db import Database

    db = Database(db_url)
    with db.engine.begin() as conn:
        if db.is_sqlite:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
        else:
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.dispose()


def run_size(size: int, args: argparse.Namespace, work: Path) -> None:
    from monitor.emulator.process import EmulatorProcess

    corpus_dir = work / f"corpus-{size}"
    t0 = time.time()
    subprocess.run(
        [sys.executable, __file__, "--child-generate", str(corpus_dir), str(size),
         str(args.pdf_share)], check=True,
    )  # fmt: skip
    generated = time.time() - t0
    db_url = args.database_url or f"sqlite:///{work / f'scale-{size}.db'}"
    if args.database_url:
        _empty(db_url)
    with EmulatorProcess(corpus_dir) as emu:
        child = [sys.executable, __file__, "--child-writer", emu.sru_url, db_url]
        if args.parse_processes is not None:
            child += ["--parse-processes", str(args.parse_processes)]
        done = subprocess.run(child, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"writer process failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    r = json.loads(out.strip().splitlines()[-1])
    n = max(1, r["answers"])
    print(f"{size:>6} answers (generated in {generated:.0f} s): stored {r['answers']}, "
          f"failed {r['failed']}; backfill {r['wall']:.1f} s; CPU per answer: writer "
          f"{r['cpu_writer'] / n * 1000:.2f} ms + workers {r['cpu_workers'] / n * 1000:.2f} ms "
          f"= {(r['cpu_writer'] + r['cpu_workers']) / n * 1000:.2f} ms; peak memory: writer "
          f"{r['peak_writer_mb']:.0f} MB, largest worker {r['peak_worker_mb']:.0f} MB; "
          f"reprocess (nothing changed) {r['reprocess_answers']} answers in "
          f"{r['reprocess_wall']:.1f} s ({r['reprocess_cpu'] / n * 1000:.2f} ms CPU/answer)",
          flush=True)  # fmt: skip


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-generate":
        generate(Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--child-writer":
        processes = int(sys.argv[5]) if len(sys.argv) > 5 else None
        writer(sys.argv[2], sys.argv[3], processes)
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000,10000,30000")
    ap.add_argument("--pdf-share", type=float, default=0.0,
                    help="share of PDF-only answers (1 for a PDF-only corpus)")
    ap.add_argument("--database-url", help="a scratch database, emptied before each size")
    ap.add_argument("--parse-processes", type=int, default=None,
                    help="override [source] parse_processes (default: config.toml's)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            run_size(size, args, Path(tmp))


if __name__ == "__main__":
    main()
