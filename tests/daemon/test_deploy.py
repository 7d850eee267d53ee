"""The deployment files say what the operations guide promises (Docker is not run here)."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_systemd_unit() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "monitor.service")
    service = unit["Service"]
    assert service["User"] == "monitor"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"].startswith("/etc/")
    assert service["ExecStart"].endswith("monitor run --shutdown-grace 60")
    assert "monitor init" in service["ExecStartPre"]
    # stop timeout leaves room for the daemon's own shutdown grace
    assert int(service["TimeoutStopSec"]) > 60
    for option in ("NoNewPrivileges", "ProtectSystem", "PrivateTmp", "ProtectHome"):
        assert option in service
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_containerfile() -> None:
    text = (DEPLOY / "Containerfile").read_text()
    assert "FROM python:3.12-slim" in text
    assert "[postgres,web]" in text
    assert "\nUSER monitor\n" in text
    assert "monitor init && exec monitor run" in text


def test_compose_parses_and_waits_for_a_healthy_database() -> None:
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
    compose = json.loads(probe.stdout)
    db, monitor = compose["services"]["db"], compose["services"]["monitor"]
    assert db["healthcheck"]["test"][0] == "CMD-SHELL"
    assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
    assert monitor["environment"]["MONITOR_DATABASE_URL"].startswith("postgresql://")
    assert monitor["build"]["dockerfile"] == "deploy/Containerfile"


def test_example_env_names_only_known_settings() -> None:
    from monitor.config import load_settings

    env = {}
    for line in (DEPLOY / "monitor.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    settings = load_settings(None, env)
    assert settings.database.url.startswith("postgresql://")
    assert settings.logging.format == "json"
