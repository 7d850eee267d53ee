"""CLI: ``monitor commitments``: the configured commitments and the followed promises.

With the promises stage, not the tracking stage: a promise followed with ``monitor follow ID``
is listed beside the commitments of the configuration, and track may not import promises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from monitor.clitypes import Column, emit, format_option
from monitor.track.commands import statement_json

if TYPE_CHECKING:
    from monitor.app import App

COMMITMENTS_COLUMNS = (
    Column("id", "id"), Column("statements", "statements", right=True),
    Column("latest_received", "latest"), Column("latest_identifier", "identifier"),
    Column("last_changed", "changed"), Column("last_verdicts", "verdicts"),
    Column("title", "title", shrink=True),
)  # fmt: skip
COMMITMENTS_CSV_COLUMNS = (
    *COMMITMENTS_COLUMNS, Column("configured", ""), Column("latest_text", ""),
)  # fmt: skip


@click.command("commitments")
@format_option
@click.pass_obj
def commitments(app: App, fmt: str) -> None:
    """The followed commitments with their latest statement and when they last changed."""
    from monitor.track.queries import commitments_overview

    with app.db.reader() as session:
        overview = commitments_overview(session, app.settings)
    rows = [
        {
            "id": item.id, "title": item.title, "configured": item.configured,
            "statements": item.statements,
            "latest_received": item.latest.received.isoformat() if item.latest else None,
            "latest_identifier": item.latest.identifier if item.latest else None,
            "latest_text": item.latest.text if item.latest else None,
            "last_changed": (item.last_change.received.isoformat()
                             if item.last_change else None),
            "last_verdicts": list(item.last_change.verdicts) if item.last_change else [],
        }
        for item in overview
    ]  # fmt: skip
    full = [
        {**row, "latest": statement_json(item.latest) if item.latest else None}
        for row, item in zip(rows, overview, strict=True)
    ]
    for item in full:
        for key in ("latest_received", "latest_identifier", "latest_text"):
            item.pop(key)
    # Promises followed with `monitor follow ID` are commitments too (stored in the database).
    from monitor.promises.alerts import today_for
    from monitor.promises.follow import followed_promises

    with app.db.reader() as session:
        followed = followed_promises(session, today_for(app.settings))
    rows += followed
    full += [dict(item) for item in followed]
    emit(
        fmt,
        rows,
        COMMITMENTS_COLUMNS,
        csv_columns=COMMITMENTS_CSV_COLUMNS,
        full=full,
        empty="no commitments configured",
    )


COMMANDS = [commitments]
