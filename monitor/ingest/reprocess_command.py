"""CLI: ``monitor reprocess``, which replays the tracking stage over the stored history.

It lives with ingest, the stage that joins the others: with ``--alert`` the records the replay
creates go to the alerts stage's outbox, which the tracking stage itself may not know.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from monitor.app import App


@click.command("reprocess")
@click.option(
    "--alert",
    is_flag=True,
    help="Queue alerts for the records the replay creates (default: none; a re-reading "
    "of history is not news).",
)
@click.option(
    "--details",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="List at most this many changed statements and records.",
)
@click.pass_obj
def reprocess_command(app: App, alert: bool, details: int) -> None:
    """Re-extract and re-judge the whole stored history with the current commitments and
    extractor version. Records that no longer hold are retracted and kept for audit
    (`monitor changes --retracted`)."""
    from monitor.notify.outbox import enqueue_change
    from monitor.track.reprocess import reprocess

    settings = app.settings

    with click.progressbar(length=0, label="reprocessing answers", file=sys.stderr) as bar:
        seen = 0

        def progress(done: int, total: int) -> None:
            nonlocal seen
            bar.length = total
            bar.update(done - seen)
            seen = done

        report = reprocess(
            app.db,
            settings,
            progress=progress,
            alert=(lambda session, change: enqueue_change(session, settings, change))
            if alert
            else None,
        )
    click.echo(
        f"reprocessed {report.answers} answers in {report.seconds:.1f} s "
        f"(extractor {report.extractor_version}): "
        f"statements +{report.statements_added} -{report.statements_removed}, "
        f"change records +{report.records_created} -{report.records_retracted}, "
        f"verdicts changed {report.verdicts_changed}"
    )
    click.echo(f"alerts queued: {report.alerts}" if alert else "no alerts sent (use --alert)")
    for line in report.details[:details]:
        click.echo(f"  {line}")
    if len(report.details) > details:
        click.echo(f"  ... and {len(report.details) - details} more")


COMMANDS = [reprocess_command]
