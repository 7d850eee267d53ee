"""The deployment files serve the web pages on the documented port, on loopback."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from monitor.config import load_settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_web_unit_listens_on_loopback_port_8000() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "monitor-web.service")
    service = unit["Service"]
    assert service["ExecStart"].endswith("monitor web --host 127.0.0.1 --port 8000")
    assert service["User"] == "monitor" and "NoNewPrivileges" in service
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_compose_publishes_the_web_port_on_the_host_loopback_only() -> None:
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("no system python3 with PyYAML to parse the compose file")
    probe = subprocess.run(
        [python, "-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
         str(DEPLOY / "compose.yaml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if probe.returncode != 0 and "No module named 'yaml'" in probe.stderr:
        pytest.skip("PyYAML is not installed for the system python3")
    assert probe.returncode == 0, probe.stderr
    web = json.loads(probe.stdout)["services"]["web"]
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert "monitor web --host 0.0.0.0 --port 8000" in " ".join(web["entrypoint"])
    assert web["environment"]["MONITOR_DATABASE_URL"].startswith("postgresql://")
    assert "EXPOSE 8000" in (DEPLOY / "Containerfile").read_text()


def test_shipped_config_keeps_the_web_on_loopback(tmp_path: Path) -> None:
    settings = load_settings(DEPLOY.parent / "config.toml", environ={})
    assert settings.web.host == "127.0.0.1" and settings.web.port == 8000
    assert settings.web.enabled is False
    env = {"MONITOR_WEB_BASE_URL": "https://kv.example.org", "MONITOR_WEB_ENABLED": "true"}
    overridden = load_settings(DEPLOY.parent / "config.toml", environ=env)
    assert overridden.web.base_url == "https://kv.example.org" and overridden.web.enabled
