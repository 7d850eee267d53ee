"""``monitor parse PATH-or-IDENTIFIER``: print the document model of a file or stored answer.

With ingest, not parse: a stored answer is read through the publication store, and a file is
parsed under ingest's limits.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.app import App
from monitor.errors import NotFound, StoreError
from monitor.ingest.sandbox import Limits, parse_file_limited
from monitor.model import Answer, Document
from monitor.statuses import DocumentStatus

_FILE_SUFFIXES = (".xml", ".html", ".htm", ".pdf", ".txt")


def _stored(app: App, identifier: str) -> Document:
    if "/" in identifier or "\\" in identifier or identifier.lower().endswith(_FILE_SUFFIXES):
        raise NotFound(f"{identifier}: no such file")
    # imported late, so that `parse FILE` loads no database code
    from monitor.ingest.versions import load_document

    try:
        db = app.db
    except StoreError as exc:
        raise NotFound(
            f"{identifier}: not a file, and no stored publications to look it up in ({exc})"
        ) from None
    return load_document(db, identifier)


def render_text(doc: Document) -> str:
    """A readable listing: header metadata, questions, answers (numbers, refers_to), footnotes."""
    out: list[str] = [f"{doc.identifier}  ({doc.kind}, {doc.source_format}, version {doc.version})"]
    fields = [
        ("chamber", doc.chamber), ("vergaderjaar", doc.vergaderjaar),
        ("aanhangsel", doc.aanhangsel_number), ("zaak", doc.zaak), ("title", doc.title),
        ("subject", doc.subject),
        ("asked by", ", ".join(f"{p.name} ({p.party})" if p.party else p.name for p in doc.askers)),
        ("answered by", ", ".join(f"{p.role} {p.name}".strip() for p in doc.ministers)),
        ("ministry", doc.ministry),
        ("sent", doc.date_sent.isoformat() if doc.date_sent else ""),
        ("received", doc.date_received.isoformat() if doc.date_received else ""),
        ("related", ", ".join(doc.related)), ("answer", doc.answer_identifier),
    ]  # fmt: skip
    out += [f"  {name}: {value}" for name, value in fields if value]
    if doc.parse_status != DocumentStatus.COMPLETE:
        out.append(f"  parse: {doc.parse_status}")
        out += [f"    warning: {w}" for w in doc.warnings]
    shown: set[int] = set()
    for question in doc.questions:
        out += ["", f"Vraag {question.number}", *_indent(question.text)]
        for index, answer in enumerate(doc.answers):
            if index not in shown and answer.numbers and max(answer.numbers) == question.number:
                shown.add(index)
                out += _answer_lines(answer)
    for index, answer in enumerate(doc.answers):
        if index not in shown:
            out += _answer_lines(answer)
    if doc.footnotes:
        out += ["", "Footnotes"] + [f"  {f.mark}. {f.text}" for f in doc.footnotes]
    return "\n".join(out)


def _answer_lines(answer: Answer) -> list[str]:
    label = "Antwoord " + ", ".join(str(n) for n in answer.numbers)
    if answer.refers_to:
        label += "  (refers to " + ", ".join(str(n) for n in answer.refers_to) + ")"
    return ["", label, *_indent(answer.text)]


def _indent(text: str) -> list[str]:
    return [f"  {line}" if line else "" for line in text.split("\n")]


@click.command("parse")
@click.argument("target")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True,
    help="Output: the stable JSON model or a readable listing.",
)  # fmt: skip
@click.pass_obj
def parse_command(app: App, target: str, fmt: str) -> None:
    """Parse a local file (.xml .html .pdf .txt .md) or a stored publication identifier; print it.

    Footnotes are listed apart; their marks stay in the question and answer text as [^N] (in a
    PDF: the raised numbers, with the notes read from the foot of the page). When
    the numbering is incomplete or inconsistent the certain part is printed and the document is
    marked partial, with the reasons as warnings (JSON: "parse_status", "warnings"); only a text
    in which nothing can be segmented is refused.
    """
    path = Path(target)
    # A local file is parsed under the same size, time and memory limits as ingest.
    doc = (
        parse_file_limited(path, Limits.from_settings(app.settings.source))
        if path.exists()
        else _stored(app, target)
    )
    if fmt == "json":
        click.echo(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(doc))


COMMANDS = [parse_command]
