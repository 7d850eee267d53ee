"""CLI: ``monitor poll``, ``monitor backfill``, ``monitor answers``."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from monitor.app import App
from monitor.clitypes import DATE
from monitor.ingest.queries import list_answers
from monitor.model import Kind

# A row count beyond this is a typo (and beyond what the databases take as a LIMIT).
MAX_ROWS = 1_000_000

if TYPE_CHECKING:
    from monitor.ingest.poll import PollReport


def _print_report(report: PollReport) -> None:
    click.echo(
        f"{report.kind} {report.poll_id}: {report.status} — fetched {report.fetched}, "
        f"added {report.added}, changed {report.changed}, unchanged {report.unchanged}, "
        f"failed {report.failed}, change records {report.changes}, "
        f"requests {report.requests}"
    )
    for failure in report.failures:
        click.echo(f"  failed {failure.identifier} ({failure.stage}): {failure.reason}")


class _Progress:
    """A progress bar on stderr that appears once the backfill knows how much there is."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, total: int) -> None:
        self._bar = click.progressbar(length=total, label="records", file=sys.stderr)
        self._bar.__enter__()

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@click.command("poll")
@click.pass_obj
def poll_command(app: App) -> None:
    """Run one incremental poll and print what it fetched, added, changed and failed."""
    from monitor.ingest.poll import PollFailed, poll_once

    try:
        report = poll_once(app.db, app.settings)
    except PollFailed as exc:
        _print_report(exc.report)
        raise
    _print_report(report)


@click.command("backfill")
@click.option("--since", required=True, type=DATE, help="First dt.modified day to load.")
@click.option("--until", type=DATE, help="Last day to load (default: today).")
@click.option("--force", is_flag=True,
              help="Read every window again, even those whose count matches what is stored.")
@click.pass_obj
def backfill_command(app: App, since: date, until: date | None, force: bool) -> None:
    """Load history between two dates; interrupt it any time and run it again to resume.

    Run again, it re-checks completed windows: one count request each, and a window whose
    count differs from what is stored (late arrivals) is read again.
    """
    from monitor.ingest.poll import PollFailed, backfill

    if until is not None and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}")
    progress = _Progress()
    try:
        report = backfill(app.db, app.settings, since, until, progress=progress.update,
                          on_total=progress.start, force=force)
    except PollFailed as exc:
        progress.close()
        _print_report(exc.report)
        raise
    progress.close()
    _print_report(report)


@click.command("answers")
@click.option("--since", type=DATE, help="Only answers received on or after this date.")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice([str(k) for k in Kind]),
              help="Publication kinds to list (default: answer). Repeatable.")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_ROWS),
              help=f"At most this many rows (1 to {MAX_ROWS:,}).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def answers_command(app: App, since: date | None, kinds: tuple[str, ...], limit: int | None,
                    fmt: str) -> None:
    """List stored answers, newest first."""
    rows = list_answers(app.db, since=since, kinds=kinds or ("answer",), limit=limit)
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no answers stored" + (f" since {since}" if since else ""))
        return
    click.echo(f"{'identifier':<24} {'received':<10} {'Q':>3} {'A':>3} {'v':>2} "
               f"{'status':<12} {'ministry':<28} title")
    for r in rows:
        received = r.received.isoformat() if r.received else "-"
        click.echo(f"{r.identifier:<24} {received:<10} {r.questions:>3} {r.answers:>3} "
                   f"{r.versions:>2} {r.status:<12} {r.ministry[:28]:<28} {r.title[:60]}")


@click.command("reparse")
@click.argument("identifiers", nargs=-1)
@click.option("--failed", "only_failed", is_flag=True,
              help="Only publications whose newest version failed to parse.")
@click.pass_obj
def reparse_command(app: App, identifiers: tuple[str, ...], only_failed: bool) -> None:
    """Parse stored publications again from their raw bytes (no network), e.g. after a parser
    fix; without IDENTIFIERS, every stored publication."""
    from monitor.ingest.reparse import reparse

    report = reparse(app.db, app.settings, identifiers=identifiers, only_failed=only_failed)
    for line in report.details:
        click.echo(line)
    click.echo(
        f"reparsed {report.examined}: {report.fixed} now parse, {report.changed} parse "
        f"differently, {report.unchanged} unchanged, {report.still_failing} still fail, "
        f"{report.now_failing} fail now (earlier result kept); "
        f"change records {report.change_records}"
    )
    from monitor.ingest.outstanding import outstanding

    waiting, _ = outstanding(app.db, limit=0)
    if waiting:
        # Stored bytes cannot fix a truncated or missing document: the network can.
        click.echo(f"{waiting} documents are outstanding (not fetched, or fetched broken): polls "
                   "fetch them again with backoff; see `monitor status`")


@click.command("reconcile")
@click.option("--since", type=DATE, help="First day to check (default: [reconcile] days ago).")
@click.option("--until", type=DATE, help="Last day to check (default: today).")
@click.option("--full", is_flag=True, help="Check everything since the earliest stored record.")
@click.pass_obj
def reconcile_command(app: App, since: date | None, until: date | None, full: bool) -> None:
    """Compare the service's record count per date window with what is stored, and fetch the
    windows that differ (late arrivals, re-dated records). `monitor run` does this nightly."""
    from monitor.ingest.poll import PollFailed
    from monitor.ingest.reconcile import reconcile

    if since is not None and until is not None and until < since:
        raise click.BadParameter(f"--until {until} is before --since {since}")
    if full and since is not None:
        raise click.UsageError("give either --full or --since, not both")
    scope = "full" if full else ("manual" if since is not None else "recent")
    try:
        report = reconcile(app.db, app.settings, since=since, until=until, scope=scope)
    except PollFailed as exc:
        _print_report(exc.report)
        raise
    click.echo(
        f"reconciliation {report.run_id} ({report.scope} {report.since}..{report.until}): "
        f"{report.status} — {report.windows} windows counted, {report.differing} differed, "
        f"fetched {report.fetched}, added {report.added}, requests {report.requests}"
    )
    for w in report.short:
        click.echo(f"  still short: {w['stream']} {w['start']}..{w['end']}: "
                   f"{w['stored']} of {w['source']} stored")


COMMANDS = [poll_command, backfill_command, answers_command, reparse_command,
            reconcile_command]
