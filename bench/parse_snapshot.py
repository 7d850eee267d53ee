"""Parse every input under tests/ and the shared corpus and write one JSON line per file.

Run by hand before and after a parser change, then compare the two files: the output of every
input must stay byte-identical unless a fault was fixed (and then the changed lines name it)::

    .venv/bin/python bench/parse_snapshot.py > /tmp/before.jsonl
    ... change the parser ...
    .venv/bin/python bench/parse_snapshot.py > /tmp/after.jsonl
    diff /tmp/before.jsonl /tmp/after.jsonl

A file that is refused prints its error instead of a document (bad inputs are inputs too).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from monitor.errors import MonitorError
from monitor.model import Format
from monitor.parse import parse_document, parse_file

ROOT = Path(__file__).resolve().parent.parent
_SUFFIXES = {".xml", ".html", ".htm", ".pdf", ".txt", ".md"}
_CORPUS = ROOT.parent.parent / "shared" / "corpus"


def inputs(folders: list[Path]) -> list[Path]:
    found = [
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in _SUFFIXES and path.name != "README.md"
    ]
    return sorted(found)


def _generated() -> list[tuple[str, bytes]]:
    """The parse benchmark's generated XML: its plain answers and the emulator's KOOP-shaped
    publications (the sets the speed work is measured on)."""
    import random

    from parse_bench import document, emulator_xml, to_xml

    rng = random.Random(7)
    plain = [(f"parse_bench-{i + 1}.xml", to_xml(document(rng, i + 1))) for i in range(150)]
    koop = [(f"parse_bench-emulator-{i + 1}.xml", data) for i, data in enumerate(emulator_xml(150))]
    return plain + koop


def _line(name: str, parse: object) -> str:
    return json.dumps({"file": name, "parse": parse}, ensure_ascii=False, sort_keys=True)


def main() -> None:
    default = [ROOT / "tests", ROOT / "monitor" / "emulator", _CORPUS]
    folders = [Path(a) for a in sys.argv[1:]] or default
    for path in inputs(folders):
        try:
            result: object = parse_file(path).to_json()
        except MonitorError as exc:
            result = {"error": type(exc).__name__, "message": str(exc)}
        print(_line(str(path.relative_to(path.anchor)), result))
    if not sys.argv[1:]:
        for name, data in _generated():
            print(_line(name, parse_document(data, Format.XML).to_json()))


if __name__ == "__main__":
    main()
