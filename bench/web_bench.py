"""Speed of the web front (run by hand; prints figures).

    .venv/bin/python bench/web_bench.py [--statements 100000] [--records 20000]
                                        [--search 3000 30000] [--requests 200]

A real HTTP client (httpx, keep-alive) against `monitor web` (uvicorn) in its own process:

1. pages, JSON API, feeds and conditional GETs (304) over the store of bench/track_bench.py
   (100,000 statements / 20,000 change records); targets p95 < 100 ms for pages and API,
   < 50 ms for a feed, < 10 ms for a 304;
2. full-text search over 3,000 and 30,000 generated answers (targets p95 < 100 / 250 ms);
3. the web process's resident memory, idle after start and after the load (target < 150 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bench.track_bench import _fill  # noqa: E402
from monitor.emulator import vocabulary as vocab  # noqa: E402
from monitor.model import Answer, Document, Kind, Question  # noqa: E402
from monitor.store.db import Database  # noqa: E402
from monitor.store.fulltext import index_versions  # noqa: E402
from monitor.store.tables import Publication, PublicationVersion  # noqa: E402

COMMITMENTS = [f"commitment-{i}" for i in range(20)]
SEARCHES = ["EDIP", "defensie-industrie", "afhankelijkheid", "Tozo-lening", "minimumloon",
            "wachtlijsten jeugdzorg", "kabinet informeert Kamer", "munitie levering",
            "spaarrente", "onderhoud bruggen", "huisartsen tekort", "stikstof",
            "Kamer zomer informeren", "box 3", "PFAS uitstoot"]


def _config(tmp: Path, url: str) -> Path:
    lines = [f'[database]\nurl = "{url}"\n', "[logging]\nlevel = \"WARNING\"\n"]
    for cid in COMMITMENTS:
        lines.append(f'[[commitments]]\nid = "{cid}"\ntitle = "Toezegging {cid}"\n'
                     f'terms = ["{cid}"]\n')
    path = tmp / f"config-{abs(hash(url))}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _answers(db: Database, n: int, seed: int = 11) -> None:
    """``n`` generated answers (Dutch sentences of the emulator's vocabulary), indexed."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with db.engine.begin() as conn:
        start = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM publication").scalar()
        vstart = conn.exec_driver_sql(
            "SELECT COALESCE(MAX(id), 0) FROM publicationversion").scalar()
        pubs, versions, docs = [], [], []
        for i in range(n):
            ministry, _, _people, topics = rng.choice(vocab.MINISTRIES)
            received = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2800))
            questions = [
                Question(q + 1, rng.choice(vocab.QUESTION_PATTERNS).format(
                    topic=rng.choice(topics), year=received.year, next_year=received.year + 1,
                    pct=rng.randint(3, 45), amount=rng.randint(2, 900),
                    count=rng.randint(40, 25000), month="mei"))
                for q in range(rng.randint(3, 12))
            ]
            answers = [
                Answer([q.number], [" ".join(
                    s.format(topic=rng.choice(topics), year=received.year,
                             next_year=received.year + 1, pct=rng.randint(3, 45),
                             amount=rng.randint(2, 900), count=rng.randint(40, 25000),
                             month="juni")
                    for s in rng.sample(vocab.ANSWER_SENTENCES, 4))])
                for q in questions
            ]
            pid, vid = start + i + 1, vstart + i + 1
            doc = Document(identifier=f"ah-{5000000 + pid}", kind=Kind.ANSWER,
                           title=f"Antwoord op vragen over {rng.choice(topics)}",
                           ministry=ministry, date_received=received, questions=questions,
                           answers=answers)
            pubs.append({"id": pid, "identifier": doc.identifier, "kind": "answer",
                         "chamber": "tk", "vergaderjaar": "", "aanhangsel_number": "",
                         "zaak": "", "title": doc.title, "ministry": ministry,
                         "answer_identifier": "", "postpones_identifier": "",
                         "preferred_url": "", "parse_status": "ok", "first_seen": now,
                         "updated_at": now, "date_received": received, "current_version_id": vid})
            versions.append({"id": vid, "publication_id": pid, "number": 1, "modified": received,
                             "stamp": "s", "fetched_at": now, "manifestation": "xml",
                             "source_url": "", "item_urls": {}, "record": {},
                             "parse_status": "ok", "parse_error": "", "parser_version": "",
                             "document": None})
            docs.append((vid, doc))
        conn.execute(insert(Publication), pubs)
        conn.execute(insert(PublicationVersion), versions)
        index_versions(conn, docs)  # the function ingest calls


class Served:
    """`monitor web` in a subprocess on a free port, until closed."""

    def __init__(self, config: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config), "web", "--port",
             str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = httpx.Client(timeout=60)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.client.get(self.base + "/api/v1/openapi.json")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr
                                       else "web did not start") from None
                time.sleep(0.1)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(30)


