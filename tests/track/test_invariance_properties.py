"""More invariances (hypothesis): a verb swap inside a meaning class, currency and start-date
notations, the date of what was said before, and readings that do not depend on the sentences
around them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.analysis import analyse
from monitor.track.classify import classify
from monitor.verdicts import QUIET

DAY = date(2026, 2, 10)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
STATEMENTS = sorted({
    json.loads(line)["old"] for line in (Path(__file__).parent / "data" / "pairs-dev.jsonl")
    .read_text(encoding="utf-8").splitlines() if line.strip()
})

# Members of one meaning class, as infinitives after "zal" (the reader takes them as verbs).
SAME_CLASS = [
    ("onderzoeken", "verkennen", "bestuderen", "nagaan", "uitzoeken", "bekijken"),
    ("steunen", "ondersteunen", "onderschrijven", "omarmen", "verwelkomen"),
    ("afwijzen", "verwerpen", "blokkeren", "ontraden"),
    ("verhogen", "vergroten", "uitbreiden", "verruimen"),
    ("verlagen", "verminderen", "beperken", "terugbrengen", "afbouwen"),
    ("invoeren", "introduceren", "instellen", "opzetten"),
    ("afschaffen", "opheffen", "stopzetten", "beëindigen"),
    ("uitstellen", "opschuiven", "doorschuiven", "verdagen"),
    ("voortzetten", "continueren", "handhaven", "verlengen"),
]
SUBJECTS = ["Het kabinet", "De minister", "Ik", "De staatssecretaris", "Het ministerie"]
OBJECTS = ["de regeling voor mantelzorgers", "de subsidie voor isolatie", "het programma",
           "de heffing op verpakkingen", "de proef met deelauto's"]


@FAST
@given(st.sampled_from(SAME_CLASS).flatmap(
    lambda group: st.tuples(st.sampled_from(group), st.sampled_from(group))),
    st.sampled_from(SUBJECTS), st.sampled_from(OBJECTS), st.sampled_from(["", " in 2027"]))
def test_a_verb_swap_inside_a_meaning_class_never_alerts(verbs: tuple[str, str], subject: str,
                                                         what: str, when: str) -> None:
    old = f"{subject} zal{when} {what} {verbs[0]}."
    new = f"{subject} zal{when} {what} {verbs[1]}."
    assert set(classify(old, new, date=DAY, old_date=DAY).verdicts) <= QUIET, (old, new)


@FAST
@given(st.integers(2, 900), st.sampled_from(["EUR {n} miljoen", "€ {n} mln", "{n} miljoen euro",
                                              "{n} mln euro", "€ {n} miljoen"]),
       st.sampled_from(["EUR {n} miljoen", "€ {n} mln", "{n} miljoen euro"]),
       st.sampled_from([2023, 2024]))
def test_a_euro_amount_in_any_notation_never_alerts(n: int, one: str, other: str,
                                                    year: int) -> None:
    base = "Nederland droeg in {y} {a} bij aan het noodhulpfonds."
    old = base.format(y=year, a=one.format(n=n))
    new = base.format(y=year, a=other.format(n=n))
    assert set(classify(old, new, date=DAY, old_date=DAY).verdicts) <= QUIET, (old, new)


@FAST
@given(st.integers(2, 900), st.sampled_from(["USD {n} miljoen", "{n} miljoen Amerikaanse dollar",
                                              "$ {n} mln", "{n} mln dollar"]))
def test_dollars_are_not_euros(n: int, dollars: str) -> None:
    old = f"Het fonds ontving {n} miljoen euro."
    new = f"Het fonds ontving {dollars.format(n=n)}."
    assert "figures_changed" in classify(old, new, date=DAY, old_date=DAY).verdicts


@FAST
@given(st.dates(min_value=date(2026, 3, 1), max_value=date(2029, 12, 1)),
       st.sampled_from(["per {d}", "met ingang van {d}", "vanaf {d}", "op {d}"]),
       st.sampled_from(["per {d}", "met ingang van {d}", "m.i.v. {d}"]),
       st.sampled_from(["treedt {t} in werking", "gaat {t} in", "wordt {t} ingevoerd"]))
def test_a_start_date_in_any_notation_never_alerts(day: date, one: str, other: str,
                                                   verb: str) -> None:
    d = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    old = f"De nieuwe regeling {verb.format(t=one.format(d=d))}."
    new = f"De nieuwe regeling {verb.format(t=other.format(d=d))}."
    assert set(classify(old, new, date=DAY, old_date=DAY).verdicts) <= QUIET, (old, new)


@FAST
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 2, 1)),
       st.sampled_from(["Zoals gemeld op {d}", "Zoals aangekondigd op {d}",
                        "Zoals toegezegd op {d}"]),
       st.sampled_from(["zal ik de Kamer voor de zomer informeren over de pilot.",
                        "stuurt het kabinet de evaluatie in het najaar naar de Kamer.",
                        "neemt Nederland deel aan het programma."]))
def test_the_date_of_what_was_said_before_never_alerts(day: date, frame: str,
                                                       rest: str) -> None:
    d = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    new = f"{frame.format(d=d)} {rest}"
    old = f"{frame.split(' op ')[0]} {rest}"
    assert set(classify(old, new, date=DAY, old_date=DAY).verdicts) <= QUIET, (old, new)


@FAST
@given(st.lists(st.sampled_from(STATEMENTS), min_size=2, max_size=3, unique=True))
def test_a_sentence_is_read_the_same_wherever_it_stands(texts: list[str]) -> None:
    whole = analyse(" ".join(texts), date=DAY)
    alone = [analyse(t, date=DAY) for t in texts]
    assert [c.act for c in whole.clauses] == [c.act for a in alone for c in a.clauses]
    assert [(c.modality, c.polarity, c.hedges, [t.key for t in c.times])
            for c in whole.clauses] == [
        (c.modality, c.polarity, c.hedges, [t.key for t in c.times])
        for a in alone for c in a.clauses]
