"""What an alert says: subjects, plain-text and HTML bodies, in Dutch, for one item or a digest."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.redact import safe_link

VERDICTS_NL: dict[str, str] = {
    "first_seen": "voor het eerst gezien",
    "restated": "herhaald",
    "reworded": "anders verwoord",
    "position_changed": "positie gewijzigd",
    "timeline_changed": "termijn gewijzigd",
    "figures_changed": "cijfers gewijzigd",
    "negation_flipped": "ontkenning omgedraaid",
    "fulfilled": "nagekomen",
}
# The most telling verdict comes first in a subject.
_ORDER = (
    "position_changed",
    "negation_flipped",
    "fulfilled",
    "timeline_changed",
    "figures_changed",
    "first_seen",
    "reworded",
    "restated",
)
_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_EVENT_NL = {"new_answer": "nieuw antwoord", "answered": "beantwoord", "postponed": "uitgesteld"}
_OPERATOR_NL = {
    "source_down": "de bron is onbereikbaar",
    "source_recovered": "de bron is weer bereikbaar",
}


@dataclass(frozen=True)
class Entry:
    """One thing to tell: a change, a publication event or an operator alert."""

    kind: str  # change / event / operator
    payload: dict[str, Any]
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def dutch_date(value: Any) -> str:
    """``2026-05-19`` -> ``19 mei 2026``; anything else is shown as given."""
    if not isinstance(value, str) or not value:
        return "onbekende datum" if not value else str(value)
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def verdict_names(verdicts: Sequence[str]) -> list[str]:
    ordered = [v for v in _ORDER if v in verdicts] + [v for v in verdicts if v not in _ORDER]
    return [VERDICTS_NL.get(v, v.replace("_", " ")) for v in ordered]


def commitment_title(change: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    commitment = str(change.get("commitment", ""))
    return titles.get(commitment) or str(change.get("commitment_title") or commitment or "?")


def change_subject(change: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """E.g. ``EDIP-deelname: positie gewijzigd — voornemens → neemt deel``."""
    verdicts = [str(v) for v in change.get("verdicts") or []]
    names = ", ".join(verdict_names(verdicts)) or "wijziging"
    subject = f"{commitment_title(change, titles)}: {names}"
    triggers = change.get("triggers") or {}
    words = triggers.get("position_changed") if isinstance(triggers, Mapping) else None
    if "position_changed" in verdicts and words:
        subject += " — " + " → ".join(str(w) for w in words)
    return subject


def event_subject(event: Mapping[str, Any]) -> str:
    kind = str(event.get("type", ""))
    what = _EVENT_NL.get(kind, kind)
    title = str(event.get("title") or event.get("identifier") or "")
    if kind == "new_answer":
        return f"{event.get('ministry') or 'Ministerie'}: {what} — {title}"
    return f"Zaak {event.get('zaak') or '?'} {what} — {title}"


def operator_subject(alert: Mapping[str, Any]) -> str:
    kind = str(alert.get("kind", ""))
    return f"Kamervragen-monitor: {_OPERATOR_NL.get(kind, kind)}"


def entry_subject(entry: Entry, titles: Mapping[str, str]) -> str:
    if entry.kind == "change":
        return change_subject(entry.payload.get("change", {}), titles)
    if entry.kind == "event":
        return event_subject(entry.payload.get("event", {}))
    return operator_subject(entry.payload.get("alert", {}))


def _source_line(label: str, side: Any) -> tuple[str, str]:
    if not isinstance(side, Mapping):
        none = "geen eerdere uitspraak"
        return f"{label}: ({none})", f"<p>{label}: <em>{none}</em></p>"
    questions = side.get("questions") or []
    qtext = ""
    if questions:
        numbers = ", ".join(str(q) for q in questions)
        qtext = f", {'vraag' if len(questions) == 1 else 'vragen'} {numbers}"
    ident = str(side.get("identifier", "?"))
    url = safe_link(side.get("url", ""))  # a publication's URL is a link only if http(s)
    text = f"{label}: {ident} (ontvangen {dutch_date(side.get('received'))}{qtext}) {url}".rstrip()
    link = f'<a href="{html.escape(url)}">{html.escape(ident)}</a>' if url else html.escape(ident)
    markup = (
        f"<p>{label}: {link} (ontvangen {html.escape(dutch_date(side.get('received')))}"
        f"{html.escape(qtext)})</p>"
    )
    return text, markup


def _change_parts(entry: Entry, titles: Mapping[str, str]) -> tuple[str, str]:
    change = entry.payload.get("change", {})
    subject = change_subject(change, titles)
    diff = change.get("diff") or {}
    lines = [subject, "", "Wat er veranderde:", str(diff.get("text") or "(geen tekstverschil)"), ""]
    markup = [f"<h2>{html.escape(subject)}</h2>", "<p>Wat er veranderde:</p>"]
    # The diff HTML is produced by the monitor's own differ, which escapes the statement text.
    diff_html = diff.get("html") or html.escape(str(diff.get("text", "")))
    markup.append(f'<div class="diff">{diff_html}</div>')
    for label, key in (("Eerder", "previous"), ("Nu", "current")):
        text, part = _source_line(label, change.get(key))
        lines.append(text)
        markup.append(part)
    footer = (
        f"Wijziging #{change.get('id', '?')}, "
        f"beoordeeld door extractor {change.get('extractor_version', '?')}."
    )
    lines += ["", footer]
    return "\n".join(lines), "\n".join(markup) + f"\n<p><small>{html.escape(footer)}</small></p>"


def _event_parts(entry: Entry) -> tuple[str, str]:
    event = entry.payload.get("event", {})
    subject = event_subject(event)
    url = safe_link(event.get("url", ""))  # a publication's URL is a link only if http(s)
    received = dutch_date(event.get("received"))
    text = f"{subject}\n\n{event.get('identifier', '')} (ontvangen {received})\n{url}".rstrip()
    ident = html.escape(str(event.get("identifier", "")))
    link = f'<a href="{html.escape(url)}">{ident}</a>' if url else ident
    markup = (
        f"<h2>{html.escape(subject)}</h2><p>{link}"
        f" (ontvangen {html.escape(received)})</p>"
    )
    return text, markup


def _operator_parts(entry: Entry) -> tuple[str, str]:
    alert = entry.payload.get("alert", {})
    subject = operator_subject(alert)
    message = str(alert.get("message", ""))
    at = str(alert.get("at", ""))
    return (
        f"{subject}\n\n{message}\n({at})",
        f"<h2>{html.escape(subject)}</h2><p>{html.escape(message)}</p><p><small>{at}</small></p>",
    )


def render(entries: Sequence[Entry], titles: Mapping[str, str]) -> Rendered:
    """One message for one entry, or a digest that groups several (each already unique)."""
    if not entries:
        raise ValueError("nothing to render")
    texts: list[str] = []
    markups: list[str] = []
    for entry in entries:
        if entry.kind == "change":
            text, markup = _change_parts(entry, titles)
        elif entry.kind == "event":
            text, markup = _event_parts(entry)
        else:
            text, markup = _operator_parts(entry)
        if entry.reasons:
            why = "Waarom u dit ontvangt: " + " ".join(entry.reasons)
            text += "\n\n" + why
            markup += f"\n<p><em>{html.escape(why)}</em></p>"
        texts.append(text)
        markups.append(markup)
    if len(entries) == 1:
        subject = entry_subject(entries[0], titles)
    else:
        subject = f"Kamervragen-monitor: overzicht van {len(entries)} meldingen"
    separator = "\n\n" + "-" * 72 + "\n\n"
    body_html = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"></head><body>\n'
        + "\n<hr>\n".join(markups)
        + "\n</body></html>\n"
    )
    return Rendered(subject=subject, text=separator.join(texts) + "\n", html=body_html)
