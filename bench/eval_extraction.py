"""Score statement extraction on a labelled extraction set (run by hand).

    .venv/bin/python bench/eval_extraction.py                 # the development split
    .venv/bin/python bench/eval_extraction.py --split test    # the test split: only at the end
    .venv/bin/python bench/eval_extraction.py --config other.toml --errors 20

Each case is ``{"id", "commitment", "text", "statements", "why"}``: ``text`` is one answer's text
and ``statements`` the exact sentences that state the commitment. The text becomes a one-answer
document and goes through the monitor's own extraction with the commitments of ``config.toml``.

Sentence level: a labelled sentence is found when an extracted statement of that commitment
contains it (a statement may take the sentence it refers back to along, as context); an
extracted statement is correct when it contains at least one labelled sentence.
Precision = correct statements / extracted statements; recall = found sentences / labelled
sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.config import Settings, load_settings  # noqa: E402
from monitor.model import Answer, Document, Format, Kind  # noqa: E402
from monitor.track.pipeline import extract_statements  # noqa: E402

DATA = ROOT / "tests" / "track" / "data"


@dataclass
class Report:
    cases: int = 0
    extracted: int = 0
    correct: int = 0
    labelled: int = 0
    found: int = 0
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (case id, statement)
    missed: list[tuple[str, str]] = field(default_factory=list)  # (case id, sentence)

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0


def document_for(text: str, received: date | None = None) -> Document:
    """A one-answer document holding ``text`` (blank lines separate paragraphs)."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return Document(
        identifier="ah-eval", kind=Kind.ANSWER, source_format=Format.TEXT, ministry="Defensie",
        date_received=received, answers=[Answer([1], paragraphs)],
    )


def score_case(report: Report, case: dict[str, object], statements: Sequence[str]) -> None:
    """Add one case: its labelled sentences against the extracted ``statements``."""
    gold = [str(s) for s in case["statements"]]  # type: ignore[attr-defined]
    report.cases += 1
    report.extracted += len(statements)
    report.labelled += len(gold)
    for statement in statements:
        if any(g in statement for g in gold):
            report.correct += 1
        else:
            report.wrong.append((str(case["id"]), statement))
    for sentence in gold:
        if any(sentence in s for s in statements):
            report.found += 1
        else:
            report.missed.append((str(case["id"]), sentence))


def evaluate(cases: Sequence[dict[str, object]], settings: Settings) -> Report:
    report = Report()
    known = {c.id for c in settings.commitments}
    for case in cases:
        commitment = str(case["commitment"])
        if commitment not in known:
            raise SystemExit(f"error: case {case['id']}: commitment {commitment!r} is not "
                             f"configured (known: {', '.join(sorted(known))})")
        received = date.fromisoformat(str(case["date"])) if case.get("date") else None
        found = extract_statements(settings, document_for(str(case["text"]), received))
        score_case(report, case, [f.text for f in found if f.commitment == commitment])
    return report


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--file", type=Path, help="a labelled extraction set (overrides --split)")
    parser.add_argument("--config", type=Path, default=ROOT / "config.toml")
    parser.add_argument("--errors", type=int, default=0, help="print this many mistakes")
    args = parser.parse_args(argv)
    path = args.file or DATA / f"extraction-{args.split}.jsonl"
    settings = load_settings(args.config, environ={})
    cases = load(path)
    started = time.perf_counter()
    report = evaluate(cases, settings)
    seconds = time.perf_counter() - started
    print(f"{path.name}: {report.cases} cases in {seconds:.2f} s")
    print(f"precision {report.precision:.2f} ({report.correct}/{report.extracted} statements)")
    print(f"recall    {report.recall:.2f} ({report.found}/{report.labelled} sentences)")
    for case_id, text in report.wrong[: args.errors]:
        print(f"  wrong  {case_id}: {text}")
    for case_id, text in report.missed[: args.errors]:
        print(f"  missed {case_id}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
