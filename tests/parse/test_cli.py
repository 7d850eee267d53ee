"""``monitor parse`` on local files: JSON with the fixed keys, readable text, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli import main

DATA = Path(__file__).parent.parent / "data" / "parse"


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "m.db"}"\n')
    try:
        main(["--config", str(config), "parse", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, tmp_path, str(DATA / "ah-tk-20202021-3235.xml"), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["identifier"] == "ah-tk-20202021-3235" and data["kind"] == "answer"
    assert data["answers"][3] == {
        "numbers": [4],
        "text": data["answers"][3]["text"],
        "refers_to": [2, 3],
    }
    assert set(data["questions"][0]) == {"number", "text"}


def test_text_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = DATA / "answer-2026-05-19-defensie-european-dependencies.txt"
    code, out, _ = _run(capsys, tmp_path, str(path))
    assert code == 0
    assert "Antwoord 1, 2, 3, 4" in out
    assert "Antwoord 10  (refers to 1, 2, 3, 4)" in out
    assert out.index("Vraag 4") < out.index("Antwoord 1, 2, 3, 4") < out.index("Vraag 5")


def test_bad_file_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "ah-tk-20202021-1.xml"
    bad.write_bytes(b"<officiele-publicatie><kamervragen>")
    code, out, err = _run(capsys, tmp_path, str(bad))
    assert code == 1 and out == ""
    assert err.startswith("error: ah-tk-20202021-1: not well-formed XML: line 1")
    assert err.count("\n") == 1


def test_partial_parse_is_shown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = str(DATA / "ah-tk-20232024-302.pdf-text.txt")
    code, out, _ = _run(capsys, tmp_path, target)
    assert code == 0
    assert "  parse: partial\n    warning: question 2 has no label" in out
    code, out, _ = _run(capsys, tmp_path, target, "--format", "json")
    data = json.loads(out)
    assert data["parse_status"] == "partial" and len(data["warnings"]) == 1
