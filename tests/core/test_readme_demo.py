"""The README's offline demo, followed word for word (only the port and the folder differ):
the default install shows the EDIP position change in `monitor changes` after the backfill."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.net import free_port

REPO = Path(__file__).resolve().parents[2]


def demo_lines() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Offline demo"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.slow
def test_readme_demo_shows_the_edip_position_change(tmp_path: Path) -> None:
    lines = demo_lines()
    assert lines[0] == ". .venv/bin/activate"
    port = str(free_port())
    shutil.copy(REPO / "config.toml", tmp_path / "config.toml")  # "from the repository root"
    # as after `. .venv/bin/activate`: this environment's `monitor` first on PATH
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "LANG": "C.UTF-8"}
    outputs: dict[str, str] = {}
    server: subprocess.Popen[str] | None = None
    try:
        for line in lines[1:]:
            line = line.replace("8080", port)
            if line.startswith("export "):
                for assignment in shlex.split(line)[1:]:
                    name, _, value = assignment.partition("=")
                    env[name] = value
                continue
            argv = shlex.split(line.rstrip("&").strip())
            assert argv[0] == "monitor", line
            if line.endswith("&"):
                server = subprocess.Popen(argv, env=env, cwd=tmp_path, text=True,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                assert server.stdout is not None
                # wait for the server to say where it listens (an observable event)
                for printed in server.stdout:
                    if printed.startswith("MONITOR_SOURCE_URL="):
                        assert printed.strip().endswith(f":{port}/sru")
                        break
                continue
            if argv[1] == "web":
                continue  # serves until stopped: the web tests cover it
            done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode in (0, 3), f"{line}: {done.stderr}"  # 3: status unhealthy
            assert "Traceback" not in done.stderr
            outputs.setdefault(" ".join(argv[1:]), done.stdout)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    changes = outputs["changes"].splitlines()
    assert any("edip-participation" in row and "position_changed" in row and "ah-1251487" in row
               for row in changes), outputs["changes"]
    assert "ah-1251487" in outputs["answers --limit 10"]
    assert "Vraag 8" in outputs["parse ah-1251487"]
    assert os.path.exists(tmp_path / "demo.db")
