"""The CLI: `monitor deliveries [--status]`, `monitor deliveries retry`, `monitor subscriptions`."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from monitor.app import App
from monitor.config import load_settings
from monitor.notify.claims import list_deliveries
from monitor.notify.commands import COMMANDS
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database

from .conftest import drain, enqueue, free_port, later, make_change

CONFIG = """
[database]
url = "{url}"

[daemon]
max_attempts = 2
webhook_timeout_seconds = 1.0

[[commitments]]
id = "edip"
title = "EDIP-deelname"
terms = ["EDIP"]

[[subscriptions]]
name = "redactie"
webhook = "http://127.0.0.1:{port}/hook"
secret_env = "CLI_TEST_SECRET"
commitments = ["edip"]

[[subscriptions]]
name = "analist"
email = ["analist@example.org"]
schedule = "weekly monday 08:00"
zaken = ["2026Z09876"]
"""


@click.group()
@click.pass_context
def cli(ctx: click.Context) -> None:
    """The commands as `monitor` registers them, on an App from the test's config file."""


for command in COMMANDS:
    cli.add_command(command)


@pytest.fixture
def setup(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[App, Path]:
    monkeypatch.setenv("CLI_TEST_SECRET", "very-secret-value")
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(url=sqlite_url, port=free_port()), "utf-8")
    return App(load_settings(path, environ={})), path


def run(app: App, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj=app, catch_exceptions=False)
    return result.exit_code, result.output


def test_subscriptions_lists_without_secrets(setup: tuple[App, Path]) -> None:
    app, _ = setup
    code, out = run(app, "subscriptions")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["name", "channel", "to", "schedule"]
    assert any(line.startswith("redactie  webhook  http://127.0.0.1:") for line in lines)
    assert any(line.startswith("analist   e-mail   analist@example.org") for line in lines)
    assert "weekly monday 08:00" in out and "2026Z09876" in out
    assert "very-secret-value" not in out
    code, out = run(app, "subscriptions", "--format", "json")
    subs = {s["name"]: s for s in json.loads(out)}
    assert subs["redactie"]["secret_env"] == "CLI_TEST_SECRET"
    assert subs["analist"]["zaken"] == ["2026Z09876"]
    assert "very-secret-value" not in out


def test_deliveries_dead_letter_and_retry(setup: tuple[App, Path]) -> None:
    app, _ = setup
    db: Database = app.db
    assert enqueue(db, app.settings, make_change(1)) == 2  # webhook now, e-mail on Monday
    code, out = run(app, "deliveries")
    assert code == 0 and out.count(" pending ") == 2
    code, out = run(app, "deliveries", "--format", "csv")
    assert out.splitlines()[0].startswith("id,status,attempts,next,subscription")
    assert len(out.splitlines()) == 3
    drain(db, app.settings, now=later(0))  # receiver down: two attempts, then dead
    code, out = run(app, "deliveries", "--status", "dead")
    assert code == 0
    [dead] = list_deliveries(db, DeliveryStatus.DEAD)
    row = next(line for line in out.splitlines() if line.split()[:2] == [str(dead.id), "dead"])
    assert "unreachable" in row and "redactie" in row
    code, out = run(app, "deliveries", "retry", str(dead.id))
    assert code == 0 and "1 delivery queued" in out
    assert list_deliveries(db, DeliveryStatus.PENDING)[0].id == dead.id
    drain(db, app.settings, now=later(0))
    code, out = run(app, "deliveries", "retry", "--all-dead")
    assert code == 0 and "1 delivery queued" in out
    code, out = run(app, "deliveries", "retry")
    assert code == 2 and "give either a delivery ID or --all-dead" in out
    app.close()


def test_errors_are_one_line(setup: tuple[App, Path]) -> None:
    from monitor.errors import MonitorError

    app, _ = setup
    result = CliRunner().invoke(cli, ["deliveries", "retry", "999"], obj=app)
    assert isinstance(result.exception, MonitorError)
    assert str(result.exception) == "delivery 999 does not exist"
    code, out = run(app, "deliveries", "--status", "lost")
    assert code == 2 and "Invalid value for '--status'" in out
    code, out = run(app, "deliveries")
    assert code == 0 and out == "no deliveries\n"
    app.close()
