"""Compare two statements: verdicts, both readings and the word diff (``monitor compare``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from monitor.errors import InputError
from monitor.track.analysis import Analysis, Clause
from monitor.track.classify import classify, read
from monitor.track.diff import Diff, word_diff
from monitor.track.summary import head


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing ``old`` with ``new``."""

    verdicts: list[str]
    triggers: dict[str, list[str]]
    old: Analysis | None
    new: Analysis
    diff: Diff
    commitment: str | None = None
    not_understood: list[str] = field(default_factory=list)


def compare(old: str | None, new: str, *, commitment: str | None = None,
            date: date | None = None, old_date: date | None = None) -> Comparison:
    """Verdicts, readings and diff of two statements (``old`` None: a first statement).

    ``date``/``old_date`` are the dates of the answers (relative times are resolved against
    them; ``old_date`` defaults to ``date``, ``date`` to today).
    """
    verdict = classify(old, new, date=date, old_date=old_date)
    return Comparison(
        verdicts=list(verdict.verdicts),
        triggers=dict(verdict.triggers),
        old=read(old, old_date or date) if old is not None else None,
        new=read(new, date),
        diff=word_diff(old, new),
        commitment=commitment,
        not_understood=list(verdict.not_understood),
    )


def clause_json(c: Clause) -> dict[str, Any]:
    return {
        "text": c.text,
        "actor": c.actor,
        "act": c.act,
        "verb": c.verb,
        "object": list(c.objects),
        "modality": c.modality,
        "hedges": list(c.hedges),
        "polarity": "positive" if c.polarity else "negative",
        "negation": c.negation,
        "tense": c.tense,
        "times": [
            {"text": t.text, "relation": t.relation,
             "first": t.first.isoformat() if t.first else None,
             "last": t.last.isoformat() if t.last else None}
            for t in c.times
        ],
        "amounts": [
            {"text": x.text, "value": None if x.value is None else float(x.value),
             "unit": x.unit, "currency": x.currency, "scale": x.scale,
             "shown": x.describe()}
            for x in c.amounts
        ],
        "documents": [d.describe() for d in c.documents],
        "reference": c.reference,
        "subordinate": c.subordinate,
    }


def reading_json(analysis: Analysis | None) -> dict[str, Any] | None:
    """A statement's reading: its head clause's fields, every clause, the citations set aside."""
    if analysis is None:
        return None
    main = head(analysis)
    out: dict[str, Any] = {
        "actor": main.actor if main else "",
        "act": main.act if main else "",
        "modality": main.modality if main else "",
        "hedges": list(main.hedges) if main else [],
        "polarity": ("positive" if main.polarity else "negative") if main else "",
        "tense": main.tense if main else "",
        "times": [t for c in analysis.clauses if not c.reference
                  for t in clause_json(c)["times"]],
        "amounts": [x for c in analysis.clauses if not c.reference
                    for x in clause_json(c)["amounts"]],
        "citations": [c.text for c in analysis.citations],
        "clauses": [clause_json(c) for c in analysis.clauses],
    }
    return out


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "verdicts": c.verdicts,
        "commitment": c.commitment,
        "old": reading_json(c.old),
        "new": reading_json(c.new),
        "triggers": c.triggers,
        "not_understood": c.not_understood,
        "diff": {"kind": c.diff.kind, "text": c.diff.text},
    }


def _day(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: a date must be a string YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def compare_batch(lines: Iterable[str], source: str = "batch") -> Iterator[dict[str, Any]]:
    """One comparison per JSON line ``{"old", "new", "commitment", "date", "old_date"}``."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("new"), str):
            raise InputError(f'{where}: expected an object with a string "new"')
        old = item.get("old")
        if old is not None and not isinstance(old, str):
            raise InputError(f'{where}: "old" must be a string or null')
        commitment = item.get("commitment")
        result = compare(
            old, item["new"], commitment=commitment if isinstance(commitment, str) else None,
            date=_day(item.get("date"), where), old_date=_day(item.get("old_date"), where),
        )
        yield comparison_json(result)


def render_text(c: Comparison) -> str:
    """The comparison for a terminal: verdicts, triggers, both readings in one line each."""
    lines = [f"verdicts: {', '.join(c.verdicts)}"]
    for verdict, words in c.triggers.items():
        lines.append(f"  {verdict}: {' | '.join(w for w in words if w) or '-'}")
    for label, analysis in (("old", c.old), ("new", c.new)):
        r = reading_json(analysis)
        if r is None:
            continue
        times = ", ".join(f"{t['relation']} {t['text']}" for t in r["times"]) or "-"
        amounts = ", ".join(x["shown"] for x in r["amounts"]) or "-"
        hedges = f" ({', '.join(r['hedges'])})" if r["hedges"] else ""
        lines.append(
            f"{label}: actor={r['actor'] or '-'} act={r['act'] or '-'} "
            f"modality={r['modality'] or '-'}{hedges} polarity={r['polarity'] or '-'} "
            f"tense={r['tense'] or '-'} times={times} amounts={amounts}"
        )
        if r["citations"]:
            lines.append(f"     citations set aside: {'; '.join(r['citations'])}")
    lines.append(f"diff: {c.diff.text}")
    return "\n".join(lines)
