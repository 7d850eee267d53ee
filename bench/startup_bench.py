"""Start-up of the `monitor` command, measured as whole processes (what a user waits for).

Builds the README's demo database (the default emulator corpus, backfilled through the real
CLI), then times each command several times and prints min / median seconds, next to a bare
`python -c pass` measured in the same run (the machine's own floor). Targets (issue 8):
`monitor --help` < 0.3 s, `monitor changes --format json` on the demo database < 0.6 s.

    .venv/bin/python bench/startup_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from monitor.emulator.defaults import default_corpus
from monitor.emulator.server import Emulator

REPO = Path(__file__).resolve().parents[1]
MONITOR = [sys.executable, "-m", "monitor"]
TARGETS = {"monitor --help": 0.3, "monitor changes --format json": 0.6}


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):  # 3: `status` reports an unhealthy service
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Emulator(default_corpus()[0]) as emulator:
        work = Path(tmp)
        env = {**os.environ, "MONITOR_CONFIG": str(REPO / "config.toml"),
               "MONITOR_SOURCE_URL": emulator.sru_url,
               "MONITOR_DATABASE_URL": f"sqlite:///{work / 'demo.db'}"}
        backfill = timed([*MONITOR, "backfill", "--since", "2020-01-01"], env, work)
        print(f"demo backfill (default corpus, whole process): {backfill:.2f} s")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import monitor.cli'": [sys.executable, "-c", "import monitor.cli"],
            "monitor --help": [*MONITOR, "--help"],
            "monitor changes --help": [*MONITOR, "changes", "--help"],
            "monitor changes --format json": [*MONITOR, "changes", "--format", "json"],
            "monitor answers --limit 10": [*MONITOR, "answers", "--limit", "10"],
            "monitor status": [*MONITOR, "status"],
        }
        results: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so load changes hit every command alike
            for name, cmd in commands.items():
                results[name].append(timed(cmd, env, work))
    floor = min(results["python -c pass"])
    print(f"{'command':<34} {'min':>7} {'median':>7} {'min-floor':>9}  target")
    for name, times in results.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else (
            f"< {target} s: {'met' if min(times) < target else 'MISSED'}")
        print(f"{name:<34} {min(times):7.3f} {statistics.median(times):7.3f} "
              f"{min(times) - floor:9.3f}  {verdict}")


if __name__ == "__main__":
    main()
