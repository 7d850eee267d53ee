"""Score verdicts on a labelled pair set through ``monitor compare --batch`` (run by hand).

    .venv/bin/python bench/eval_verdicts.py                 # the development split
    .venv/bin/python bench/eval_verdicts.py --split test    # the test split: only at the end
    .venv/bin/python bench/eval_verdicts.py --file my.jsonl --errors 20

Each line of the set is ``{"id", "commitment", "old_date", "date", "old", "new", "verdicts",
"why"}`` (tests/track/data/README.md). The pairs go to ``monitor compare --batch`` as
``{"old", "new", "commitment", "date", "old_date"}``; each output line's ``verdicts`` is scored.
Prints per-verdict precision, recall and F1, exact-set accuracy, false alerts on pure rewording
(pairs labelled only restated/reworded that got any other verdict) and missed alerts (pairs
labelled with an alerting verdict that got only restated/reworded).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "track" / "data"
VERDICTS = (
    "restated", "reworded", "position_changed", "timeline_changed", "figures_changed",
    "negation_flipped", "fulfilled", "changed",
)
QUIET = frozenset({"restated", "reworded", "first_seen"})


@dataclass
class Score:
    """Counts for one verdict over a set of pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    pairs: int = 0
    exact: int = 0
    rewordings: int = 0
    false_alerts: list[str] = field(default_factory=list)
    missed_alerts: list[str] = field(default_factory=list)
    per_verdict: dict[str, Score] = field(default_factory=lambda: {v: Score() for v in VERDICTS})
    errors: list[tuple[dict[str, object], list[str]]] = field(default_factory=list)


def score(items: Sequence[dict[str, object]], predicted: Sequence[Sequence[str]]) -> Report:
    """Compare labelled ``items`` with the ``predicted`` verdict lists (same order)."""
    if len(items) != len(predicted):
        raise ValueError(f"{len(items)} pairs but {len(predicted)} results")
    report = Report()
    for item, got_list in zip(items, predicted, strict=True):
        want = set(item["verdicts"])  # type: ignore[call-overload]
        got = set(got_list)
        report.pairs += 1
        if want == got:
            report.exact += 1
        else:
            report.errors.append((item, sorted(got)))
        for verdict in set(VERDICTS) | want | got:
            s = report.per_verdict.setdefault(verdict, Score())
            if verdict in want and verdict in got:
                s.tp += 1
            elif verdict in got:
                s.fp += 1
            elif verdict in want:
                s.fn += 1
        if want <= QUIET:
            report.rewordings += 1
            if got - QUIET:
                report.false_alerts.append(str(item["id"]))
        elif not (got - QUIET):
            report.missed_alerts.append(str(item["id"]))
    return report


def run_batch(items: Sequence[dict[str, object]], command: Sequence[str]) -> list[list[str]]:
    """Verdict lists from ``command FILE`` (``monitor compare --batch``), one per pair."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for item in items:
            f.write(json.dumps({k: item.get(k) for k in
                                ("old", "new", "commitment", "date", "old_date")},
                               ensure_ascii=False) + "\n")
        batch = f.name
    try:
        done = subprocess.run([*command, batch], capture_output=True, text=True, check=False,
                              cwd=ROOT)
    finally:
        Path(batch).unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit(f"error: {' '.join(command)} failed ({done.returncode}): "
                         f"{done.stderr.strip()[:500]}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return [list(json.loads(line)["verdicts"]) for line in lines]


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def render(report: Report, name: str, seconds: float, errors: int) -> str:
    out = [f"{name}: {report.pairs} pairs in {seconds:.1f} s"]
    out.append(f"{'verdict':<18} {'P':>5} {'R':>5} {'F1':>5} {'TP':>4} {'FP':>4} {'FN':>4}")
    for verdict in VERDICTS:
        s = report.per_verdict[verdict]
        out.append(f"{verdict:<18} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} "
                   f"{s.tp:4d} {s.fp:4d} {s.fn:4d}")
    out.append(f"exact-set accuracy: {report.exact}/{report.pairs} = "
               f"{report.exact / max(report.pairs, 1):.2f}")
    out.append(f"false alerts on pure rewording: {len(report.false_alerts)}/{report.rewordings}"
               + (f" ({', '.join(report.false_alerts)})" if report.false_alerts else ""))
    out.append(f"missed alerts (a change reported as restated/reworded): "
               f"{len(report.missed_alerts)}/{report.pairs - report.rewordings}"
               + (f" ({', '.join(report.missed_alerts)})" if report.missed_alerts else ""))
    for item, got in report.errors[:errors]:
        out.append(f"  {item['id']}: want {item['verdicts']} got {got} — {item['why']}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--file", type=Path, help="a labelled pair set (overrides --split)")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong pairs")
    parser.add_argument("--command", default=f"{sys.executable} -m monitor compare --batch",
                        help="the batch command; the input file is appended")
    args = parser.parse_args(argv)
    path = args.file or DATA / f"pairs-{args.split}.jsonl"
    items = load(path)
    started = time.perf_counter()
    predicted = run_batch(items, args.command.split())
    seconds = time.perf_counter() - started
    print(render(score(items, predicted), path.name, seconds, args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
