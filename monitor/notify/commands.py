"""CLI: `monitor deliveries [--status …]`, `monitor deliveries retry`, `monitor subscriptions`."""

from __future__ import annotations

import click

from monitor.app import App
from monitor.notify.outbox import DEFAULT_VERDICTS
from monitor.notify.tables import STATUSES
from monitor.notify.worker import list_deliveries, retry_deliveries
from monitor.redact import redact_text, redact_url


def _target(channel: str, target: str) -> str:
    # Webhook URLs carry their credentials in the path or query: never print them.
    return redact_url(target) if channel == "webhook" else target


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else "-"


@click.group("deliveries", invoke_without_command=True)
@click.option("--status", type=click.Choice(STATUSES), help="Only deliveries with this status.")
@click.pass_context
def deliveries(ctx: click.Context, status: str | None) -> None:
    """List alert deliveries (the outbox): status, attempts, next attempt, last error."""
    if ctx.invoked_subcommand is not None:
        return
    app: App = ctx.obj
    rows = list_deliveries(app.db, status)
    if not rows:
        click.echo(f"no deliveries{f' with status {status}' if status else ''}")
        return
    click.echo(f"{'id':>6}  {'status':<8} {'tries':>5}  {'next (UTC)':<16}  subscription / cause")
    for row in rows:
        when = "-" if row.status in ("sent", "failed", "dead") else _when(row.next_attempt_at)
        click.echo(
            f"{row.id:>6}  {row.status:<8} {row.attempts:>5}  {when:<16}  "
            f"{row.subscription} {row.channel} {_target(row.channel, row.target)} {row.ref}"
        )
        if row.last_error and row.status != "sent":
            click.echo(f"{'':>8}error: {redact_text(row.last_error)}")


@deliveries.command("retry")
@click.argument("delivery_id", required=False, type=int)
@click.option("--all-dead", is_flag=True, help="Re-drive every dead-lettered delivery.")
@click.pass_obj
def retry(app: App, delivery_id: int | None, all_dead: bool) -> None:
    """Re-drive a failed or dead delivery (ID), or every dead one (--all-dead)."""
    if (delivery_id is None) == (not all_dead):
        raise click.UsageError("give either a delivery ID or --all-dead")
    count = retry_deliveries(app.db, delivery_id=delivery_id, all_dead=all_dead)
    click.echo(f"{count} deliver{'y' if count == 1 else 'ies'} queued for another attempt")


@click.command("subscriptions")
@click.pass_obj
def subscriptions(app: App) -> None:
    """List the subscriptions declared in the configuration (secrets are never shown)."""
    subs = app.settings.subscriptions
    if not subs:
        click.echo("no subscriptions configured (add [[subscriptions]] tables to config.toml)")
        return
    for sub in subs:
        channel = (
            f"e-mail {', '.join(sub.email)}"
            if sub.email
            else f"webhook {redact_url(sub.webhook)} (secret in ${sub.secret_env})"
        )
        verdicts = ", ".join(sub.verdicts) if sub.verdicts else (
            "default: " + ", ".join(sorted(DEFAULT_VERDICTS))
        )
        click.echo(f"{sub.name}: {channel}")
        click.echo(f"  schedule:    {sub.schedule}")
        click.echo(f"  commitments: {', '.join(sub.commitments) or '-'}")
        click.echo(f"  verdicts:    {verdicts}")
        if sub.ministries:
            click.echo(f"  ministries:  {', '.join(sub.ministries)} (new answers)")
        if sub.zaken:
            click.echo(f"  zaken:       {', '.join(sub.zaken)} (answered or postponed)")


COMMANDS = [deliveries, subscriptions]
