"""What an alert says: subjects, plain-text and HTML bodies, in Dutch, for one item or a digest."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from monitor.config import Settings
from monitor.dates import dutch_date
from monitor.notify.promise_text import deadline_nl, promise_subject, promise_text
from monitor.redact import safe_link
from monitor.store.db import Database
from monitor.verdicts import by_weight, verdict_names

if TYPE_CHECKING:
    from monitor.track.summary import Summary

_EVENT_NL = {"new_answer": "nieuw antwoord", "answered": "beantwoord", "postponed": "uitgesteld"}
_OPERATOR_NL = {
    "source_down": "de bron is onbereikbaar",
    "source_recovered": "de bron is weer bereikbaar",
}


@dataclass(frozen=True)
class Entry:
    """One thing to tell: a change, a publication event or an operator alert."""

    kind: str  # change / event / promise / operator
    payload: dict[str, Any]
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def commitment_title(change: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    commitment = str(change.get("commitment", ""))
    return titles.get(commitment) or str(change.get("commitment_title") or commitment or "?")


def change_subject(change: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """The alert sentence from the readings (monitor.track.summary), e.g. ``EDIP: Nederland
    neemt niet langer deel (was: is voornemens ...)``; else the verdict names."""
    summary = _summary(change, titles)
    if summary is not None:
        return summary.subject
    verdicts = [str(v) for v in change.get("verdicts") or []]
    names = ", ".join(verdict_names(verdicts)) or "wijziging"
    subject = f"{commitment_title(change, titles)}: {names}"
    triggers = change.get("triggers") or {}
    words = triggers.get("position_changed") if isinstance(triggers, Mapping) else None
    if "position_changed" in verdicts and words:
        subject += " — " + " → ".join(str(w) for w in words)
    return subject


def _summary(change: Mapping[str, Any], titles: Mapping[str, str]) -> Summary | None:
    """The alert sentence stored with the change when it was judged (``summary`` in the
    change JSON, built by monitor.track.summary from the readings); None for older payloads."""
    from monitor.track.summary import Summary

    summary = change.get("summary")
    if not isinstance(summary, Mapping) or not summary.get("subject"):
        return None
    return Summary(str(summary["subject"]), [str(x) for x in summary.get("lines") or []])


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
    if entry.kind == "promise":
        return promise_subject(entry.payload.get("promise", {}))
    return operator_subject(entry.payload.get("alert", {}))


def _side_text(label: str, side: Any) -> list[str]:
    if not isinstance(side, Mapping):
        return [f"{label}: (geen eerdere uitspraak)"]
    questions = side.get("questions") or []
    qtext = ""
    if questions:
        numbers = ", ".join(str(q) for q in questions)
        qtext = f", {'vraag' if len(questions) == 1 else 'vragen'} {numbers}"
    ident = str(side.get("identifier", "?"))
    lines = [f"{label}: {ident} (ontvangen {dutch_date(side.get('received'))}{qtext})"]
    if side.get("text"):
        lines.append(_indent(str(side["text"])))
    url = safe_link(side.get("url"))  # a publication's URL is shown only if http(s)
    if url:
        lines.append(f"  {url}")
    return lines


def _indent(text: str, width: int = 76) -> str:
    return "\n".join(textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  "))


def _change_text(change: Mapping[str, Any], titles: Mapping[str, str],
                 asked: Sequence[tuple[int, str]], base_url: str) -> str:
    subject = change_subject(change, titles)
    diff = change.get("diff") or {}
    lines = [subject, "=" * min(len(subject), 72), ""]
    summary = change.get("summary")
    if isinstance(summary, Mapping) and summary.get("subject"):
        lines += [str(summary["subject"]), *(f"  {line}" for line in summary.get("lines") or []),
                  ""]
    verdicts = [str(v) for v in change.get("verdicts") or []]
    triggers = change.get("triggers") or {}
    summary = _summary(change, titles)
    if summary is not None:
        lines += list(summary.lines)
    else:
        for verdict, name in zip(by_weight(verdicts), verdict_names(verdicts), strict=True):
            words = triggers.get(verdict) if isinstance(triggers, Mapping) else None
            shown = " → ".join(str(w) or "(niets)" for w in words) if words else ""
            lines.append(f"Oordeel: {name}" + (f" ({shown})" if shown else ""))
    for number, question in asked:
        lines += ["", f"Gevraagd (vraag {number}):", _indent(question)]
    lines.append("")
    for label, key in (("Eerder", "previous"), ("Nu", "current")):
        lines += _side_text(label, change.get(key))
        lines.append("")
    lines += ["Wat er veranderde:", str(diff.get("text") or "(geen tekstverschil)"), ""]
    if base_url:
        lines.append(f"Op de website: {base_url}/changes/{change.get('id', '')}")
    lines.append(
        f"Wijziging #{change.get('id', '?')}, "
        f"beoordeeld door extractor {change.get('extractor_version', '?')}."
    )
    return "\n".join(lines)


def _event_text(event: Mapping[str, Any]) -> str:
    received = dutch_date(event.get("received"))
    return (f"{event_subject(event)}\n\n{event.get('identifier', '')} (ontvangen {received})\n"
            f"{safe_link(event.get('url'))}").rstrip()


def _operator_text(alert: Mapping[str, Any]) -> str:
    return f"{operator_subject(alert)}\n\n{alert.get('message', '')}\n({alert.get('at', '')})"


def _side_for_page(side: Any) -> dict[str, Any] | None:
    if not isinstance(side, Mapping):
        return None
    return {"identifier": "?", "version": None, "received": None, "questions": [], "url": "",
            "text": "", "statement_id": None, **side}


def _change_for_page(change: Mapping[str, Any], titles: Mapping[str, str]) -> dict[str, Any]:
    """A payload with every key the shared templates read (older payloads lack some)."""
    diff = dict(change.get("diff") or {})
    diff.setdefault("text", "")
    diff.setdefault("html", html.escape(str(diff.get("text", "")), quote=False))
    return {
        "id": "?", "received": None, "verdicts": [], "triggers": {}, "minister": "",
        "ministry": "", "extractor_version": "?", "retracted_at": None, "corrects": [],
        **change,
        "commitment_title": commitment_title(change, titles),
        "previous": _side_for_page(change.get("previous")),
        "current": _side_for_page(change.get("current")) or _side_for_page({}),
        "diff": diff,
    }


def pages_url(settings: Settings) -> str:
    """Where the web pages are, for links in e-mails ('' when they are not served)."""
    if settings.web.base_url:
        return settings.web.base_url.rstrip("/")
    if settings.web.enabled:
        return f"http://{settings.web.host}:{settings.web.port}"
    return ""


def asked_for(db: Database, entries: Sequence[Entry]) -> dict[Any, list[tuple[int, str]]]:
    """The questions the changes among ``entries`` answer; {} when they cannot be read."""
    from monitor.track.queries import asked_questions

    changes = [e.payload.get("change", {}) for e in entries if e.kind == "change"]
    try:
        with db.reader() as session:
            return asked_questions(session, changes)
    except SQLAlchemyError:
        return {}  # the question is a courtesy: never a reason not to send the alert


def render(
    entries: Sequence[Entry],
    titles: Mapping[str, str],
    *,
    base_url: str = "",
    asked: Mapping[Any, Sequence[tuple[int, str]]] | None = None,
) -> Rendered:
    """One message for one entry, or a digest that groups several (each already unique).

    The HTML part comes from the web pages' templates (inline styles: mail clients drop style
    sheets); the plain-text part reads on its own. ``base_url``: the web pages, linked when
    given; ``asked``: the questions each change (by id) answers.
    """
    if not entries:
        raise ValueError("nothing to render")
    from monitor.templating import render_template  # jinja2 is loaded on the first render

    asked = asked or {}
    base = base_url.rstrip("/")
    texts: list[str] = []
    items: list[dict[str, Any]] = []
    for entry in entries:
        item: dict[str, Any] = {"kind": entry.kind, "reasons": list(entry.reasons),
                                "subject": entry_subject(entry, titles)}
        if entry.kind == "change":
            change = entry.payload.get("change", {})
            questions = list(asked.get(change.get("id"), []))
            text = _change_text(change, titles, questions, base)
            item.update(change=_change_for_page(change, titles), asked=questions)
        elif entry.kind == "event":
            event = entry.payload.get("event", {})
            text = _event_text(event)
            item["event"] = {"identifier": "", "url": "", "received": None, **event}
        elif entry.kind == "promise":
            promise = entry.payload.get("promise", {})
            text = promise_text(promise, base)
            item["promise"] = {"id": "", "sentence": "", "identifier": "", "received": None,
                               "status_identifier": "", "linked": None, **promise,
                               "deadline_nl": deadline_nl(promise.get("deadline") or {})}
        else:
            alert = entry.payload.get("alert", {})
            text = _operator_text(alert)
            item["alert"] = {"message": "", "at": "", **alert}
        if entry.reasons:
            text += "\n\nWaarom u dit ontvangt: " + " ".join(entry.reasons)
        texts.append(text)
        items.append(item)
    if len(entries) == 1:
        subject = entry_subject(entries[0], titles)
    else:
        subject = f"Kamervragen-monitor: overzicht van {len(entries)} meldingen"
    separator = "\n\n" + "-" * 72 + "\n\n"
    body_html = render_template(
        "email.html", subject=subject, items=items, digest=len(entries) > 1, base_url=base)
    return Rendered(subject=subject, text=separator.join(texts) + "\n", html=body_html)