def _measure(served: Served, name: str, paths: list[str], requests: int, target: float,
             headers: dict[str, str] | None = None, status: int = 200, cold: bool = False) -> None:
    """p50/p95 of ``requests`` GETs cycling over ``paths``.

    ``cold``: every request has a URL of its own (an ignored parameter), so no rendered body
    kept from an earlier request can answer it: the page is built from the database each time.
    """
    for path in paths[:3]:
        served.client.get(served.base + path, headers=headers)  # warm the connection pool
    timings = []
    for i in range(requests):
        path = paths[i % len(paths)]
        if cold:
            path += ("&" if "?" in path else "?") + f"bench={time.monotonic_ns()}"
        started = time.perf_counter()
        try:
            r = served.client.get(served.base + path, headers=headers)
        except httpx.TransportError:
            # A kept-alive connection the server closed meanwhile: count the retry's time too.
            r = served.client.get(served.base + path, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        if r.status_code != status:
            raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:200]}")
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    flag = "ok" if p95 < target else "OVER"
    name = f"{name} ({'cold' if cold else 'warm'})" if status == 200 else name
    print(f"{name:<44} p50 {statistics.median(timings):7.1f} ms  p95 {p95:7.1f} ms  "
          f"(target < {target:g} ms: {flag})")


def bench_pages(tmp: Path, statements: int, records: int, requests: int) -> None:
    url = f"sqlite:///{tmp}/pages.db"
    db = Database(url)
    t0 = time.perf_counter()
    _fill(db, statements, records, COMMITMENTS)
    db.dispose()
    print(f"store: {statements:,} statements / {records:,} change records "
          f"({time.perf_counter() - t0:.1f} s to fill)")
    served = Served(_config(tmp, url))
    try:
        print(f"web process idle after start: {served.rss_mb():.0f} MB RSS (target < 150 MB)")
        client = served.client
        first = client.get(served.base + "/api/v1/changes?limit=50").json()
        after = first["next"].split("after=")[1].split("&")[0]
        ids = [c["id"] for c in first["items"]]
        commitments = [f"/commitments/{c}" for c in COMMITMENTS]
        for cold in (True, False):
            _measure(served, "/", ["/"], requests // 4, 100, cold=cold)
            _measure(served, "/commitments/{id}", commitments, requests, 100, cold=cold)
            _measure(served, "/changes", ["/changes", "/changes?verdict=position_changed",
                                          "/changes?commitment=commitment-3",
                                          f"/changes?after={after}",
                                          "/changes?since=2023-01-01&until=2023-06-30"],
                     requests, 100, cold=cold)
            _measure(served, "/api/v1/changes", ["/api/v1/changes",
                                                 "/api/v1/changes?commitment=commitment-5",
                                                 f"/api/v1/changes?after={after}"], requests,
                     100, cold=cold)
            _measure(served, "/feeds/changes.atom", ["/feeds/changes.atom",
                                                     "/feeds/commitments/commitment-7.atom"],
                     requests, 50, cold=cold)
        second_pages = []
        for cid in COMMITMENTS[:5]:
            nxt = client.get(f"{served.base}/api/v1/commitments/{cid}?limit=50").json()["next"]
            second_pages.append(f"/commitments/{cid}?after={nxt.split('after=')[1].split('&')[0]}")
        _measure(served, "/commitments/{id} page 2", second_pages, requests, 100, cold=True)
        _measure(served, "/changes/{id}", [f"/changes/{i}" for i in ids], requests, 100,
                 cold=True)
        _measure(served, "/api/v1/commitments/{id}",
                 [f"/api/v1/commitments/{c}" for c in COMMITMENTS], requests, 100, cold=True)
        _measure(served, "/api/v1/commitments", ["/api/v1/commitments"], requests // 4, 100,
                 cold=True)
        _measure(served, "/api/v1/answers", ["/api/v1/answers", "/answers"], requests, 100,
                 cold=True)
        etags = {p: client.get(served.base + p).headers["etag"]
                 for p in ("/feeds/changes.atom", "/api/v1/changes", "/")}
        for path, etag in etags.items():
            _measure(served, f"304 {path}", [path], requests, 10,
                     headers={"If-None-Match": etag}, status=304)
        print(f"web process after the load: {served.rss_mb():.0f} MB RSS")
    finally:
        served.close()


def bench_search(tmp: Path, answers: int, requests: int) -> None:
    url = f"sqlite:///{tmp}/search-{answers}.db"
    db = Database(url)
    t0 = time.perf_counter()
    _answers(db, answers)
    db.dispose()
    size = os.path.getsize(f"{tmp}/search-{answers}.db") / 1e6
    print(f"search corpus: {answers:,} answers indexed in {time.perf_counter() - t0:.1f} s "
          f"({size:.0f} MB)")
    served = Served(_config(tmp, url))
    try:
        target = 100 if answers <= 3000 else 250
        paths = [f"/api/v1/search?q={q}" for q in SEARCHES]
        _measure(served, f"/api/v1/search ({answers:,} answers)", paths, requests, target,
                 cold=True)
        _measure(served, f"/search page ({answers:,} answers)",
                 [f"/search?q={q}&ministry=Defensie" for q in SEARCHES], requests, target,
                 cold=True)
        print(f"web process after the searches: {served.rss_mb():.0f} MB RSS")
    finally:
        served.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--search", type=int, nargs="*", default=[3_000, 30_000])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_pages(Path(tmp), args.statements, args.records, args.requests)
        for n in args.search:
            bench_search(Path(tmp), n, args.requests)


if __name__ == "__main__":
    main()
