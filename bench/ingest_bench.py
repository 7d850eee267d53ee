"""End-to-end ingest benchmark: KOOP emulator (child process) -> SRU -> fetch -> parse -> store.

Run by hand:  .venv/bin/python bench/ingest_bench.py [--answers 3000] [--pdf 300]

Prints answers per second for an XML corpus and a PDF-only corpus on SQLite, peak memory, the
requests a poll with nothing new costs, and the ratio of our XML parse time to a bare lxml parse.
Targets (issue 2): >= 300 XML answers/s, >= 30 PDF answers/s, peak memory < 250 MB, one SRU
request per stream for a poll with nothing new.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from lxml import etree

from monitor.config import Settings, load_settings
from monitor.emulator.corpus import Corpus
from monitor.emulator.generate import generate_corpus
from monitor.emulator.process import EmulatorProcess
from monitor.ingest.poll import backfill, poll_once
from monitor.model import Format
from monitor.parse import parse_document
from monitor.store.db import Database

REPO = Path(__file__).resolve().parents[1]


def settings(sru_url: str, db_url: str, parse_processes: int | None = None) -> Settings:
    return load_settings(REPO / "config.toml", environ={
        "MONITOR_SOURCE_URL": sru_url,
        "MONITOR_DATABASE_URL": db_url,
        "MONITOR_SOURCE_REQUESTS_PER_SECOND": "100000",
        "MONITOR_SOURCE_PAGE_SIZE": "100",
        "MONITOR_LOGGING_LEVEL": "WARNING",
        **({"MONITOR_SOURCE_PARSE_PROCESSES": str(parse_processes)}
           if parse_processes is not None else {}),
    })


def run(corpus_dir: Path, corpus: Corpus, work: Path, label: str,
        parse_processes: int | None) -> None:
    answers = sum(1 for i in corpus.identifiers() if i.startswith("ah"))
    total = len(corpus.identifiers())
    db_url = f"sqlite:///{work / (label + '.db')}"
    with EmulatorProcess(corpus_dir) as emu:
        s = settings(emu.sru_url, db_url, parse_processes)
        db = Database(db_url)
        t0 = time.perf_counter()
        report = backfill(db, s, date(1990, 1, 1))
        seconds = time.perf_counter() - t0
        again = poll_once(db, s)
        db.dispose()
    print(f"[{label}] {total} publications ({answers} answers + questions/notices): "
          f"{seconds:.1f} s, {answers / seconds:.0f} answers/s, {total / seconds:.0f} "
          f"publications/s; added {report.added}, failed {report.failed}, "
          f"requests {report.requests}")
    print(f"[{label}] poll with nothing new: {again.requests} SRU request(s) "
          f"for {len(s.source.chambers) * (2 if s.source.unanswered_questions else 1)} stream(s), "
          f"added {again.added}")


def parse_ratio(corpus: Corpus, limit: int = 500) -> None:
    blobs = []
    for identifier in corpus.identifiers():
        content = corpus.get(identifier).content("xml")
        if content is not None and identifier.startswith("ah"):
            blobs.append((identifier, content))
        if len(blobs) >= limit:
            break
    ours, bare = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        for identifier, content in blobs:
            parse_document(content, Format.XML, identifier=identifier)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _, content in blobs:
            etree.fromstring(content)
        bare.append(time.perf_counter() - t0)
    o, b = statistics.median(ours), statistics.median(bare)
    print(f"[parse] {len(blobs)} XML answers: ours {o / len(blobs) * 1000:.2f} ms each, "
          f"bare lxml {b / len(blobs) * 1000:.3f} ms each, ratio {o / b:.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=3000)
    ap.add_argument("--pdf", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parse-processes", type=int, default=None,
                    help="override [source] parse_processes (default: config.toml's)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        xml_dir = work / "xml"
        xml_corpus, _ = generate_corpus(args.answers, seed=args.seed, out=xml_dir)
        pdf_dir = work / "pdf"
        pdf_corpus, _ = generate_corpus(args.pdf, seed=args.seed + 1, pdf_share=1.0,
                                        since=date(2026, 1, 5), out=pdf_dir)
        print(f"generated corpora in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        sizes = [len(xml_corpus.get(i).content("xml") or b"") for i in xml_corpus.identifiers()
                 if i.startswith("ah")]
        print(f"[corpus] XML answers: median {statistics.median(sizes) / 1024:.1f} KB")
        run(xml_dir, xml_corpus, work, "xml", args.parse_processes)
        run(pdf_dir, pdf_corpus, work, "pdf", args.parse_processes)
        parse_ratio(xml_corpus)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"[memory] peak resident: writer process {peak:.0f} MB; largest child process "
          f"{children:.0f} MB (a fetch/parse worker or the emulator)")


if __name__ == "__main__":
    main()
