"""CLI: ``monitor compare`` (the analysis is imported only when the command runs)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from monitor.errors import InputError


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: not a date (YYYY-MM-DD): {value!r}") from None


@click.command("compare")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--commitment", metavar="ID", help="The commitment the statements are about.")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="Date of the new answer: relative times are resolved against it "
                   "(default: today).")
@click.option("--old-date", metavar="YYYY-MM-DD",
              help="Date of the old answer (default: --date).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--batch", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.jsonl",
              help='One {"old", "new", "commitment", "date", "old_date"} per line; one JSON '
                   "result per line out.")
def compare_command(old: str | None, new: str | None, commitment: str | None, day: str | None,
                    old_date: str | None, fmt: str, batch: Path | None) -> None:
    """Compare two statements: verdicts, both readings and the word diff.

    OLD and NEW are the texts of the two statements (use "" for no previous statement).
    """
    from monitor.track import compare as cmp

    if batch is not None:
        if old is not None or new is not None:
            raise InputError("compare: give either OLD NEW or --batch FILE, not both")
        try:
            handle = batch.open(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--batch {batch}: cannot read ({exc.strerror})") from None
        with handle:
            for result in cmp.compare_batch(handle, str(batch)):
                click.echo(json.dumps(result, ensure_ascii=False))
        return
    if old is None or new is None:
        raise InputError("compare: needs OLD and NEW (or --batch FILE)")
    comparison = cmp.compare(
        old or None, new, commitment=commitment, date=_day(day, "--date"),
        old_date=_day(old_date, "--old-date"),
    )
    if fmt == "json":
        click.echo(json.dumps(cmp.comparison_json(comparison), ensure_ascii=False, indent=2))
    else:
        click.echo(cmp.render_text(comparison))


COMMANDS = [compare_command]
