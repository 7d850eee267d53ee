"""CLI: `monitor deliveries [--status …]`, `monitor deliveries retry`, `monitor subscriptions`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from monitor.clitypes import Column, emit, format_option
from monitor.redact import redact_text, redact_url
from monitor.statuses import DeliveryStatus

if TYPE_CHECKING:
    from monitor.app import App

# The values, not the members: click matches an Enum choice by its name.
STATUSES = tuple(s.value for s in DeliveryStatus)

DELIVERY_COLUMNS = (
    Column("id", "id", right=True), Column("status", "status"),
    Column("attempts", "tries", right=True), Column("next", "next (UTC)"),
    Column("subscription", "subscription"), Column("channel", "channel"),
    Column("target", "target", shrink=True), Column("ref", "cause"),
    Column("last_error", "error", shrink=True),
)  # fmt: skip
DELIVERY_CSV_COLUMNS = (
    *DELIVERY_COLUMNS, Column("kind", ""), Column("idempotency_key", ""),
    Column("created_at", ""), Column("sent_at", ""),
)  # fmt: skip
SUBSCRIPTION_COLUMNS = (
    Column("name", "name"), Column("channel", "channel"),
    Column("target", "to", shrink=True), Column("schedule", "schedule"),
    Column("commitments", "commitments", shrink=True),
    Column("verdicts", "verdicts", shrink=True), Column("ministries", "ministries", shrink=True),
    Column("zaken", "zaken", shrink=True),
)  # fmt: skip


def _target(channel: str, target: str) -> str:
    # Webhook URLs carry their credentials in the path or query: never print them.
    return redact_url(target) if channel == "webhook" else target


def _when(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else None


@click.group("deliveries", invoke_without_command=True)
@click.option("--status", type=click.Choice(STATUSES), help="Only deliveries with this status.")
@format_option
@click.pass_context
def deliveries(ctx: click.Context, status: str | None, fmt: str) -> None:
    """List alert deliveries (the outbox): status, attempts, next attempt, last error."""
    if ctx.invoked_subcommand is not None:
        return
    from monitor.notify.claims import list_deliveries

    app: App = ctx.obj
    views = list_deliveries(app.db, status)
    rows: list[dict[str, Any]] = []
    for view in views:
        row = asdict(view)
        for key in ("next_attempt_at", "digest_due", "created_at", "sent_at"):
            row[key] = row[key].isoformat() if row[key] is not None else None
        done = view.status in ("sent", "failed", "dead")
        row["next"] = None if done else _when(view.next_attempt_at)
        row["target"] = _target(view.channel, view.target)
        sent = view.status == DeliveryStatus.SENT
        row["last_error"] = "" if sent else redact_text(view.last_error)
        rows.append(row)
    emit(fmt, rows, DELIVERY_COLUMNS, csv_columns=DELIVERY_CSV_COLUMNS,
         empty=f"no deliveries{f' with status {status}' if status else ''}")


@deliveries.command("retry")
@click.argument("delivery_id", required=False, type=int)
@click.option("--all-dead", is_flag=True, help="Re-drive every dead-lettered delivery.")
@click.pass_obj
def retry(app: App, delivery_id: int | None, all_dead: bool) -> None:
    """Re-drive a failed or dead delivery (ID), or every dead one (--all-dead)."""
    if (delivery_id is None) == (not all_dead):
        raise click.UsageError("give either a delivery ID or --all-dead")
    from monitor.notify.claims import retry_deliveries

    count = retry_deliveries(app.db, delivery_id=delivery_id, all_dead=all_dead)
    click.echo(f"{count} deliver{'y' if count == 1 else 'ies'} queued for another attempt")


@click.command("subscriptions")
@format_option
@click.pass_obj
def subscriptions(app: App, fmt: str) -> None:
    """List the subscriptions declared in the configuration (secrets are never shown)."""
    from monitor.notify.outbox import DEFAULT_VERDICTS

    rows = [
        {
            "name": sub.name, "channel": "e-mail" if sub.email else "webhook",
            "target": sub.email if sub.email else [redact_url(sub.webhook)],
            "secret_env": sub.secret_env or None, "schedule": sub.schedule,
            "commitments": sub.commitments,
            "verdicts": sub.verdicts or sorted(DEFAULT_VERDICTS),
            "ministries": sub.ministries, "zaken": sub.zaken,
        }
        for sub in app.settings.subscriptions
    ]  # fmt: skip
    emit(fmt, rows, SUBSCRIPTION_COLUMNS,
         empty="no subscriptions configured (add [[subscriptions]] tables to config.toml)")


COMMANDS = [deliveries, subscriptions]
