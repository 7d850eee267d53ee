"""Precision and recall per verdict over the labelled pairs (printed; floors asserted)."""

from __future__ import annotations

import pytest

from monitor.track.classify import classify
from monitor.verdicts import VERDICTS

from .eval_pairs import PAIRS

# Floors per verdict: a regression below them fails the build.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.85


def _scores() -> tuple[dict[str, tuple[float, float, int]], list[str]]:
    tp = dict.fromkeys(VERDICTS, 0)
    fp = dict.fromkeys(VERDICTS, 0)
    fn = dict.fromkeys(VERDICTS, 0)
    misses: list[str] = []
    for old, new, expected, note in PAIRS:
        got = set(classify(old, new).verdicts)
        for v in VERDICTS:
            if v in got and v in expected:
                tp[v] += 1
            elif v in got:
                fp[v] += 1
            elif v in expected:
                fn[v] += 1
        if got != expected:
            misses.append(f"{note}: expected {sorted(expected)}, got {sorted(got)}")
    out = {}
    for v in VERDICTS:
        support = tp[v] + fn[v]
        precision = tp[v] / (tp[v] + fp[v]) if tp[v] + fp[v] else 1.0
        recall = tp[v] / support if support else 1.0
        out[v] = (precision, recall, support)
    return out, misses


def test_precision_and_recall_per_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    scores, misses = _scores()
    with capsys.disabled():
        print(f"\nverdict evaluation over {len(PAIRS)} labelled pairs")
        for v, (p, r, n) in scores.items():
            if v == "first_seen":
                continue
            print(f"  {v:18s} precision {p:.2f}  recall {r:.2f}  (n={n})")
        for miss in misses:
            print(f"  miss: {miss}")
    for v, (p, r, n) in scores.items():
        if n:
            assert p >= PRECISION_FLOOR, f"{v}: precision {p:.2f}"
            assert r >= RECALL_FLOOR, f"{v}: recall {r:.2f}"


def test_every_verdict_kind_is_labelled() -> None:
    labelled = set().union(*(expected for _, _, expected, _ in PAIRS))
    assert labelled == set(VERDICTS) - {"first_seen"}


def test_first_statement_is_first_seen() -> None:
    assert classify(None, PAIRS[0][0]).verdicts == ["first_seen"]
