"""Invariances of meaning (hypothesis): one act in other words, one amount in other units, another
edition of a document, and negations of adjectives and separable verbs."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.classify import classify
from monitor.verdicts import QUIET

DAY = date(2026, 3, 10)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SUBJECTS = ["Het kabinet", "De minister", "Defensie", "De staatssecretaris"]
TIMES = ["", " voor de zomer", " in het najaar van 2027", " voor 1 juli 2027"]
OBJECTS = ["de voortgang van de woningbouw", "de uitkomsten van het onderzoek naar de jeugdzorg",
           "de stand van zaken rond de dijkversterking", "de gevolgen voor de netbeheerders",
           "de aanpak van ondermijning", "de opvang van dolfijnen"]
# One act in other words: each group says the same of {s}ubject, {t}ime and {o}bject.
SYNONYMS = [
    ["{s} zal uw Kamer{t} informeren over {o}.", "{s} zal uw Kamer{t} inlichten over {o}.",
     "{s} zal uw Kamer{t} berichten over {o}.", "{s} zal uw Kamer{t} op de hoogte stellen van {o}.",
     "{s} zal uw Kamer{t} in kennis stellen van {o}.",
     "{s} zal uw Kamer{t} op de hoogte brengen van {o}."],
    ["{s} informeert uw Kamer{t} over {o}.", "{s} stelt uw Kamer{t} op de hoogte van {o}.",
     "{s} bericht uw Kamer{t} over {o}.", "{s} laat uw Kamer{t} weten hoe het staat met {o}."],
    ["{s} zal de gemeenten{t} een bijdrage verlenen voor {o}.",
     "{s} zal de gemeenten{t} een bijdrage verstrekken voor {o}.",
     "{s} zal de gemeenten{t} een bijdrage toekennen voor {o}."],
    ["{s} zal{t} beginnen met {o}.", "{s} zal{t} starten met {o}."],
    ["{s} zal de provincies{t} steunen bij {o}.", "{s} zal de provincies{t} ondersteunen bij {o}."],
    ["{s} gaat{t} met de provincies in gesprek over {o}.",
     "{s} treedt{t} met de provincies in overleg over {o}."],
    ["{s} zal de inspectie{t} vragen om een advies over {o}.",
     "{s} zal de inspectie{t} verzoeken om een advies over {o}."],
]


def _verdicts(old: str, new: str, day: date = DAY) -> set[str]:
    return set(classify(old, new, date=day, old_date=day).verdicts)


@FAST
@given(st.sampled_from(SYNONYMS).flatmap(
    lambda group: st.tuples(st.sampled_from(group), st.sampled_from(group))),
    st.sampled_from(SUBJECTS), st.sampled_from(TIMES), st.sampled_from(OBJECTS))
def test_a_synonym_of_the_act_never_alerts(forms: tuple[str, str], s: str, t: str,
                                           o: str) -> None:
    old, new = (f.format(s=s, t=t, o=o) for f in forms)
    assert _verdicts(old, new) <= QUIET, (old, new)


UNITS = [("{v} km", "{v} kilometer"), ("{v} km/u", "{v} kilometer per uur"),
         ("{v} GW", "{v} gigawatt"), ("{v} Mton", "{v} megaton"),
         ("{v} fte", "{v} voltijdsequivalenten"), ("{v} procent van het bbp",
                                                  "{v}% van het bruto binnenlands product"),
         ("{v}% bni", "{v} procent van het bruto nationaal inkomen"),
         ("{v} pct. van het budget", "{v} procent van het budget")]


@FAST
@given(st.sampled_from(UNITS), st.integers(2, 95), st.booleans())
def test_a_unit_or_base_in_other_words_never_alerts(forms: tuple[str, str], value: int,
                                                    half: bool) -> None:
    v = f"{value},5" if half else str(value)
    old, new = (f"Het kabinet verwacht in 2030 {f.format(v=v)} te realiseren." for f in forms)
    assert _verdicts(old, new) <= QUIET, (old, new)
    other = forms[1].format(v=f"{value + 1}")
    changed = f"Het kabinet verwacht in 2030 {other} te realiseren."
    assert "figures_changed" in _verdicts(old, changed), (old, changed)


EDITIONS = ["Defensienota", "Miljoenennota", "Voorjaarsnota", "Jaarverslag",
            "Nationale Energieverkenning", "Klimaatnota", "Staat van de Volkshuisvesting"]
PROMISES = ["Ik informeer uw Kamer in de {n} {y} over {o}.",
            "Het kabinet stuurt de {n} {y} na de zomer naar uw Kamer.",
            "De {n} {y} wordt in het derde kwartaal aan uw Kamer aangeboden.",
            "Ik zal uw Kamer in de {n} {y} informeren over {o}."]
REPORTS = ["De {n} {y} is op 17 september {y} aan uw Kamer gestuurd.",
           "In de {n} {y} is uw Kamer geïnformeerd over {o}.",
           "De {n} {y} verscheen in september {y}.",
           "In de onlangs verschenen {n} {y} is {o} al uitgewerkt."]


@FAST
@given(st.sampled_from(EDITIONS), st.integers(2025, 2029), st.integers(1, 3),
       st.sampled_from(PROMISES), st.sampled_from(REPORTS), st.sampled_from(OBJECTS),
       st.booleans())
def test_another_edition_is_context_not_a_deadline_or_a_report(
    name: str, year: int, back: int, promise: str, report: str, o: str, first: bool
) -> None:
    said = promise.format(n=name, y=year, o=o)
    other = report.format(n=name, y=year - back, o=o)
    both = f"{other} {said}" if first else f"{said} {other}"
    assert _verdicts(said, both) <= QUIET, (said, both)
    # A report about another edition in place of the promise never fulfils it.
    assert "fulfilled" not in _verdicts(said, other), (said, other)


ADJECTIVES = ["wenselijk", "noodzakelijk", "verstandig", "haalbaar", "uitvoerbaar",
              "verantwoord", "zinvol", "proportioneel", "redelijk", "nodig"]
ON = {"wenselijk", "verstandig", "haalbaar", "uitvoerbaar", "verantwoord", "redelijk", "nodig"}
CLAUSES = ["de regeling te verlengen", "de subsidie af te bouwen",
           "de pilot uit te breiden naar andere regio's", "het toezicht te verscherpen"]


@FAST
@given(st.sampled_from(ADJECTIVES), st.sampled_from(CLAUSES), st.sampled_from(
    ["Het kabinet acht het {a} {c}.", "Ik vind het {a} {c}.", "Het is {a} {c}."]),
    st.booleans(), st.booleans())
def test_an_adjective_negated_flips_the_negation(adj: str, clause: str, form: str,
                                                 prefix: bool, backwards: bool) -> None:
    negated = f"on{adj}" if prefix and adj in ON else f"niet {adj}"
    old, new = form.format(a=adj, c=clause), form.format(a=negated, c=clause)
    if backwards:
        old, new = new, old
    assert "negation_flipped" in _verdicts(old, new), (old, new)


SEPARABLE = [("trekt", "in", "intrekken", "intrekt"), ("schaft", "af", "afschaffen", "afschaft"),
             ("stelt", "uit", "uitstellen", "uitstelt"), ("zegt", "op", "opzeggen", "opzegt"),
             ("breidt", "uit", "uitbreiden", "uitbreidt"), ("bouwt", "af", "afbouwen", "afbouwt")]
SEPARABLE_FORMS = [
    ("{s} {f} {o} {p}.", "{s} {f} {o} niet {p}."),
    ("{s} zal {o} {i}.", "{s} zal {o} niet {i}."),
    ("{s} wil {o} {i}.", "{s} wil {o} niet {i}."),
    ("Ik verwacht dat {sl} {o} {fi}.", "Ik verwacht dat {sl} {o} niet {fi}."),
    ("Ik verwacht dat {sl} {o} zal {i}.", "Ik verwacht dat {sl} {o} niet zal {i}."),
]


@FAST
@given(st.sampled_from(SEPARABLE), st.sampled_from(SEPARABLE_FORMS),
       st.sampled_from(["De minister", "Het kabinet", "De gemeente"]),
       st.sampled_from(["de vergunning", "de regeling", "het besluit", "de heffing"]),
       st.booleans())
def test_a_separable_verb_negated_flips_the_negation(
    verb: tuple[str, str, str, str], forms: tuple[str, str], s: str, o: str, backwards: bool
) -> None:
    f, p, i, fi = verb
    old, new = (x.format(s=s, sl=s[0].lower() + s[1:], o=o, f=f, p=p, i=i, fi=fi)
                for x in forms)
    if backwards:
        old, new = new, old
    assert "negation_flipped" in _verdicts(old, new), (old, new)
