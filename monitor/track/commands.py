"""CLI: ``monitor changes``, ``commitment ID``, ``commitments`` and ``reprocess``."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

import click

from monitor.app import App
from monitor.track.classify import VERDICTS
from monitor.track.pipeline import reprocess
from monitor.track.queries import (
    changes_json,
    commitment_timeline,
    commitments_overview,
    list_changes,
    parse_before,
    parse_day,
)

_CSV_FIELDS = (
    "id", "received", "commitment", "verdicts", "identifier", "questions", "previous_identifier",
    "diff", "extractor_version",
)  # fmt: skip


def _questions(side: dict[str, Any] | None) -> str:
    return ",".join(str(q) for q in (side or {}).get("questions", []))


@click.command("changes")
@click.option("--commitment", "commitment", metavar="ID", help="Only this commitment.")
@click.option("--since", metavar="DATE", help="Received on or after this day (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Received on or before this day (YYYY-MM-DD).")
@click.option(
    "--verdict", "verdicts", multiple=True, metavar="V",
    help=f"Only records with this verdict (repeatable): {', '.join(VERDICTS)}.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="At most this many records (0: all).")
@click.option("--retracted", is_flag=True,
              help="Also records kept for audit that a reprocess or a correction replaced.")
@click.pass_obj
def changes(
    app: App, commitment: str | None, since: str | None, until: str | None,
    verdicts: tuple[str, ...], fmt: str, limit: int, retracted: bool,
) -> None:
    """The change log of followed commitments, newest first."""
    since_day = parse_day(since, "--since") if since else None
    until_day = parse_day(until, "--until") if until else None
    with app.db.reader() as session:
        records = list_changes(
            session, app.settings, commitment=commitment, since=since_day, until=until_day,
            verdicts=verdicts, limit=limit or None, retracted=retracted,
        )
        items = changes_json(session, app.settings, records)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        for item in items:
            writer.writerow([
                item["id"], item["received"], item["commitment"], " ".join(item["verdicts"]),
                item["current"]["identifier"], _questions(item["current"]),
                (item["previous"] or {}).get("identifier", ""), item["diff"]["text"],
                item["extractor_version"],
            ])
        click.echo(out.getvalue(), nl=False)
        return
    if not items:
        click.echo("no change records")
        return
    for item in items:
        q = _questions(item["current"])
        click.echo(
            f"#{item['id']}  {item['received']}  {item['commitment']}  "
            f"{', '.join(item['verdicts'])}  {item['current']['identifier']}"
            + (f" (vragen {q})" if q else "")
            + (f"  [retracted {item['retracted_at'][:10]}, {item['extractor_version']}]"
               if item["retracted_at"] else "")
        )
        click.echo(f"    {item['diff']['text']}")


@click.command("commitment")
@click.argument("commitment_id", metavar="ID")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="At most this many statements per page (0: all).")
@click.option("--before", metavar="CURSOR",
              help="Older statements only: YYYY-MM-DD, or the DATE/ID printed under a page.")
@click.pass_obj
def commitment(app: App, commitment_id: str, limit: int, before: str | None) -> None:
    """The timeline of one commitment, newest first: each statement with its verdict and the
    diff to the one before it."""
    cursor = parse_before(before) if before else None
    with app.db.reader() as session:
        timeline = commitment_timeline(
            session, app.settings, commitment_id, limit=limit or None, before=cursor
        )
    click.echo(f"{timeline.commitment}: {timeline.title}")
    if not timeline.entries:
        click.echo("no older statements" if before else "no statements yet")
        return
    from monitor.track.classify import QUIET, read
    from monitor.track.summary import summarise

    by_id = {e.statement.id: e.statement for e in timeline.entries}
    for entry in timeline.entries:
        s = entry.statement
        q = ",".join(str(n) for n in s.questions)
        verdicts = ", ".join(entry.record.verdicts) if entry.record else "?"
        click.echo("")
        click.echo(f"{s.received.isoformat()}  {s.identifier}  vragen {q}  [{verdicts}]")
        click.echo(f"    {s.text}")
        if entry.record and entry.record.previous_id is not None:
            prev = by_id.get(entry.record.previous_id)
            if prev is not None and not set(entry.record.verdicts) <= QUIET:
                # The alert sentence from both readings, then what moved and how.
                summary = summarise(timeline.title, entry.record.verdicts,
                                    read(prev.text, prev.received), read(s.text, s.received),
                                    entry.record.triggers)
                click.echo(f"    {summary.subject}")
                for line in summary.lines:
                    click.echo(f"      {line}")
            click.echo(f"    diff: {entry.record.diff_text}")
    if timeline.next_before:
        click.echo("")
        click.echo(f"older: monitor commitment {commitment_id} --before {timeline.next_before}")


@click.command("commitments")
@click.pass_obj
def commitments(app: App) -> None:
    """The followed commitments with their latest statement and when they last changed."""
    with app.db.reader() as session:
        overview = commitments_overview(session, app.settings)
    if not overview:
        click.echo("no commitments configured")
        return
    for item in overview:
        flag = "" if item.configured else "  (no longer configured)"
        click.echo(f"{item.id}: {item.title}{flag}")
        click.echo(f"    statements: {item.statements}")
        if item.latest is not None:
            click.echo(
                f"    latest: {item.latest.received.isoformat()} {item.latest.identifier}: "
                f"{item.latest.text}"
            )
        if item.last_change is not None:
            click.echo(
                f"    last changed: {item.last_change.received.isoformat()} "
                f"({', '.join(item.last_change.verdicts)})"
            )


@click.command("reprocess")
@click.option("--alert", is_flag=True,
              help="Queue alerts for the records the replay creates (default: none; a re-reading "
                   "of history is not news).")
@click.option("--details", type=click.IntRange(min=0), default=200, show_default=True,
              help="List at most this many changed statements and records.")
@click.pass_obj
def reprocess_command(app: App, alert: bool, details: int) -> None:
    """Re-extract and re-judge the whole stored history with the current commitments and
    extractor version. Records that no longer hold are retracted and kept for audit
    (`monitor changes --retracted`)."""
    with click.progressbar(length=0, label="reprocessing answers", file=sys.stderr) as bar:
        seen = 0

        def progress(done: int, total: int) -> None:
            nonlocal seen
            bar.length = total
            bar.update(done - seen)
            seen = done

        report = reprocess(app.db, app.settings, alert=alert, progress=progress)
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


COMMANDS = [changes, commitment, commitments, reprocess_command]
