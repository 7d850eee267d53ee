"""Score promise discovery against the labelled set in tests/promises/data/.

    python bench/eval_promises.py [dev|test|test2|test3|all] [-v]

Each answer text is parsed by the project's parser, its answers read by
:func:`monitor.promises.discover.discover`, and the promises found are matched to the labels
by sentence (a labelled passage matches a found sentence that contains it, ignoring spacing,
hyphens and case). Prints discovery precision and recall and the share of matched promises whose
deadline is right (kind and interval, or the named document, or the vague term).

``test2`` is the blind part labelled later (tests/promises/data/README.md): the eight real KOOP
PDFs, the corpus's other real texts and real 2024-2025 answers outside the project's samples.
``test3`` is the second blind part: whole answers written for it in ministerial style (the
texts named ``test3-*`` in tests/promises/data/texts/), labelled by the written guideline.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from monitor.parse import parse_file
from monitor.promises.discover import Deadline, Promise, discover, normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "promises" / "data"
# The answers are the tests' sample texts (one copy each, tests/samples.py).
SAMPLES = ROOT / "tests" / "data" / "parse"
SPLITS = ("dev", "test", "test2", "test3")
# Where an answer file named in a split is looked for, in this order: a real answer's text,
# a real PDF, the 2026 answer and the corpus's other texts, a text kept with the labelled set.
PLACES = (SAMPLES / "real-answers", SAMPLES / "real-pdf", SAMPLES, DATA / "texts")


@dataclass
class Score:
    found: int
    labelled: int
    true_found: int
    matched_labels: int
    deadlines_right: int

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_labels / self.labelled if self.labelled else 1.0

    @property
    def deadline_share(self) -> float:
        return self.deadlines_right / self.matched_labels if self.matched_labels else 1.0


def load(split: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in (SPLITS if split == "all" else [split]):
        with (DATA / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def files_of(split: str) -> list[str]:
    """The answers a split covers (every file named in its labels or its file list)."""
    names: list[str] = []
    for name in (SPLITS if split == "all" else [split]):
        names += (DATA / f"{name}.files").read_text(encoding="utf-8").split()
    return names


def answer_path(name: str) -> Path:
    """The file of an answer named in a split (the last place when it is nowhere, so that the
    parser's error names a path)."""
    found = [d / name for d in PLACES]
    return next((f for f in found if f.exists()), found[-1])


def deadline_right(found: Deadline, label: dict[str, Any] | None) -> bool:
    if label is None:
        return found.kind == "none"
    if found.kind != label["kind"]:
        return False
    if found.kind == "document":
        want = normalise(label["document"].split()[0])
        return want in normalise(found.document)
    if found.kind == "vague":
        return normalise(label["term"]) in normalise(found.text)
    first = date.fromisoformat(label["first"]) if label.get("first") else None
    last = date.fromisoformat(label["last"]) if label.get("last") else None
    if found.kind == "by":
        return found.last == last
    if found.kind == "from":
        return found.first == first
    return (found.first, found.last) == (first, last)


def score(split: str, *, verbose: bool = False) -> Score:
    labels = load(split)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in labels:
        by_file.setdefault(row["file"], []).append(row)
    found_total = true_found = matched = right = 0
    for name in files_of(split):
        doc = parse_file(answer_path(name))
        gold = by_file.get(name, [])
        date_ = date.fromisoformat(gold[0]["date"]) if gold else None
        promises: list[Promise] = discover(doc, received=date_)
        used: set[int] = set()
        for p in promises:
            sent = normalise(p.sentence)
            hit = next((i for i, g in enumerate(gold)
                        if i not in used and normalise(g["sentence"]) in sent), None)
            found_total += 1
            if hit is None:
                if verbose:
                    print(f"  FP {name}: {p.sentence[:150]}")
                continue
            used.add(hit)
            true_found += 1
            matched += 1
            if deadline_right(p.deadline, gold[hit]["deadline"]):
                right += 1
            elif verbose:
                print(f"  DL {name}: {p.deadline.describe()} != {gold[hit]['deadline']}:"
                      f" {p.sentence[:100]}")
        if verbose:
            for i, g in enumerate(gold):
                if i not in used:
                    print(f"  FN {name}: {g['sentence']}")
    return Score(found_total, len(labels), true_found, matched, right)


def main(argv: list[str]) -> None:
    split = argv[0] if argv and not argv[0].startswith("-") else "dev"
    s = score(split, verbose="-v" in argv)
    print(f"split={split} labelled={s.labelled} found={s.found} "
          f"precision={s.precision:.3f} recall={s.recall:.3f} "
          f"deadlines_right={s.deadline_share:.3f} ({s.deadlines_right}/{s.matched_labels})")


if __name__ == "__main__":
    main(sys.argv[1:])
