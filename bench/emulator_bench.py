"""Requests per second the KOOP emulator serves on loopback to the production HttpClient.

Run by hand: ``.venv/bin/python bench/emulator_bench.py [--answers 3000] [--seconds 3]``.
Prints: SRU pages of 100 (request + strict parse) per second, document fetches per second with
one client, and document fetches per second with several client threads; first with the
emulator in this process (sharing the GIL with the client), then in a child process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.config import SourceSettings
from monitor.emulator import Corpus, Emulator
from monitor.emulator.generate import generate_corpus
from monitor.emulator.process import EmulatorProcess
from monitor.fetch.documents import fetch_document
from monitor.fetch.http import HttpClient
from monitor.fetch.records import SruRecord
from monitor.fetch.sru import SruClient, streams_for


def settings_for(emu: Emulator | EmulatorProcess) -> SourceSettings:
    return SourceSettings(sru_url=emu.sru_url, requests_per_second=1_000_000.0, page_size=100,
                          max_window_records=100_000)


def bench_sru(emu: Emulator | EmulatorProcess) -> tuple[int, int, float, list[SruRecord]]:
    settings = settings_for(emu)
    stream = streams_for(settings)[0]
    with HttpClient(settings) as http:
        sru = SruClient(http, settings)
        start = time.perf_counter()
        records = [r for page in sru.pages(stream, date(2000, 1, 1)) for r in page.records]
        elapsed = time.perf_counter() - start
        return http.requests, len(records), elapsed, records


def bench_documents(emu: Emulator | EmulatorProcess, records: list[SruRecord], seconds: float,
                    threads: int) -> tuple[int, float, int]:
    settings = settings_for(emu)
    done = [0] * threads
    size = [0] * threads
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        with HttpClient(settings) as http:
            j = i
            while time.perf_counter() < stop:
                doc = fetch_document(http, records[j % len(records)])
                size[i] += len(doc.content)
                done[i] += 1
                j += threads

    start = time.perf_counter()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done), time.perf_counter() - start, sum(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        generate_corpus(args.answers, seed=1, out=Path(tmp) / "corpus",
                        question_share=0.0, postponement_share=0.0, unanswered_share=0.0)
        corpus = Corpus.load(Path(tmp) / "corpus")
        print(f"corpus: {len(corpus)} publications generated and loaded in "
              f"{time.perf_counter() - t0:.1f} s")
        with Emulator(corpus) as emu:
            report("in-process emulator", emu, args)
        with EmulatorProcess(Path(tmp) / "corpus") as child:
            report("emulator in a child process", child, args)


def report(title: str, emu: Emulator | EmulatorProcess, args: argparse.Namespace) -> None:
    print(f"--- {title}")
    requests, n, elapsed, records = bench_sru(emu)
    print(f"SRU: {requests} pages of 100 ({n} records) in {elapsed:.2f} s = "
          f"{requests / elapsed:.0f} pages/s, {n / elapsed:.0f} records/s "
          "(request + strict parse)")
    done, elapsed, size = bench_documents(emu, records, args.seconds, 1)
    print(f"documents, 1 client: {done} fetches in {elapsed:.2f} s = "
          f"{done / elapsed:.0f} req/s ({size / elapsed / 1e6:.1f} MB/s)")
    done, elapsed, size = bench_documents(emu, records, args.seconds, args.threads)
    print(f"documents, {args.threads} client threads: {done} fetches in {elapsed:.2f} s"
          f" = {done / elapsed:.0f} req/s ({size / elapsed / 1e6:.1f} MB/s)")


if __name__ == "__main__":
    main()
