"""The documentation's examples work as written: every TOML block in README.md and docs/ is
valid configuration together with the shipped config.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from monitor.config import Settings

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BLOCKS = [
    pytest.param(block, id=f"{path.name}:{n}")
    for path in DOCS
    for n, block in enumerate(re.findall(r"```toml\n(.*?)```", path.read_text("utf-8"), re.S))
]


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` on top of ``base``: arrays of tables are added to, tables merged, values set."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *value]
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def test_the_docs_have_toml_examples() -> None:
    assert len(BLOCKS) >= 1


@pytest.mark.parametrize("block", BLOCKS)
def test_toml_example_is_valid_with_the_shipped_config(block: str) -> None:
    shipped = tomllib.loads((REPO / "config.toml").read_text("utf-8"))
    example = tomllib.loads(block)
    settings = Settings.model_validate(merge(shipped, example))
    for sub in example.get("subscriptions", []):
        assert any(s.name == sub["name"] for s in settings.subscriptions)


def test_a_wrong_example_would_be_caught() -> None:
    shipped = tomllib.loads((REPO / "config.toml").read_text("utf-8"))
    bad = tomllib.loads('[[subscriptions]]\nname = "x"\nemail = ["a@b"]\ncommitments = ["edip"]\n')
    with pytest.raises(ValueError, match="unknown commitment 'edip'"):
        Settings.model_validate(merge(shipped, bad))
