"""Alerts that read like a sentence, built from the two readings of a change.

The subject names the one main change ("EDIP: Nederland neemt niet langer deel (was: is
voornemens om ook deel te nemen, € 250 mln, 2027)"); the body lists every verdict with the
values before and after. Used by the e-mails, the webhook payload (``readings``) and
``monitor commitment``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from monitor.track.alignment import GOVERNMENT
from monitor.track.analysis import Analysis, Clause
from monitor.track.analysis.verbs import PARTICLES, PREPOSITIONS, analyse_word

# The most telling verdict names the subject.
MAIN_ORDER = ("position_changed", "negation_flipped", "fulfilled", "timeline_changed",
              "figures_changed", "changed", "first_seen", "reworded", "restated")
MODALITY_NL = {
    "withdrawn": "trekt zich terug", "considering": "overweegt", "intends": "is voornemens",
    "decided": "heeft besloten of zegt toe", "does": "doet het",
}
LABEL_NL = {
    "position_changed": "Positie", "negation_flipped": "Ontkenning", "fulfilled": "Nagekomen",
    "timeline_changed": "Termijn", "figures_changed": "Cijfers",
    "changed": "Gewijzigd, niet zeker gelezen", "first_seen": "Voor het eerst gezien",
    "reworded": "Anders verwoord", "restated": "Herhaald",
}
_LEADING = re.compile(
    r"^(?:(?:daarnaast|verder|ook|bovendien|tevens|inmiddels|momenteel|thans|hierover|"
    r"daarover|hierbij|daarbij|echter|wel|nu|zoals\s+eerder\s+\w+)\s*,?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Summary:
    subject: str
    lines: list[str]


def short_title(title: str) -> str:
    """"Nederlandse deelname aan ... (EDIP)" -> "EDIP"; "De Defensienota 2026: wat ..." ->
    "De Defensienota 2026"."""
    m = re.search(r"\(([A-Z][A-Za-z0-9-]{1,12})\)", title)
    if m:
        return m.group(1)
    return title.split(":", 1)[0].strip() or title


def head(analysis: Analysis | None) -> Clause | None:
    """The clause that carries the statement's position: a stated modality by the government
    before a plain fact, a main clause before a subordinate one."""
    if analysis is None:
        return None
    candidates = [c for c in analysis.clauses if c.act and not c.reference]
    if not candidates:
        return None
    def weight(c: Clause) -> tuple[int, int, int]:
        return (int(not c.subordinate), int(c.actor in GOVERNMENT), int(c.modality != "does"))

    best = max(weight(c) for c in candidates)
    return next(c for c in candidates if weight(c) == best)


def phrase(clause: Clause) -> str:
    """Who does what, without the object: "Nederland neemt niet langer deel"."""
    text = _LEADING.sub("", clause.text).rstrip(" .;:")
    words = text.split()
    last = -1
    first_verb = -1
    for i, w in enumerate(words):
        bare = w.strip(",.;:()").lower()
        form = analyse_word(bare)[1] if bare[:1].isalpha() and bare not in PREPOSITIONS \
            and bare not in PARTICLES else None
        nxt = words[i + 1].strip(",.;:()").lower() if i + 1 < len(words) else ""
        separable = bare in PARTICLES and last >= 0 and i - last <= 3 and (
            not nxt or nxt in PREPOSITIONS)
        if form is not None or separable:
            last = i
            if first_verb < 0 and form in ("pres", "past"):
                first_verb = i
    if last < 0:
        return " ".join(words[:8])
    kept = words[: last + 1]
    actor = clause.actor
    if first_verb == 0 and actor:
        # Inverted order ("is Nederland voornemens ..."): put the actor first.
        rest = " ".join(kept)
        rest = re.sub(rf"\s*\b{re.escape(actor)}\b", "", rest, count=1, flags=re.IGNORECASE)
        return f"{actor} {rest}".strip()
    return " ".join(kept).strip(" ,")


def _values(clause_list: Sequence[Clause]) -> list[str]:
    out: list[str] = []
    for c in clause_list:
        out += [x.describe() for x in c.amounts]
        out += [t.text for t in c.times]
    return out


def _clauses(analysis: Analysis | None) -> list[Clause]:
    return [c for c in analysis.clauses if not c.reference] if analysis else []


def summarise(title: str, verdicts: Sequence[str], old: Analysis | None, new: Analysis,
              triggers: Mapping[str, Sequence[str]] | None = None) -> Summary:
    """The subject and body lines of an alert about ``verdicts`` from ``old`` to ``new``."""
    triggers = triggers or {}
    name = short_title(title)
    main = next((v for v in MAIN_ORDER if v in verdicts), "changed")
    h_old, h_new = head(old), head(new)
    now = phrase(h_new) if h_new else new.text[:80]
    was_parts: list[str] = []
    if h_old is not None:
        was_parts.append(phrase(h_old))
    was_parts += _values(_clauses(old))[:3]
    was = f" (was: {', '.join(was_parts)})" if was_parts and main != "first_seen" else ""
    if main == "fulfilled":
        subject = f"{name}: nagekomen — {now}"
    elif main in ("timeline_changed", "figures_changed"):
        # "Defensienota 2026: termijn 2026 → 2027 (uw Kamer wordt ... geïnformeerd)"
        detail = _detail(main, old, new, triggers)
        label = "termijn" if main == "timeline_changed" else "cijfers"
        before, _, after = detail.partition(" → ")
        if before == after:
            subject = f"{name}: {label} gewijzigd ({now})"
        else:
            subject = f"{name}: {label} {detail} ({now})"
    else:
        subject = f"{name}: {now}{was}"
    lines = []
    for verdict in [v for v in MAIN_ORDER if v in verdicts]:
        lines.append(f"{LABEL_NL.get(verdict, verdict)}: {_detail(verdict, old, new, triggers)}")
    return Summary(subject, lines)


def _detail(verdict: str, old: Analysis | None, new: Analysis,
            triggers: Mapping[str, Sequence[str]]) -> str:
    h_old, h_new = head(old), head(new)
    if verdict == "position_changed" and h_new is not None:
        before = (f"{MODALITY_NL[h_old.modality]} ({phrase(h_old)})" if h_old
                  else "geen standpunt")
        return f"{before} → {MODALITY_NL[h_new.modality]} ({phrase(h_new)})"
    if verdict == "negation_flipped" and h_new is not None and h_old is not None:
        def pol(c: Clause) -> str:
            return "ontkennend" if not c.polarity else "bevestigend"
        return f"{pol(h_old)} → {pol(h_new)} ({phrase(h_new)})"
    if verdict == "timeline_changed":
        before = ", ".join(t.text for c in _clauses(old) for t in c.times) or "geen termijn"
        after = ", ".join(t.text for c in _clauses(new) for t in c.times) or "geen termijn"
        slip = [w for w in triggers.get(verdict, []) if w]
        if before == after and slip and len(slip) % 2 == 0:
            # The same times, another edition: "Defensienota 2026 → Defensienota 2027".
            half = len(slip) // 2
            return f"{', '.join(slip[:half])} → {', '.join(slip[half:])}"
        return f"{before} → {after}"
    if verdict == "figures_changed":
        before = ", ".join(x.describe() for c in _clauses(old) for x in c.amounts) or "geen"
        after = ", ".join(x.describe() for c in _clauses(new) for x in c.amounts) or "geen"
        return f"{before} → {after}"
    words = [w for w in triggers.get(verdict, []) if w]
    if verdict == "changed":
        return "; ".join(words) or "woorden van modaliteit, tijd of bedrag"
    return " → ".join(words) if words else (phrase(h_new) if h_new else "")


def summarise_change(change: Mapping[str, Any]) -> Summary | None:
    """The summary of a change in the JSON of docs/changes-json.md (None without texts)."""
    from monitor.track.classify import read

    current = change.get("current") or {}
    if not isinstance(current, Mapping) or not current.get("text"):
        return None
    previous = change.get("previous") if isinstance(change.get("previous"), Mapping) else None
    new = read(str(current["text"]), _day(current.get("received")))
    old = read(str(previous["text"]), _day(previous.get("received"))) if previous and \
        previous.get("text") else None
    title = str(change.get("commitment_title") or change.get("commitment") or "")
    triggers = change.get("triggers") if isinstance(change.get("triggers"), Mapping) else {}
    return summarise(title, [str(v) for v in change.get("verdicts") or []], old, new, triggers)


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def readings(change: Mapping[str, Any]) -> dict[str, Any]:
    """``{"previous", "current"}`` readings of a change JSON (for the webhook payload)."""
    from monitor.track.classify import read
    from monitor.track.compare import reading_json

    out: dict[str, Any] = {"previous": None, "current": None}
    for key in ("previous", "current"):
        side = change.get(key)
        if isinstance(side, Mapping) and side.get("text"):
            out[key] = reading_json(read(str(side["text"]), _day(side.get("received"))))
    return out
