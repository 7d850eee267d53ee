"""The CLI as a whole: every command documented, user errors as one line without a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from monitor.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[2]


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    ctx = click.Context(cli)
    assert len(cli.list_commands(ctx)) >= 16
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None, f"monitor {name} is registered but cannot be loaded"
        assert command.name == name
        assert command.help, f"monitor {name} has no help text"
        # the registry's one-liner (shown by `monitor --help`) says what the command's own does
        first = command.help.split("\n\n")[0].replace("\n", " ")
        words = set(re.findall(r"\w+", COMMANDS[name].help.lower()))
        assert len(words & set(re.findall(r"\w+", first.lower()))) >= len(words) // 2, (
            f"monitor {name}: registry help {COMMANDS[name].help!r} does not match {first!r}"
        )
        assert f"monitor {name}" in readme, f"monitor {name} is not documented in README.md"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Usage: cli {name}") or f"monitor {name}" in result.output


def test_help_imports_no_command_module_and_ignores_a_broken_config(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[source]\nwhat = 1\n")
    probe = (
        "import sys\n"
        "from monitor.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'alembic', 'pydantic', 'httpx', 'lxml'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout
    for name in COMMANDS:
        assert f"  {name} " in result.stdout
    sub = _monitor("poll", "--help", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert sub.returncode == 0, sub.stderr
    assert "Usage: monitor poll" in sub.stdout
    broken = _monitor("poll", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert broken.returncode == 1 and "source.what: unknown key" in broken.stderr


@pytest.mark.parametrize("command", [["answers"], ["changes"], ["commitments"], ["status"],
                                     ["deliveries"], ["commitment", "edip"], ["reparse"]])
def test_read_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "monitor.db"
    env = {"PATH": "/usr/bin:/bin", "MONITOR_DATABASE_URL": f"sqlite:///{missing}"}
    result = _monitor(*command, env=env, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip() == (
        f"error: no database at {missing} (check MONITOR_DATABASE_URL or [database] url; "
        "`monitor init` creates one)"
    )
    assert not (tmp_path / "typo").exists()


def test_init_creates_and_then_read_commands_work(tmp_path: Path) -> None:
    db = tmp_path / "new" / "monitor.db"
    env = {"PATH": "/usr/bin:/bin", "MONITOR_DATABASE_URL": f"sqlite:///{db}"}
    created = _monitor("init", env=env, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert db.is_file()
    listed = _monitor("answers", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "no answers stored"
    assert listed.stderr == ""  # no INFO lines on an interactive command without -v


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
        (["parse", "does-not-exist"], "", "does-not-exist: not a file, and no stored"),
        (["parse", "answers/missing.xml"], "", "answers/missing.xml: no such file"),
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
    if args[0] == "commitment":  # a read command: the database must exist for this error
        assert _monitor("init", env=env, cwd=tmp_path).returncode == 0
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
