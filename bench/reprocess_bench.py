"""Speed of ``monitor reprocess`` on a backfilled history (run by hand; prints figures).

Build the history once with the project's emulator (3,000 generated answers):

    monitor emulator generate --out /tmp/corpus --answers 3000
    monitor emulator serve --corpus /tmp/corpus --port 18731 &
    printf '[database]\\nurl = "sqlite:////tmp/bench.db"\\n[source]\\n'\\
'sru_url = "http://127.0.0.1:18731/sru"\\nrequests_per_second = 1000.0\\n' > /tmp/bench.toml
    sed -n '/# --- followed commitments/,/# --- subscriptions/p' config.toml >> /tmp/bench.toml
    monitor --config /tmp/bench.toml backfill --since 2024-01-01

then time three replays on copies of that database (target: each < 60 s for 3,000 answers):

    .venv/bin/python bench/reprocess_bench.py /tmp/bench.toml

1. nothing changed (the same extractor and commitments);
2. a new extractor version: every record is judged again;
3. a commitment removed and added back: its statements and records are rebuilt.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.config import Settings, load_settings  # noqa: E402
from monitor.store.db import Database  # noqa: E402
from monitor.track import extract  # noqa: E402
from monitor.track.reprocess import ReprocessReport, reprocess  # noqa: E402


def _line(name: str, report: ReprocessReport) -> str:
    return (f"{name:<32} {report.seconds:6.1f} s  answers {report.answers}  statements "
            f"+{report.statements_added} -{report.statements_removed}  records "
            f"+{report.records_created} -{report.records_retracted}  "
            f"re-judged {report.verdicts_changed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config", type=Path, help="the configuration used for the backfill")
    args = parser.parse_args(argv)
    settings = load_settings(args.config, environ={})
    url = settings.database.url
    if not url.startswith("sqlite:///"):
        raise SystemExit("error: the bench copies a SQLite database; give a sqlite:/// URL")
    source = Path(url.removeprefix("sqlite:///"))
    with tempfile.TemporaryDirectory() as tmp:
        def fresh() -> tuple[Database, Settings]:
            copy = Path(tmp) / "copy.db"
            shutil.copyfile(source, copy)
            s = settings.model_copy(update={
                "database": settings.database.model_copy(update={"url": f"sqlite:///{copy}"})})
            return Database(s.database.url), s

        db, s = fresh()
        print(_line("1. unchanged", reprocess(db, s)))
        db.dispose()

        db, s = fresh()
        version = extract.EXTRACTOR_VERSION
        extract.EXTRACTOR_VERSION = version + "-bench"
        try:
            print(_line("2. new extractor version", reprocess(db, s)))
        finally:
            extract.EXTRACTOR_VERSION = version
        db.dispose()

        db, s = fresh()
        first = s.commitments[:1]
        reprocess(db, s.model_copy(update={"commitments": s.commitments[1:]}))
        print(_line(f"3. {first[0].id} added back", reprocess(db, s)))
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
