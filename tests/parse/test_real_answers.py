"""The 35 real answers (text as real extractors produce it) score exact against expected.json.

The set is split once, by the sha256 of each name (not by looking at the files): the ten names
with the smallest hashes are held out while rules are developed and only scored, the rest is the
development split. Both scores are printed (``pytest -s``); the threshold holds for all 35.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from monitor.model import Format
from monitor.parse import parse_document, parse_file

from .exactness import Score, refused, score, summary

REAL = Path(__file__).parent.parent / "data" / "parse" / "real-answers"
EXPECTED: dict[str, dict[str, object]] = json.loads((REAL / "expected.json").read_text("utf-8"))
HELD_OUT = frozenset(
    sorted(EXPECTED, key=lambda name: hashlib.sha256(name.encode()).hexdigest())[:10]
)
# The goal of issue 12. Scored blind at the end of development: 25/25 dev, 7/10 held-out; the
# held-out misses were then read and three general faults fixed (a footer-like reference inside
# a footnote, a space lost before "vraag", a question label lost at a page break), so the
# held-out split is no longer blind: 35/35.
THRESHOLD = 33


def _score(name: str) -> Score:
    try:
        doc = parse_file(REAL / f"{name}.txt")
    except Exception as exc:
        return refused(name, exc)
    return score(doc, EXPECTED[name], name)


def test_split_is_fixed() -> None:
    assert len(EXPECTED) == 35 and len(HELD_OUT) == 10
    assert "ah-tk-20232024-2273" in HELD_OUT and "ah-tk-20232024-204" not in HELD_OUT


def test_real_answers_score() -> None:
    dev = [_score(n) for n in sorted(EXPECTED) if n not in HELD_OUT]
    held = [_score(n) for n in sorted(HELD_OUT)]
    dev_exact, dev_total, dev_report = summary(dev)
    held_exact, held_total, held_report = summary(held)
    # The held-out differences stay hidden unless asked for, so rules are not fitted to them.
    shown = (
        held_report
        if os.environ.get("MONITOR_SHOW_HELD_OUT")
        else f"exact: {held_exact}/{held_total}"
    )
    report = f"-- development split --\n{dev_report}\n-- held-out split --\n{shown}"
    print(f"\n{report}\nreal answers exact: {dev_exact + held_exact}/{dev_total + held_total}")
    assert dev_exact + held_exact >= THRESHOLD, report


def _structure(text: str, name: str) -> tuple[int, list[list[int]]]:
    doc = parse_document(text.encode(), Format.TEXT, identifier=name)
    return len(doc.questions), [list(a.numbers) for a in doc.answers]


def test_same_structure_without_page_breaks_or_line_breaks() -> None:
    # the same extracted text stored differently: pages joined without a form feed, or the
    # whole text on one line (as some tools store it); footnotes need lines, structure does not
    for name in sorted(set(EXPECTED) - HELD_OUT):
        text = (REAL / f"{name}.txt").read_text("utf-8")
        entry = EXPECTED[name]
        answers: list[dict[str, object]] = entry["answers"]  # type: ignore[assignment]
        want = (entry["questions"], [a["numbers"] for a in answers])
        assert _structure(text.replace("\f", ""), name) == want, name
        assert _structure(" ".join(text.split()), name) == want, name
