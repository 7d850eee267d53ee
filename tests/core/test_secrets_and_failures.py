"""Secrets stay out of output, links are http(s) only, and every failure is one line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import ConfigError, load_settings, warn_if_writable_by_others
from monitor.notify.render import Entry, render
from monitor.redact import redact_text, redact_url, safe_link

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-T0ken"


def _monitor(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    env.update(extra)
    return env


@pytest.mark.parametrize("url", [
    f"https://hooks.example.org/services/T000/B000/{SECRET}",
    f"https://hooks.example.org/hook?token={SECRET}&x=1",
    f"https://bot:{SECRET}@hooks.example.org/hook",
])
def test_redact_url_hides_tokens_in_path_query_and_userinfo(url: str) -> None:
    shown = redact_url(url)
    assert SECRET not in shown and shown.startswith("https://")
    assert "hooks.example.org" in shown


def test_redact_database_urls_keeps_what_helps() -> None:
    shown = redact_url(f"postgresql://monitor:{SECRET}@db.example:5432/monitor", keep_path=True)
    assert shown == "postgresql://monitor:***@db.example:5432/monitor"
    assert redact_text(f"could not connect to mysql://root:{SECRET}@h/db") == \
        "could not connect to mysql://root:***@h/db"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html", True),
    ("http://repository.overheid.nl/frbr/x", True),
    ("javascript:alert(document.cookie)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("//evil.example/x", False),
    ('https://x.example/"onmouseover="alert(1)', False),
    ("", False),
])
def test_only_http_links(url: str, ok: bool) -> None:
    assert safe_link(url) == (url if ok else "")


def test_an_email_never_links_a_javascript_url() -> None:
    event = {"type": "new_answer", "identifier": "ah-1", "ministry": "Defensie",
             "title": "t", "url": "javascript:alert(1)", "received": "2026-05-19"}
    message = render([Entry(kind="event", payload={"event": event, "reason": "r"})], {})
    assert "javascript:" not in message.html and "javascript:" not in message.text
    assert "ah-1" in message.html


def test_subscriptions_and_deliveries_print_no_webhook_secret(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        "[[subscriptions]]\nname = 'hook'\n"
        f"webhook = 'https://hooks.example.org/services/T0/B0/{SECRET}?token={SECRET}'\n"
        "secret_env = 'HOOK_SECRET'\n")
    config.chmod(0o600)
    runner = CliRunner()
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    result = runner.invoke(cli, ["--config", str(config), "subscriptions"], env=env)
    assert result.exit_code == 0, result.output
    assert "hooks.example.org" in result.output and SECRET not in result.output

    from monitor.notify.tables import Delivery
    from monitor.store.db import Database

    db = Database(env["MONITOR_DATABASE_URL"])
    with db.writer() as s:
        s.add(Delivery(subscription="hook", channel="webhook",
                       target=f"https://hooks.example.org/services/T0/B0/{SECRET}",
                       secret_env="HOOK_SECRET", kind="event", ref="new_answer:ah-1",
                       idempotency_key="km-1", payload={}, status="failed", attempts=1,
                       last_error=f"POST https://u:{SECRET}@hooks.example.org failed"))
    db.dispose()
    result = runner.invoke(cli, ["--config", str(config), "deliveries"], env=env)
    assert result.exit_code == 0, result.output
    assert "hooks.example.org" in result.output and SECRET not in result.output


def test_status_with_an_unsupported_database_driver_hides_the_password(tmp_path: Path) -> None:
    env = _env(tmp_path, MONITOR_DATABASE_URL=f"mysql://root:{SECRET}@db.example/monitor")
    result = _monitor("status", env=env, cwd=tmp_path)
    assert result.returncode != 0
    assert SECRET not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_huge_limit_is_one_line(tmp_path: Path) -> None:
    result = _monitor("answers", "--limit", "99999999999999999999", env=_env(tmp_path),
                      cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--limit" in result.stderr


def test_a_read_only_database_is_one_line_that_says_so(tmp_path: Path) -> None:
    db_file = tmp_path / "m.db"
    assert _monitor("init", env=_env(tmp_path), cwd=tmp_path).returncode == 0
    # Opened read-only (as a file without write permission is for a non-root user).
    read_only = f"sqlite:///file:{db_file}?mode=ro&uri=true"
    result = _monitor("poll", env=_env(tmp_path, MONITOR_DATABASE_URL=read_only), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0] and "migrate" not in errors[0]


def test_smtp_login_in_plain_text_is_refused_unless_allowed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[smtp]\nsecurity = 'none'\nusername = 'mailer'\n")
    config.chmod(0o600)
    with pytest.raises(ConfigError, match="plain text"):
        load_settings(config, environ={})
    config.write_text("[smtp]\nsecurity = 'none'\nusername = 'mailer'\n"
                      "allow_plaintext_auth = true\n")
    assert load_settings(config, environ={}).smtp.allow_plaintext_auth
    config.write_text("[smtp]\nsecurity = 'starttls'\nusername = 'mailer'\n")
    assert load_settings(config, environ={}).smtp.username == "mailer"


def test_a_config_writable_by_others_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("")
    config.chmod(0o600)
    assert not warn_if_writable_by_others(config)
    config.chmod(0o666)
    with caplog.at_level("WARNING", logger="monitor.config"):
        load_settings(config, environ={})
    assert warn_if_writable_by_others(config)
    assert any("config_writable_by_others" in r.getMessage() for r in caplog.records)
    assert stat.S_IMODE(config.stat().st_mode) == 0o666
