"""The CLI as a whole: every command documented, user errors as one line without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli

REPO = Path(__file__).resolve().parents[2]


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    assert len(cli.commands) >= 15
    for name, command in cli.commands.items():
        assert command.help, f"monitor {name} has no help text"
        assert f"monitor {name}" in readme, f"monitor {name} is not documented in README.md"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output


def _monitor(
    *args: str, env: dict[str, str] | None = None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


@pytest.mark.parametrize(
    ("args", "config", "expected"),
    [
        (["poll"], "[source]\nwhat = 1\n", "source.what: unknown key"),
        (["answers"], "[database]\nurl = 'nonsense://x'\n", "nonsense://x"),
        (["parse", "does-not-exist"], "", "does-not-exist"),
        (["commitment", "no-such-commitment"], "", "no-such-commitment"),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], config: str, expected: str
) -> None:
    (tmp_path / "config.toml").write_text(config)
    env = {"PATH": "/usr/bin:/bin", "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    if "database" in config:
        env.pop("MONITOR_DATABASE_URL")
    result = _monitor(*args, env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_impossible_date_is_refused_before_anything_runs(tmp_path: Path) -> None:
    result = _monitor("backfill", "--since", "2026-02-29",
                      env={"PATH": "/usr/bin:/bin",
                           "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"},
                      cwd=tmp_path)
    assert result.returncode == 2
    assert "2026-02-29" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "m.db").exists()


def test_readme_signature_example_verifies_real_signatures() -> None:
    import re
    import time

    from monitor.notify.webhook import sign

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S)
                 if "def verify_signature" in b)
    namespace: dict[str, object] = {}
    exec(block, namespace)  # the README's own example, run as a reader would
    verify = namespace["verify_signature"]
    body = b'{"schema": "monitor.change/1"}'
    now = int(time.time())
    assert verify("s3cret", sign("s3cret", body, now), body)  # type: ignore[operator]
    assert not verify("s3cret", sign("s3cret", body, now), body + b" ")  # type: ignore[operator]
    assert not verify("other", sign("s3cret", body, now), body)  # type: ignore[operator]
    assert not verify("s3cret", sign("s3cret", body, now - 3600), body)  # type: ignore[operator]
