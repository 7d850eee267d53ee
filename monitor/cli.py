"""The ``monitor`` command: a thin layer over typed library functions.

Command modules register themselves here; each command receives an :class:`~monitor.app.App`.
A :class:`~monitor.errors.MonitorError` becomes one line on stderr and exit status 1.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from monitor import __version__
from monitor.app import App
from monitor.config import load_settings
from monitor.errors import MonitorError
from monitor.logs import configure
from monitor.redact import redact_text, redact_url

# Modules that each expose ``COMMANDS``: a list of click commands to add to the group.
COMMAND_MODULES = (
    "monitor.ingest.commands",
    "monitor.parse.commands",
    "monitor.track.commands",
    "monitor.track.compare_command",
    "monitor.notify.commands",
    "monitor.daemon.commands",
    "monitor.emulator.commands",
    "monitor.web.commands",
    "monitor.promises.commands",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="MONITOR_CONFIG",
    help="Configuration file (default: ./config.toml; env MONITOR_CONFIG).",
)
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """Follow what the Dutch government promises in its written answers to Kamervragen.

    Polls KOOP's publication service, parses every answer into questions and answers, tracks
    followed commitments across answers, and alerts subscribers when a position changes.
    """
    settings = load_settings(config_path)
    configure(settings.logging.level, settings.logging.format)
    # The ~100,000 objects of the imported libraries never become garbage: take them out of the
    # collector's reach, so full collections during a query or a long run stay short.
    gc.freeze()
    app = App(settings)
    ctx.obj = app
    ctx.call_on_close(app.close)


@cli.command("init")
@click.pass_obj
def init_command(app: App) -> None:
    """Create or upgrade the database schema (every command does this when needed)."""
    app.db  # noqa: B018 - opening the database applies the migrations
    click.echo(f"database ready: {redact_url(app.settings.database.url, keep_path=True)}")


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # that stage is not part of this build yet
            raise
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except MemoryError:
        click.echo("error: out of memory (a document or a result beyond the limits?)", err=True)
        sys.exit(1)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: {exc.strerror or exc}{where}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        # A database that refuses (full disk, read-only file, gone): one line, not a traceback.
        # (Checked by module, so the CLI does not import SQLAlchemy just to start.)
        if not type(exc).__module__.startswith("sqlalchemy"):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        if "readonly" in reason.replace(" ", "").lower():
            reason = f"the database is read-only (check the permissions of the file and its " \
                     f"folder): {reason}"
        click.echo(f"error: database: {redact_text(reason)}", err=True)
        sys.exit(1)
