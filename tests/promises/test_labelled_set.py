"""The labelled promises (tests/promises/data) are consistent with the answers they label.

A label whose passage is not in its answer can never be matched: the score would count it a miss
of the discovery when it is a typo of the annotator. These checks read the texts only (the parser,
never the discovery), so they hold whatever the discovery does.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from monitor.parse import parse_file
from monitor.promises.discover import normalise

ROOT = Path(__file__).resolve().parents[2]


def _eval_module() -> ModuleType:
    path = ROOT / "bench" / "eval_promises.py"
    spec = importlib.util.spec_from_file_location("eval_promises", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # the script's dataclass looks its module up while it is being defined
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()
KINDS = {"by", "in", "around", "from", "vague", "document"}


def _rows(split: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = EVAL.load(split)
    return rows


@pytest.mark.parametrize("split", EVAL.SPLITS)
def test_every_labelled_passage_is_in_an_answer_of_its_file(split: str) -> None:
    files = set(EVAL.files_of(split))
    answers: dict[str, str] = {}
    for row in _rows(split):
        name = row["file"]
        assert name in files, f"{split}: {name} is labelled but not in {split}.files"
        if name not in answers:
            doc = parse_file(EVAL.answer_path(name))
            answers[name] = "\n".join(normalise(a.text) for a in doc.answers)
        assert normalise(row["sentence"]) in answers[name], f"{split}: {row['sentence']!r}"


@pytest.mark.parametrize("split", EVAL.SPLITS)
def test_every_deadline_label_has_a_known_shape(split: str) -> None:
    for row in _rows(split):
        date.fromisoformat(row["date"])
        deadline = row["deadline"]
        if deadline is None:
            continue
        assert deadline["kind"] in KINDS, row
        if deadline["kind"] == "by":
            date.fromisoformat(deadline["last"])
        elif deadline["kind"] in ("in", "around"):
            assert date.fromisoformat(deadline["first"]) <= date.fromisoformat(deadline["last"])
        elif deadline["kind"] == "from":
            date.fromisoformat(deadline["first"])
        elif deadline["kind"] == "document":
            assert deadline["document"].strip(), row
        else:
            assert deadline["term"].strip(), row


def test_every_listed_file_exists_and_parses() -> None:
    for split in EVAL.SPLITS:
        for name in EVAL.files_of(split):
            path = EVAL.answer_path(name)
            assert path.exists(), f"{split}: {name}"
            assert parse_file(path).answers, f"{split}: {name} has no answers"


def test_the_splits_share_no_answer() -> None:
    # a file scored in two splits would leak the tuned part into the blind one
    seen: dict[str, str] = {}
    for split in EVAL.SPLITS:
        for name in EVAL.files_of(split):
            stem = name.split(".")[0]
            assert stem not in seen, f"{stem} is in {seen.get(stem)} and {split}"
            seen[stem] = split
    assert json.dumps(seen)  # a non-empty, serialisable map: the loop ran over real names
