"""Invariances of the classifier (hypothesis): what never alerts, whatever the statement."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.analysis import analyse
from monitor.track.classify import classify
from monitor.verdicts import QUIET

DATA = Path(__file__).parent / "data" / "pairs-dev.jsonl"
# Statements in ministerial style: the old side of every development pair.
STATEMENTS = sorted({
    json.loads(line)["old"] for line in DATA.read_text(encoding="utf-8").splitlines()
    if line.strip()
})
DAY = date(2026, 5, 19)
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

statement = st.sampled_from(STATEMENTS)


def _quiet(old: str, new: str) -> bool:
    return set(classify(old, new, date=DAY).verdicts) <= QUIET


def _with_citation(text: str, citation: str) -> str:
    body = text.rstrip()
    if body.endswith("."):
        return f"{body[:-1]} ({citation})."
    return f"{body} ({citation})"


@FAST
@given(statement, st.integers(20, 40), st.integers(100, 999), st.integers(1, 300),
       st.sampled_from(["Kamerstuk {a} {b}, nr. {n}", "Kamerstukken II 2025/26, {a} {b}, nr. {n}",
                        "Handelingen II 2025/26, nr. {n}, item 4",
                        "zie de brief van {n2} maart jl.",
                        "Aanhangsel Handelingen II 2025/26, nr. {n}", "{a} {b}-{n2}, nr. {n}"]))
def test_adding_or_removing_a_citation_never_alerts(
    text: str, a: int, b: int, n: int, form: str
) -> None:
    citation = form.format(a=a, b=b, n=n, n2=n % 28 + 1)
    cited = _with_citation(text, citation)
    assert _quiet(text, cited), (text, cited)
    assert _quiet(cited, text), (cited, text)


@FAST
@given(statement)
def test_uw_kamer_is_de_tweede_kamer(text: str) -> None:
    other = re.sub(r"\b[Uu]w Kamer\b", "de Tweede Kamer", text)
    assert _quiet(text, other)


@FAST
@given(st.lists(statement, min_size=2, max_size=3, unique=True))
def test_reordering_sentences_never_alerts(texts: list[str]) -> None:
    assert _quiet(" ".join(texts), " ".join(reversed(texts)))


@FAST
@given(st.integers(2, 950), st.booleans(), st.sampled_from([
    ("€ {v} mln", "{v} miljoen euro"), ("{v} miljoen euro", "EUR {v} mln"),
    ("€ {v} miljoen", "{t} duizend euro"),
]))
def test_another_notation_of_the_same_amount_never_alerts(
    value: int, half: bool, forms: tuple[str, str]
) -> None:
    v = f"{value},5" if half and "{t}" not in forms[1] else str(value)
    t = f"{value * 1000:,}".replace(",", ".")
    old = f"Nederland draagt {forms[0].format(v=v, t=t)} bij aan EDIP."
    new = f"Nederland draagt {forms[1].format(v=v, t=t)} bij aan EDIP."
    assert _quiet(old, new), (old, new)


@FAST
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)),
       st.sampled_from(["vóór", "voor", "uiterlijk op", "na", "per"]))
def test_another_notation_of_the_same_date_never_alerts(day: date, relation: str) -> None:
    spelled = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    numeric = f"{day.day}-{day.month}-{day.year}"
    old = f"Het kabinet stuurt de nota {relation} {spelled} aan uw Kamer."
    new = f"Het kabinet stuurt de nota {relation} {numeric} aan uw Kamer."
    assert _quiet(old, new), (old, new)
    assert _quiet(old, old.replace(" voor ", " vóór "))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_analysis_never_fails_on_any_text(text: str) -> None:
    analysis = analyse(text, date=DAY)
    for clause in analysis.clauses:
        assert 0 <= clause.start <= clause.end <= len(analysis.text)
    classify(text, text + " Dit is nieuw.", date=DAY)
