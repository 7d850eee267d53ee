"""CLI: ``monitor status`` and ``monitor migrate-db`` (``monitor run`` is in ``monitor.cli``)."""

from __future__ import annotations

import json

import click

from monitor.app import App
from monitor.daemon.copydb import copy_database, safe_url
from monitor.daemon.health import health, render_text
from monitor.store.db import open_database

# `monitor status` exit status when the service is unhealthy (1 stays "the command failed").
UNHEALTHY_EXIT = 3


@click.command("status")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
def status(app: App, fmt: str) -> None:
    """Show the last successful poll, cursors, newest publication, deliveries and warnings.

    Exit status: 0 healthy, 3 unhealthy (source unreachable or silent too long, no data yet,
    dead deliveries), 1 when the status could not be read at all.
    """
    report = health(app.db, app.settings)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))
    if not report.healthy:
        raise click.exceptions.Exit(UNHEALTHY_EXIT)


@click.command("migrate-db")
@click.option(
    "--to",
    "target_url",
    required=True,
    help="URL of the new, empty database (e.g. postgresql://monitor@db/monitor).",
)
@click.pass_obj
def migrate_db(app: App, target_url: str) -> None:
    """Copy every table of the configured database into a new, empty one.

    Stop `monitor run` first. The target is created/migrated to the same schema; afterwards
    point [database] url (or MONITOR_DATABASE_URL) at it.
    """
    target = open_database(target_url)
    try:
        counts = copy_database(app.db, target)
    finally:
        target.dispose()
    for table, rows in counts.items():
        click.echo(f"{table}: {rows} rows")
    click.echo(f"copied {sum(counts.values())} rows into {safe_url(target_url)}")


COMMANDS = [status, migrate_db]
