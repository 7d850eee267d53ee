"""What scripts/venv.sh installed into .venv: the hash of pyproject.toml and the extras.

``check EXTRAS``: exit 0 when pyproject.toml is unchanged and EXTRAS were installed.
``union EXTRAS``: print EXTRAS together with those already installed (one install keeps both).
``write EXTRAS``: record a successful install.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

STAMP = Path(".venv/.monitor-install.json")


def _digest() -> str:
    return hashlib.sha256(Path("pyproject.toml").read_bytes()).hexdigest()


def _extras(text: str) -> set[str]:
    return {e.strip() for e in text.split(",") if e.strip()}


def _installed() -> set[str] | None:
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("pyproject") != _digest():
        return None
    return set(stamp.get("extras", []))


def main(action: str, extras: str) -> int:
    wanted = _extras(extras)
    installed = _installed()
    if action == "check":
        return 0 if installed is not None and wanted <= installed else 1
    if action == "union":
        print(",".join(sorted(wanted | (installed or set()))))
        return 0
    if action == "write":
        STAMP.write_text(json.dumps({"pyproject": _digest(), "extras": sorted(wanted)}),
                         encoding="utf-8")
        return 0
    print(f"unknown action {action!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""))
