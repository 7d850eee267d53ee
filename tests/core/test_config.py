"""Settings: defaults, file, environment overrides, and one-line errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import LIVE_SRU_URL, load_settings
from monitor.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(environ={})
    assert s.database.url == "sqlite:///monitor.db"
    assert s.source.sru_url == LIVE_SRU_URL


def test_shipped_config_is_valid() -> None:
    s = load_settings(REPO / "config.toml", environ={})
    assert s.source.sru_url == LIVE_SRU_URL
    assert s.daemon.misfire_grace_seconds > 1


def test_fixed_environment_names(tmp_path: Path) -> None:
    s = load_settings(
        REPO / "config.toml",
        environ={
            "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "MONITOR_SOURCE_URL": "http://127.0.0.1:9/sru",
            "MONITOR_SOURCE_CHAMBERS": '["tk", "ek"]',
            "MONITOR_DAEMON_POLL_INTERVAL_MINUTES": "2.5",
            "MONITOR_TEST_POSTGRES_URL": "ignored: not a settings section",
        },
    )
    assert s.database.url.endswith("x.db")
    assert s.source.sru_url == "http://127.0.0.1:9/sru"
    assert s.source.chambers == ["tk", "ek"]
    assert s.daemon.poll_interval_minutes == 2.5


def test_config_file_from_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[source]\npage_size = 7\n')
    assert load_settings(environ={"MONITOR_CONFIG": str(cfg)}).source.page_size == 7


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("[source]\nbogus = 1\n", {}, "source.bogus: unknown key"),
        ("[nonsense]\nx = 1\n", {}, "nonsense: unknown key"),
        ("[source]\npage_size = 'many'\n", {}, "source.page_size"),
        ("[source]\npage_size = 0\n", {}, "source.page_size"),
        ("[source\n", {}, "not valid TOML"),
        ("", {"MONITOR_SOURCE_NOPE": "1"}, "MONITOR_SOURCE_NOPE"),
        ("", {"MONITOR_SOURCE_PAGE_SIZE": "lots"},
         "environment variable MONITOR_SOURCE_PAGE_SIZE: source.page_size"),
        ("[source]\npage_size = 10\n", {"MONITOR_SOURCE_PAGE_SIZE": "0"},
         "environment variable MONITOR_SOURCE_PAGE_SIZE: source.page_size: Input should be"),
        ('[[subscriptions]]\nname = "a"\nemail = ["a@b"]\nverdicts = ["position_chnaged"]\n',
         {}, "subscription 'a' wants unknown verdict 'position_chnaged' (known: first_seen"),
        ('[[subscriptions]]\nname = "a"\nschedule = "hourly"\nemail = ["a@b"]\n', {},
         "schedule"),
        ('[[subscriptions]]\nname = "a"\n', {}, "exactly one of email or webhook"),
        ('[[commitments]]\nid = "x"\ntitle = "X"\npatterns = ["("]\n', {}, "regular expression"),
        ('[[subscriptions]]\nname = "a"\nemail = ["a@b"]\ncommitments = ["edip"]\n', {},
         "unknown commitment 'edip'"),
    ],
)
def test_bad_configuration_is_one_clear_line(
    tmp_path: Path, text: str, env: dict[str, str], expected: str
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ=env)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_a_bad_file_value_still_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[source]\npage_size = 0\n")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, environ={"MONITOR_SOURCE_TIMEOUT_SECONDS": "3"})
    assert str(info.value).startswith(f"{cfg}: source.page_size:")


def test_smtp_password_variable_is_a_secret_not_a_setting(tmp_path: Path) -> None:
    settings = load_settings(REPO / "config.toml", environ={"MONITOR_SMTP_PASSWORD": "s3cret"})
    assert "s3cret" not in settings.model_dump_json()


def test_postgres_urls_in_both_spellings_use_psycopg() -> None:
    from monitor.store.db import make_engine

    for url in ("postgres://u:p@db.example:5432/m", "postgresql://u:p@db.example:5432/m"):
        engine = make_engine(url)
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.url.host == "db.example" and engine.url.database == "m"
        engine.dispose()
