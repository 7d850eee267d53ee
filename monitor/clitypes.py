"""Click parameter types and the one output helper shared by the commands.

Every listing command takes the same ``--format table|json|csv`` (:func:`format_option`) and
prints through :func:`emit`: JSON carries the full records, CSV one row per record, and the
table fits the terminal, ending a cut cell with ``…``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv")
ELLIPSIS = "…"


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a real date in the form YYYY-MM-DD", param, ctx)


DATE = DateParam()


def format_option(func: F) -> F:
    """``--format table|json|csv`` (default table), passed to the command as ``fmt``."""
    option = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="table: to read (fits the terminal; a cut cell ends in …); json: full records; "
        "csv: one row per record.",
    )  # fmt: skip
    return option(func)


@dataclass(frozen=True)
class Column:
    """One column of a listing: the row key, its heading, and how the table shows it."""

    key: str
    title: str
    right: bool = False  # right-aligned (numbers)
    shrink: bool = False  # may be cut to make the table fit the terminal
    min_width: int = 12


def cell(value: Any) -> str:
    """A value as one line of text (lists joined with ", ", None as empty)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def table_width() -> int | None:
    """The width to fit: ``$COLUMNS``, else the terminal's; None (no limit) when piped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + ELLIPSIS


def render_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[Column], width: int | None = None
) -> str:
    """Rows as aligned columns; shrinkable columns are cut (with …) to fit ``width``."""
    cells = [[cell(row.get(c.key)) for c in columns] for row in rows]
    widths = [max([len(c.title), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if width is not None:
        excess = sum(widths) + 2 * (len(columns) - 1) - width
        # Take the excess from the widest shrinkable column first, down to its minimum.
        while excess > 0:
            candidates = [i for i, c in enumerate(columns)
                          if c.shrink and widths[i] > max(c.min_width, len(c.title))]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            floor = max(columns[widest].min_width, len(columns[widest].title))
            take = min(excess, widths[widest] - floor)
            widths[widest] -= take
            excess -= take
    lines = []
    for values in [[c.title for c in columns], *cells]:
        parts = []
        for value, col, w in zip(values, columns, widths, strict=True):
            text = _cut(value, w)
            parts.append(text.rjust(w) if col.right else text.ljust(w))
        line = "  ".join(parts).rstrip()
        # Still too wide (fixed columns alone exceed it): cut the line itself, visibly.
        lines.append(_cut(line, width) if width is not None else line)
    return "\n".join(lines)


def render_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(c.key)) for c in columns])
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if isinstance(value, list | tuple | set):
        return " ".join(_csv_value(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def emit(
    fmt: str,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    empty: str,
    full: Any = None,
    csv_columns: Sequence[Column] | None = None,
    heading: str = "",
) -> None:
    """Print ``rows`` in ``fmt``: ``full`` (default: the rows) as JSON, the rows as CSV
    (``csv_columns`` or ``columns``), or a table under an optional ``heading`` line."""
    if fmt == "json":
        data = rows if full is None else full
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        click.echo(render_csv(rows, csv_columns or columns), nl=False)
    else:
        if heading:
            click.echo(heading)
        click.echo(render_table(rows, columns, table_width()) if rows else empty)
