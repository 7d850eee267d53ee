"""The labelled sets are well formed, and the evaluation scripts count what they say.

Only the shape of the held-out test split is checked here; it is scored by hand at the end
(tests/track/data/README.md).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
VERDICTS = {
    "restated", "reworded", "position_changed", "timeline_changed", "figures_changed",
    "negation_flipped", "fulfilled", "changed",
}
COMMITMENTS = {"edip-participation", "defensienota-2026"}
MINIMUM = {"pairs-dev": 180, "pairs-test": 120, "pairs-test2": 80, "pairs-test3": 90,
           "extraction-dev": 35, "extraction-test": 25, "extraction-test2": 20,
           "extraction-test3": 20}


def _load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", ["dev", "test", "test2", "test3"])
def test_pair_sets_are_well_formed_and_cover_every_verdict(split: str) -> None:
    items = _load(f"pairs-{split}")
    assert len(items) >= MINIMUM[f"pairs-{split}"]
    assert len({i["id"] for i in items}) == len(items)
    seen: set[str] = set()
    for item in items:
        assert set(item) == {"id", "commitment", "old_date", "date", "old", "new", "verdicts",
                             "why"}, item["id"]
        assert item["commitment"] in COMMITMENTS | {None}, item["id"]
        assert item["verdicts"] == sorted(set(item["verdicts"])), item["id"]
        assert item["verdicts"] and set(item["verdicts"]) <= VERDICTS, item["id"]
        for key in ("old_date", "date"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item[key]), item["id"]
        assert item["old_date"] <= item["date"], item["id"]
        assert item["old"].strip() and item["new"].strip() and item["why"].strip(), item["id"]
        seen.update(item["verdicts"])
    assert seen == VERDICTS
    # Rewordings and pairs about other ministries are a real share of the set.
    assert sum(1 for i in items if set(i["verdicts"]) <= {"restated", "reworded"}) >= 40
    assert sum(1 for i in items if i["commitment"] is None) >= len(items) // 3


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


@pytest.mark.parametrize("split", ["test", "test2", "test3"])
def test_test_pairs_are_not_dev_pairs(split: str) -> None:
    # Short base sentences may recur; the same change between them may not.
    dev = {(_plain(i["old"]), _plain(i["new"])) for i in _load("pairs-dev")}
    same = [i["id"] for i in _load(f"pairs-{split}")
            if (_plain(i["old"]), _plain(i["new"])) in dev]
    assert not same


@pytest.mark.parametrize("split", ["dev", "test", "test2", "test3"])
def test_extraction_sets_are_well_formed(split: str) -> None:
    cases = _load(f"extraction-{split}")
    assert len(cases) >= MINIMUM[f"extraction-{split}"]
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert case["commitment"] in COMMITMENTS, case["id"]
        for sentence in case["statements"]:
            assert sentence in case["text"], (case["id"], sentence)
    for commitment in COMMITMENTS:
        mine = [c for c in cases if c["commitment"] == commitment]
        assert any(c["statements"] for c in mine) and any(not c["statements"] for c in mine)


def test_eval_verdicts_counts_false_and_missed_alerts() -> None:
    ev = _bench("eval_verdicts")
    items = [
        {"id": "a", "verdicts": ["reworded"], "why": ""},
        {"id": "b", "verdicts": ["restated"], "why": ""},
        {"id": "c", "verdicts": ["position_changed"], "why": ""},
        {"id": "d", "verdicts": ["negation_flipped", "position_changed"], "why": ""},
    ]
    got = [["figures_changed"], ["restated"], ["reworded"], ["position_changed"]]
    report = ev.score(items, got)
    assert report.exact == 1
    assert report.false_alerts == ["a"]
    assert report.missed_alerts == ["c"]
    position = report.per_verdict["position_changed"]
    assert (position.tp, position.fp, position.fn) == (1, 0, 1)
    assert position.precision == 1.0 and position.recall == 0.5
    assert report.per_verdict["figures_changed"].fp == 1
    with pytest.raises(ValueError):
        ev.score(items, got[:2])


def test_eval_extraction_scores_sentences_inside_statements() -> None:
    ex = _bench("eval_extraction")
    report = ex.Report()
    case = {"id": "x", "statements": ["Nederland zal hieraan deelnemen."]}
    # The antecedent taken along as context does not make the statement wrong.
    ex.score_case(report, case, ["Over EDIP is een akkoord bereikt. Nederland zal hieraan "
                                 "deelnemen.", "Duitsland neemt deel aan EDIP."])
    ex.score_case(report, {"id": "y", "statements": ["Defensie neemt deel aan EDIP."]}, [])
    assert (report.extracted, report.correct, report.labelled, report.found) == (2, 1, 2, 1)
    assert report.precision == 0.5 and report.recall == 0.5
    assert report.wrong == [("x", "Duitsland neemt deel aan EDIP.")]
    assert report.missed == [("y", "Defensie neemt deel aan EDIP.")]
