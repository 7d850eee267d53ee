"""Typed settings: ``config.toml`` (or ``$MONITOR_CONFIG``) with ``MONITOR_…`` overrides.

Every key of every section can be overridden by ``MONITOR_<SECTION>_<KEY>`` (values are read as
TOML values when they parse as such, else as plain strings). Two fixed short names exist for
operators and scripts: ``MONITOR_DATABASE_URL`` and ``MONITOR_SOURCE_URL`` (= ``[source] sru_url``).
Unknown keys and wrong types are a :class:`~monitor.errors.ConfigError` naming the key.
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from monitor.config_tables import CommitmentSettings as CommitmentSettings
from monitor.config_tables import Section
from monitor.config_tables import SubscriptionSettings as SubscriptionSettings
from monitor.errors import ConfigError

LIVE_SRU_URL = "https://repository.overheid.nl/sru"
DEFAULT_CONFIG_FILE = "config.toml"


class _Section(BaseModel):
    # The same rule as the array tables' (unknown keys are errors, frozen after load).
    model_config = Section.model_config


class DatabaseSettings(_Section):
    url: str = "sqlite:///monitor.db"


class SourceSettings(_Section):
    sru_url: str = LIVE_SRU_URL
    chambers: list[Literal["tk", "ek"]] = ["tk"]
    unanswered_questions: bool = True
    requests_per_second: float = Field(default=2.0, gt=0)
    # A source on this machine (the KOOP emulator, a test server) needs no politeness.
    loopback_requests_per_second: float = Field(default=500.0, gt=0)
    timeout_seconds: float = Field(default=30.0, gt=0)
    retries: int = Field(default=5, ge=0)
    max_backoff_seconds: float = Field(default=60.0, gt=0)
    max_response_bytes: int = Field(default=20_000_000, gt=0)
    page_size: int = Field(default=100, ge=1, le=1000)
    fetch_concurrency: int = Field(default=4, ge=1, le=32)  # documents fetched in parallel
    parse_processes: int = Field(default=2, ge=0, le=32)  # 0: fetch and parse in threads only
    # The live service refuses startRecord at or past ~10,000; stay well below.
    max_window_records: int = Field(default=9_000, ge=1)
    overlap_days: int = Field(default=1, ge=0)
    first_poll_days: int = Field(default=7, ge=0)
    user_agent: str = "kamervragen-monitor/0.1 (+https://github.com/kamervragen-monitor)"
    # A document that failed (404, soft 404, truncated, unparsable) is retried with backoff,
    # starting after retry_first_minutes, for retry_days; then it is an operator alert.
    retry_days: float = Field(default=7.0, gt=0)
    retry_first_minutes: float = Field(default=15.0, gt=0)
    # Every parse runs in a worker process under these limits: any document becomes at worst
    # a recorded failure, never a crashed poll (0 = no limit).
    parse_memory_mb: int = Field(default=256, ge=0)
    parse_seconds: float = Field(default=120.0, ge=0)


class SmtpSettings(_Section):
    host: str = "localhost"
    port: int = Field(default=25, ge=1, le=65535)
    security: Literal["none", "starttls", "tls"] = "none"
    username: str = ""
    password_env: str = ""
    sender: str = "monitor@localhost"
    timeout_seconds: float = Field(default=30.0, gt=0)
    # A username with security = "none" sends the password in plain text: refused unless allowed.
    allow_plaintext_auth: bool = False

    @model_validator(mode="after")
    def _no_plaintext_login(self) -> SmtpSettings:
        if self.security == "none" and self.username and not self.allow_plaintext_auth:
            raise ValueError(
                f"username {self.username!r} with security = \"none\" would send the password "
                "in plain text; use security = \"starttls\" or \"tls\", or set "
                "allow_plaintext_auth = true"
            )
        return self


class OperatorSettings(_Section):
    email: list[str] = []
    webhook: str = ""
    secret_env: str = ""


class DaemonSettings(_Section):
    poll_interval_minutes: float = Field(default=15.0, gt=0)
    poll_cron: str = ""  # a crontab expression; overrides the interval when set
    delivery_interval_seconds: float = Field(default=5.0, gt=0)
    delivery_batch: int = Field(default=50, ge=1)
    max_attempts: int = Field(default=12, ge=1)
    retry_base_seconds: float = Field(default=10.0, gt=0)
    retry_max_seconds: float = Field(default=3600.0, gt=0)
    lease_seconds: float = Field(default=120.0, gt=0)
    misfire_grace_seconds: float = Field(default=3600.0, gt=0)
    stale_after_hours: float = Field(default=72.0, gt=0)
    alert_after_minutes: float = Field(default=120.0, gt=0)
    timezone: str = "Europe/Amsterdam"
    operator: OperatorSettings = OperatorSettings()
    # A claimed delivery is re-claimable after this long (its worker is presumed dead).
    delivery_lease_seconds: float = Field(default=300.0, gt=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)


class ReconcileSettings(_Section):
    """Reconciliation: record counts per date window compared with what is stored."""

    enabled: bool = True
    days: int = Field(default=90, ge=1)  # depth of the nightly run
    window_days: int = Field(default=7, ge=1, le=366)  # one count request per window
    cron: str = "30 3 * * *"  # nightly (in [daemon] timezone)
    full_cron: str = "30 4 * * sun"  # weekly over everything stored ("" = never)
    rewalks: int = Field(default=3, ge=0)  # re-reads of a window whose results shifted


class NotifySettings(_Section):
    # Changes and new answers received longer ago than this are recorded but not alerted
    # (history is not news); one summary goes to the operator instead. 0 = alert everything.
    alert_max_age_days: int = Field(default=30, ge=0)


class PromiseSettings(_Section):
    # The daily deadline check (crontab, in [daemon] timezone); it also runs at start and after
    # every poll that stored something.
    check_cron: str = "0 6 * * *"
    # The day the deadline check takes as today (demos and tests); unset: the real date.
    today: date | None = None


class WebSettings(_Section):
    enabled: bool = False  # also serve the web pages from `monitor run`
    host: str = "127.0.0.1"  # loopback unless an operator decides otherwise
    port: int = Field(default=8000, ge=1, le=65535)
    # Absolute links in feeds and e-mails; empty: http://<host>:<port>
    base_url: str = Field(default="", pattern=r"^(https?://[^\s/]+(/[^\s]*)?)?$")
    page_size: int = Field(default=50, ge=1, le=500)


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    format: Literal["json", "text"] = "text"


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    source: SourceSettings = SourceSettings()
    daemon: DaemonSettings = DaemonSettings()
    smtp: SmtpSettings = SmtpSettings()
    logging: LoggingSettings = LoggingSettings()
    reconcile: ReconcileSettings = ReconcileSettings()
    notify: NotifySettings = NotifySettings()
    web: WebSettings = WebSettings()
    promises: PromiseSettings = PromiseSettings()
    commitments: list[CommitmentSettings] = []
    subscriptions: list[SubscriptionSettings] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Settings:
        for what, ids in (
            ("commitment id", [c.id for c in self.commitments]),
            ("subscription name", [s.name for s in self.subscriptions]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"duplicate {what} {i!r}")
                seen.add(i)
        # A misspelt id or verdict would match nothing and lose every alert without a word.
        known = {c.id for c in self.commitments}
        if any(sub.verdicts for sub in self.subscriptions):
            from monitor.verdicts import VERDICTS

            for sub in self.subscriptions:
                for verdict in sub.verdicts:
                    if verdict not in VERDICTS:
                        raise ValueError(
                            f"subscription {sub.name!r} wants unknown verdict {verdict!r} "
                            f"(known: {', '.join(VERDICTS)})"
                        )
        for sub in self.subscriptions:
            for cid in sub.commitments:
                if cid != "*" and cid not in known:
                    listed = ", ".join(sorted(known)) or "none"
                    raise ValueError(
                        f"subscription {sub.name!r} follows unknown commitment {cid!r} "
                        f"(known: {listed})"
                    )
        return self


_ALIASES = {"MONITOR_SOURCE_URL": ("source", "sru_url")}
# Read where they are used, never stored in the settings (see monitor.notify.mailer).
_SECRETS = {"MONITOR_SMTP_PASSWORD"}
_TABLE_SECTIONS = {"database", "source", "daemon", "smtp", "logging", "web", "reconcile",
                   "notify", "promises"}


def _env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_env(data: dict[str, Any], environ: dict[str, str]) -> dict[tuple[str, str], str]:
    """Put ``MONITOR_…`` overrides into ``data``; returns which variable set which key."""
    origins: dict[tuple[str, str], str] = {}
    for name, raw in environ.items():
        if not name.startswith("MONITOR_") or name == "MONITOR_CONFIG" or name in _SECRETS:
            continue
        if name in _ALIASES:
            section, key = _ALIASES[name]
        else:
            rest = name[len("MONITOR_") :].lower()
            section, _, key = rest.partition("_")
            if section not in _TABLE_SECTIONS:
                continue  # not ours (e.g. MONITOR_TEST_POSTGRES_URL)
            fields = type(Settings.model_fields[section].default).model_fields
            if key not in fields:
                raise ConfigError(f"environment variable {name}: [{section}] has no key {key!r}")
        target = data.setdefault(section, {})
        if not isinstance(target, dict):
            raise ConfigError(f"environment variable {name}: [{section}] is not a table")
        field = type(Settings.model_fields[section].default).model_fields[key]
        target[key] = raw if field.annotation is str else _env_value(raw)
        origins[(section, key)] = name
    return origins


def _describe(
    exc: ValidationError, origin: str, env_origins: dict[tuple[str, str], str] | None = None
) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    variable = (env_origins or {}).get(tuple(str(p) for p in err["loc"][:2]))  # type: ignore[arg-type]
    if variable is not None:
        # The bad value came from the environment: name the variable, not the file.
        return f"environment variable {variable}: {loc}: {msg}"
    return f"{origin}: {loc}: {msg}" if loc else f"{origin}: {msg}"


def warn_if_writable_by_others(file: Path) -> bool:
    """Warn (and return True) when others than the owner may write ``file``.

    Whoever can write the configuration can redirect alerts and the database URL.
    """
    try:
        mode = file.stat().st_mode
    except OSError:
        return False
    if mode & (stat.S_IWOTH | stat.S_IWGRP):
        logging.getLogger("monitor.config").warning(
            "config_writable_by_others file=%s mode=%s: anyone who can write it can redirect "
            "alerts; run chmod go-w %s", file, oct(mode & 0o777), file)
        return True
    return False


def load_settings(
    path: str | Path | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Read settings from ``path`` (else ``$MONITOR_CONFIG``, else ``./config.toml`` if present)."""
    env = dict(os.environ if environ is None else environ)
    explicit = path is not None or "MONITOR_CONFIG" in env
    file = Path(path if path is not None else env.get("MONITOR_CONFIG", DEFAULT_CONFIG_FILE))
    data: dict[str, Any] = {}
    origin = str(file)
    if file.exists():
        warn_if_writable_by_others(file)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"{file}: cannot read: {exc.strerror}") from None
    elif explicit:
        raise ConfigError(f"{file}: configuration file not found")
    else:
        origin = "defaults"
    env_origins = _apply_env(data, env)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin, env_origins)) from None
