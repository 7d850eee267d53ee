"""The ``monitor`` command: a thin layer over typed library functions.

Commands are registered by name in :data:`COMMANDS` and their modules are imported only when
that command runs, so ``monitor --help`` and quick read commands do not pay for every stage's
libraries. To add a command: write it as a click command in its stage's ``commands`` module
(importing heavy modules inside the function) and add one line to :data:`COMMANDS`. A command
that joins stages a stage may not import (``run``: the daemon with the web pages beside it)
lives here, at the top of the import graph. The registry's module paths are plain strings, so
the import-graph check does not see these edges: they all start here, at the top, where every
edge is allowed, and tests/core/test_cli.py loads every registered command.

Each command receives an :class:`~monitor.app.App`. Errors become one line on stderr:
a :class:`~monitor.errors.MonitorError` exits 1, bad arguments or options exit 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NamedTuple

import click

from monitor import __version__
from monitor.app import App
from monitor.errors import MonitorError
from monitor.redact import redact_text, redact_url


class Lazy(NamedTuple):
    """Where a command lives and the one line ``monitor --help`` shows for it."""

    module: str
    attribute: str
    help: str


COMMANDS: dict[str, Lazy] = {
    "init": Lazy("monitor.cli", "init_command",
                 "Create or upgrade the database schema."),
    "run": Lazy("monitor.cli", "run_command",
                "Run the service: poll on schedule, deliver alerts, until SIGTERM or Ctrl-C."),
    "poll": Lazy("monitor.ingest.commands", "poll_command",
                 "Run one incremental poll and print what it fetched, added, changed and failed."),
    "backfill": Lazy("monitor.ingest.commands", "backfill_command",
                     "Load history between two dates; interrupt it and run it again to resume."),
    "answers": Lazy("monitor.ingest.commands", "answers_command",
                    "List stored answers, newest first."),
    "reconcile": Lazy("monitor.ingest.commands", "reconcile_command",
                      "Compare the service's record counts with what is stored; fetch the gaps."),
    "reparse": Lazy("monitor.ingest.commands", "reparse_command",
                    "Parse stored publications again from their raw bytes (no network)."),
    "parse": Lazy("monitor.ingest.parse_command", "parse_command",
                  "Parse a local file or a stored publication and print its document model."),
    "commitments": Lazy("monitor.promises.commitments_command", "commitments",
                        "The followed commitments with their latest statement."),
    "commitment": Lazy("monitor.track.commands", "commitment",
                       "The timeline of one commitment, with verdicts and diffs."),
    "changes": Lazy("monitor.track.commands", "changes",
                    "The change log of followed commitments, newest first."),
    "compare": Lazy("monitor.track.compare_command", "compare_command",
                    "Compare two statements: verdicts, both readings and the word diff."),
    "promises": Lazy("monitor.promises.commands", "promises_command",
                     "Promises found in every stored answer, soonest deadline first."),
    "promise": Lazy("monitor.promises.commands", "promise_command",
                    "One promise: its sentence, what is promised, the deadline and status."),
    "follow": Lazy("monitor.promises.commands", "follow_command",
                   "Follow a discovered promise as a commitment (stored in the database)."),
    "reprocess": Lazy("monitor.ingest.reprocess_command", "reprocess_command",
                      "Re-extract and re-judge the stored history with the current commitments."),
    "subscriptions": Lazy("monitor.notify.commands", "subscriptions",
                          "List the subscriptions declared in the configuration."),
    "deliveries": Lazy("monitor.notify.commands", "deliveries",
                       "List alert deliveries (the outbox); retry failed or dead ones."),
    "status": Lazy("monitor.daemon.commands", "status",
                   "Health: last poll, cursors, newest publication, deliveries, warnings."),
    "migrate-db": Lazy("monitor.daemon.commands", "migrate_db",
                       "Copy every table of the configured database into a new, empty one."),
    "emulator": Lazy("monitor.emulator.commands", "emulator",
                     "A local KOOP service (SRU + documents) for offline demos and tests."),
    "web": Lazy("monitor.web.commands", "web",
                "Serve the change log on the web: pages, JSON API and Atom feeds."),
}  # fmt: skip

# Only these may create a database (or a missing SQLite file); every other command reads an
# existing one and says "no database at PATH" otherwise.
CREATING_COMMANDS = frozenset({"init", "run", "poll", "backfill", "migrate-db"})
# The daemon logs at the configured level; interactive commands only warnings, unless -v.
QUIET_UNLESS_VERBOSE = frozenset(COMMANDS) - {"run"}
# Commands that read no configuration.
CONFIG_FREE = frozenset({"compare"})


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return None
        command: click.Command = getattr(importlib.import_module(lazy.module), lazy.attribute)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        ctx.meta["monitor.args"] = list(args)  # the command's own arguments, for _help_requested
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The registry's one-liners: listing the commands imports none of them.
        rows = [(name, COMMANDS[name].help) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _help_requested(ctx: click.Context) -> bool:
    rest: list[str] = ctx.meta.get("monitor.args", [])
    return any(arg in ctx.help_option_names for arg in rest)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="MONITOR_CONFIG",
    help="Configuration file (default: ./config.toml; env MONITOR_CONFIG).",
)
@click.option(
    "-v", "--verbose", count=True,
    help="Log progress (INFO) on interactive commands; -vv for DEBUG.",
)  # fmt: skip
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: int) -> None:
    """Follow what the Dutch government promises in its written answers to Kamervragen.

    Polls KOOP's publication service, parses every answer into questions and answers, tracks
    followed commitments across answers, and alerts subscribers when a position changes.
    """
    name = ctx.invoked_subcommand or ""
    if isinstance(ctx.obj, App):
        app = ctx.obj  # given by the caller (tests, embedding)
    else:
        app = App(config_path=config_path, create_database=name in CREATING_COMMANDS)
        ctx.obj = app
        ctx.call_on_close(app.close)
    if _help_requested(ctx):
        return  # help needs no configuration, so a broken one does not hide it
    from monitor.logs import configure

    if name in CONFIG_FREE:
        # A pair of statements in, verdicts out: no configuration is read (loading it costs
        # more than the comparison), so the command starts fast and works without config.toml.
        configure("DEBUG" if verbose >= 2 else "INFO" if verbose else "WARNING")
        return
    level = app.settings.logging.level
    if verbose >= 2:
        level = "DEBUG"
    elif verbose == 0 and name in QUIET_UNLESS_VERBOSE and level in ("DEBUG", "INFO"):
        level = "WARNING"
    configure(level, app.settings.logging.format)
    if name == "run" or name == "backfill":
        import gc

        # The ~100,000 objects of the imported libraries never become garbage: take them out
        # of the collector's reach, so full collections during a long run stay short.
        gc.freeze()


@click.command("run")
@click.option(
    "--shutdown-grace",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds a running job may take to finish after SIGTERM/SIGINT.",
)
@click.pass_obj
def run_command(app: App, shutdown_grace: float) -> None:
    """Run the service: poll on schedule, deliver alerts, until SIGTERM or Ctrl-C (exit 0).

    Several processes may run against one database: one of them polls (it holds the poller
    lease), all of them deliver.
    """
    import logging
    import os

    from monitor.daemon.service import run_daemon
    from monitor.web import start_web

    # The web pages, when [web] enabled, are served beside the daemon: wired here, since the
    # daemon stage may not import the web stage above it.
    result = run_daemon(app.db, app.settings, shutdown_grace_seconds=shutdown_grace,
                        beside=[start_web])
    if not result.clean:
        # A job outlived the grace: its work is transactional and resumes at the next start.
        # Worker threads cannot be interrupted, so leave without waiting for them.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@click.command("init")
@click.pass_obj
def init_command(app: App) -> None:
    """Create or upgrade the database schema (every command does this when needed)."""
    app.db  # noqa: B018 - opening the database applies the migrations
    click.echo(f"database ready: {redact_url(app.settings.database.url, keep_path=True)}")


def main(argv: list[str] | None = None) -> Any:
    try:
        return cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 1))  # e.g. 130: a run stopped on request
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
    except click.UsageError as exc:
        # One line, like every other error: which command, which option, what was wrong.
        where = exc.ctx.command_path + ": " if exc.ctx is not None else ""
        click.echo(f"error: {where}{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
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
