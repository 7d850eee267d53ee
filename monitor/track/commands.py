"""CLI: ``monitor changes`` and ``commitment ID``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from monitor.clitypes import DATE, Column, emit, format_option
from monitor.verdicts import VERDICTS

if TYPE_CHECKING:
    from monitor.app import App
    from monitor.track.change_json import ChangeJson, StatementJson
    from monitor.track.tables import Statement

CHANGE_COLUMNS = (
    Column("id", "id", right=True), Column("received", "received"),
    Column("commitment", "commitment", shrink=True),
    Column("verdicts", "verdicts", shrink=True, min_width=16),
    Column("identifier", "identifier"), Column("questions", "vragen"),
    Column("diff", "diff", shrink=True, min_width=20),
)  # fmt: skip
CHANGE_CSV_COLUMNS = (
    *CHANGE_COLUMNS[:6], Column("previous_identifier", ""), CHANGE_COLUMNS[6],
    Column("extractor_version", ""), Column("retracted_at", ""),
)  # fmt: skip
TIMELINE_COLUMNS = (
    Column("received", "received"), Column("identifier", "identifier"),
    Column("questions", "vragen"), Column("verdicts", "verdicts"),
    Column("text", "statement", shrink=True, min_width=20),
    Column("summary", "what changed", shrink=True, min_width=20),
    Column("diff", "diff", shrink=True, min_width=20),
)  # fmt: skip


def _questions(side: StatementJson | None) -> list[int]:
    return list(side["questions"]) if side else []


@click.command("changes")
@click.option("--commitment", "commitment", metavar="ID", help="Only this commitment.")
@click.option("--since", type=DATE, help="Received on or after this day (YYYY-MM-DD).")
@click.option("--until", type=DATE, help="Received on or before this day (YYYY-MM-DD).")
@click.option(
    "--verdict", "verdicts", multiple=True, metavar="V", type=click.Choice(VERDICTS),
    help=f"Only records with this verdict (repeatable): {', '.join(VERDICTS)}.",
)
@format_option
@click.option("--limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="At most this many records (0: all).")
@click.option("--retracted", is_flag=True,
              help="Also records kept for audit that a reprocess or a correction replaced.")
@click.pass_obj
def changes(
    app: App, commitment: str | None, since: date | None, until: date | None,
    verdicts: tuple[str, ...], fmt: str, limit: int, retracted: bool,
) -> None:
    """The change log of followed commitments, newest first."""
    from monitor.track.queries import changes_json, list_changes

    with app.db.reader() as session:
        records = list_changes(
            session, app.settings, commitment=commitment, since=since, until=until,
            verdicts=verdicts, limit=limit or None, retracted=retracted,
        )
        items = changes_json(session, app.settings, records)
    rows = [
        {
            "id": item["id"], "received": item["received"], "commitment": item["commitment"],
            "verdicts": item["verdicts"], "identifier": _current(item)["identifier"],
            "questions": _questions(item["current"]),
            "previous_identifier": previous["identifier"] if (previous := item["previous"]) else "",
            "diff": item["diff"]["text"], "extractor_version": item["extractor_version"],
            "retracted_at": item.get("retracted_at"),
        }
        for item in items
    ]  # fmt: skip
    # with --retracted, the table says which records were replaced (and when)
    columns = (*CHANGE_COLUMNS[:-1], Column("retracted_at", "retracted"), CHANGE_COLUMNS[-1]
               ) if retracted else CHANGE_COLUMNS
    emit(fmt, rows, columns, csv_columns=CHANGE_CSV_COLUMNS, full=items,
         empty="no change records")


def _current(item: ChangeJson) -> StatementJson:
    current = item["current"]
    assert current is not None  # a record is about a stored statement
    return current


def statement_json(s: Statement) -> dict[str, Any]:
    return {"identifier": s.identifier, "received": s.received.isoformat(),
            "questions": list(s.questions), "text": s.text, "minister": s.minister,
            "ministry": s.ministry}


@click.command("commitment")
@click.argument("commitment_id", metavar="ID")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="At most this many statements per page (0: all).")
@click.option("--before", metavar="CURSOR",
              help="Older statements only: YYYY-MM-DD, or the DATE/ID printed under a page.")
@format_option
@click.pass_obj
def commitment(app: App, commitment_id: str, limit: int, before: str | None, fmt: str) -> None:
    """The timeline of one commitment, newest first: each statement with its verdict and the
    diff to the one before it."""
    from monitor.track.queries import commitment_timeline, parse_before

    cursor = parse_before(before) if before else None
    with app.db.reader() as session:
        timeline = commitment_timeline(
            session, app.settings, commitment_id, limit=limit or None, before=cursor
        )
    from monitor.track.classify import read
    from monitor.track.summary import summarise
    from monitor.verdicts import QUIET

    by_id = {e.statement.id: e.statement for e in timeline.entries}
    rows: list[dict[str, Any]] = []
    for entry in timeline.entries:
        record, s = entry.record, entry.statement
        row: dict[str, Any] = {
            **statement_json(s),
            "verdicts": list(record.verdicts) if record else [],
            "change_id": record.id if record else None,
            "diff": record.diff_text if record and record.previous_id is not None else "",
            "summary": None, "summary_lines": [],
        }
        prev = by_id.get(record.previous_id) if record and record.previous_id else None
        if record is not None and prev is not None and not set(record.verdicts) <= QUIET:
            # The alert sentence from both readings, then what moved and how.
            summary = summarise(timeline.title, record.verdicts, read(prev.text, prev.received),
                                read(s.text, s.received), record.triggers)
            row["summary"], row["summary_lines"] = summary.subject, list(summary.lines)
        rows.append(row)
    full = {"commitment": timeline.commitment, "title": timeline.title, "entries": rows,
            "next_before": timeline.next_before}
    emit(fmt, rows, TIMELINE_COLUMNS, full=full,
         empty="no older statements" if before else "no statements yet",
         heading=f"{timeline.commitment}: {timeline.title}")
    if fmt == "table" and timeline.next_before:
        click.echo(f"older: monitor commitment {commitment_id} --before {timeline.next_before}")


COMMANDS = [changes, commitment]
