"""scripts/run and scripts/test install only when the project changed, so a complete .venv
starts without the network: the stamp logic they share (scripts/install_stamp.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STAMP = REPO / "scripts" / "install_stamp.py"


def stamp(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(STAMP), *args], cwd=cwd, capture_output=True,
                          text=True, check=False, timeout=60)


def test_install_only_when_pyproject_or_the_extras_change(tmp_path: Path) -> None:
    (tmp_path / ".venv").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert stamp(tmp_path, "check", "").returncode == 1  # never installed
    assert stamp(tmp_path, "write", "test,postgres").returncode == 0
    assert stamp(tmp_path, "check", "test,postgres").returncode == 0
    assert stamp(tmp_path, "check", "postgres").returncode == 0  # a subset is installed
    assert stamp(tmp_path, "check", "").returncode == 0
    assert stamp(tmp_path, "check", "web").returncode == 1  # a new extra: install
    assert stamp(tmp_path, "union", "web").stdout.strip() == "postgres,test,web"
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\ndependencies = ['y']\n")
    assert stamp(tmp_path, "check", "").returncode == 1  # dependencies changed: install
    assert stamp(tmp_path, "union", "").stdout.strip() == ""


def test_run_and_test_scripts_use_the_stamp() -> None:
    for script in ("run", "test"):
        text = (REPO / "scripts" / script).read_text()
        assert ". scripts/venv.sh" in text and "ensure_venv" in text
        assert "pip install" not in text  # only through ensure_venv
    helper = (REPO / "scripts" / "venv.sh").read_text()
    assert "install_stamp.py check" in helper and "--upgrade pip" not in helper
