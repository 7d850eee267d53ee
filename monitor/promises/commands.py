"""CLI: ``monitor promises``, ``monitor promise ID`` and ``monitor follow ID``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from monitor.app import App
from monitor.promises.alerts import today_for
from monitor.promises.follow import follow_promise, promise_timeline
from monitor.promises.store import (
    STATUSES,
    PromiseQuery,
    get_promise,
    list_promises,
    scan_stored,
)
from monitor.track.queries import parse_day

_CSV_FIELDS = ("id", "status", "deadline", "ministry", "minister", "identifier", "questions",
               "received", "act", "object", "sentence")


def _deadline(item: dict[str, Any]) -> str:
    d = item["deadline"]
    if d["kind"] == "document":
        return f"with {d['document']}"
    if d["kind"] == "by":
        return f"by {d['last']}"
    if d["kind"] == "from":
        return f"from {d['first']}"
    if d["kind"] in ("in", "around"):
        return f"{d['first']}..{d['last']}"
    if d["kind"] == "vague":
        return str(d["text"])
    return "-"


def render(items: list[dict[str, Any]], fmt: str) -> str:
    """Promises as a table, JSON or CSV."""
    if fmt == "json":
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_CSV_FIELDS)
        for it in items:
            writer.writerow([it["id"], it["status"], _deadline(it), it["ministry"],
                             it["minister"], it["identifier"],
                             ",".join(str(q) for q in it["questions"]), it["received"],
                             it["act"], it["object"], it["sentence"]])
        return out.getvalue()
    if not items:
        return "no promises\n"
    lines = []
    for it in items:
        lines.append(f"{it['id']}  {it['status']:<9} {_deadline(it):<24} {it['ministry'][:28]:<28}"
                     f" {it['identifier']}  {it['sentence'][:90]}")
    return "\n".join(lines) + "\n"


@click.command("promises")
@click.option("--ministry", metavar="M", help="Only promises of this ministry (part of its name).")
@click.option("--status", type=click.Choice(STATUSES), help="Only promises with this status.")
@click.option("--due-before", metavar="DATE", help="Deadline ends before this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True,
              help="At most this many promises (0: all).")
@click.option("--rescan", is_flag=True,
              help="First read every stored answer for promises again.")
@click.pass_obj
def promises_command(app: App, ministry: str | None, status: str | None,
                     due_before: str | None, fmt: str, limit: int, rescan: bool) -> None:
    """Promises found in the stored answers, soonest deadline first."""
    before = parse_day(due_before, "--due-before") if due_before else None
    if rescan:
        count = scan_stored(app.db)
        click.echo(f"{count} promises in the stored answers", err=True)
    with app.db.reader() as session:
        items = list_promises(session, PromiseQuery(ministry=ministry, status=status,
                                                    due_before=before, limit=limit or None),
                              today=today_for(app.settings))
    click.echo(render(items, fmt), nl=False)


@click.command("promise")
@click.argument("promise_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_obj
def promise_command(app: App, promise_id: str, fmt: str) -> None:
    """One promise: its sentence, act, object, deadline, status and timeline with diffs."""
    today = today_for(app.settings)
    with app.db.reader() as session:
        item = get_promise(session, promise_id, today=today)
        item["timeline"] = promise_timeline(session, promise_id, today)
    if fmt == "json":
        click.echo(json.dumps(item, ensure_ascii=False, indent=2))
        return
    questions = ", ".join(str(q) for q in item["questions"])
    click.echo("\n".join([
        f"promise {item['id']} ({item['status']})",
        f"answer:    {item['identifier']} version {item['version']}, question(s) {questions},"
        f" received {item['received']}",
        f"ministry:  {item['ministry']}",
        f"minister:  {item['minister']}",
        f"act:       {item['act']} ({item['actor']})",
        f"object:    {item['object']}",
        f"deadline:  {_deadline(item)}",
        f"sentence:  {item['sentence']}",
        "",
        "timeline (oldest first):",
        *(_event_line(e) for e in item["timeline"]),
    ]))


def _event_line(e: dict[str, Any]) -> str:
    where = f" {e['identifier']}" if e.get("identifier") else ""
    if e["event"] != "promised":
        return f"  {e['date']}  {e['event']}{where}"
    when = _deadline({"deadline": e["deadline"]})
    return f"  {e['date']}  promised{where} ({when}, {e['id']}): {e['diff']['text']}"


@click.command("follow")
@click.argument("promise_id", metavar="ID")
@click.option("--id", "commitment_id", metavar="COMMITMENT",
              help="The commitment id to follow it under (default: promise-ID).")
@click.option("--title", help="The commitment's title (default: ministry and object).")
@click.pass_obj
def follow_command(app: App, promise_id: str, commitment_id: str | None,
                   title: str | None) -> None:
    """Follow a discovered promise as a commitment (listed by `monitor commitments`)."""
    with app.db.writer() as session:
        followed = follow_promise(session, app.settings, promise_id,
                                  commitment_id=commitment_id, title=title)
    verb = "follows" if followed.new else "already follows"
    click.echo(f"commitment {followed.commitment_id} {verb} promise {followed.promise_id}: "
               f"{followed.title}")


COMMANDS = [promises_command, promise_command, follow_command]
