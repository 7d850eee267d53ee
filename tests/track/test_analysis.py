"""The Dutch analysis layer: segmentation, lemmas, separable verbs, negation, values, citations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from monitor.track.analysis import analyse, find_amounts, find_citations, find_times
from monitor.track.analysis import calendar as cal
from monitor.track.text import sentence_spans

DAY = date(2026, 5, 19)


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_official_abbreviations_do_not_end_a_sentence() -> None:
    text = ("Zie de brief van 3 maart jl. over o.a. de planning (blz. 4). Het kabinet heeft "
            "dit gemeld in Kamerstuk 36 592, nr. 12. Daarna volgt de nota.")
    assert _sentences(text) == [
        "Zie de brief van 3 maart jl. over o.a. de planning (blz. 4).",
        "Het kabinet heeft dit gemeld in Kamerstuk 36 592, nr. 12.",
        "Daarna volgt de nota.",
    ]


@pytest.mark.parametrize(("text", "actor", "act", "modality", "polarity"), [
    ("Daarnaast is Nederland voornemens om ook deel te nemen aan EDIP.",
     "Nederland", "deelnemen", "intends", True),
    ("Nederland neemt inmiddels deel aan EDIP.", "Nederland", "deelnemen", "does", True),
    ("Ons land neemt niet langer deel aan EDIP.", "Nederland", "deelnemen", "withdrawn", False),
    ("Het kabinet sluit deelname aan EDIP niet uit.", "het kabinet", "uitsluiten",
     "considering", False),
    ("Nederland treedt toe tot het programma.", "Nederland", "toetreden", "does", True),
    ("Nederland sluit zich aan bij het initiatief.", "Nederland", "aansluiten", "does", True),
    ("Defensie ziet af van deelname.", "Defensie", "afzien", "withdrawn", True),
    ("Het kabinet heroverweegt deelname aan EDIP.", "het kabinet", "heroverwegen",
     "considering", True),
    ("Het kabinet heeft nog geen besluit genomen over deelname.", "het kabinet", "besluiten",
     "considering", True),
    ("Nederland zal deelnemen aan EDIP.", "Nederland", "deelnemen", "decided", True),
])
def test_clause_readings(text: str, actor: str, act: str, modality: str, polarity: bool) -> None:
    [clause] = analyse(text, date=DAY).clauses
    assert (clause.actor, clause.act, clause.modality, clause.polarity) == (
        actor, act, modality, polarity)


def test_verbs_outside_any_list_are_read_by_their_morphology() -> None:
    # Neither verb is named anywhere in the analysis: the lemma and the stem rules read them.
    [a] = analyse("Nederland bepleit een snelle start.", date=DAY).clauses
    [b] = analyse("Nederland ondertekent de overeenkomst.", date=DAY).clauses
    assert (a.act, a.tense) == ("bepleiten", "present")
    assert (b.act, b.tense) == ("ondertekenen", "present")
    [c] = analyse("Nederland heeft de overeenkomst ondertekend.", date=DAY).clauses
    assert (c.act, c.tense) == ("ondertekenen", "perfect")


def test_niet_alleen_maar_ook_is_no_negation_and_negation_stays_in_its_clause() -> None:
    [clause] = analyse("Nederland neemt niet alleen deel aan EDIP, maar ook aan het EDF.",
                       date=DAY).clauses
    assert clause.polarity
    first, second = analyse(
        "Nederland neemt deel aan EDIP, maar het kabinet stuurt geen extra militairen.",
        date=DAY).clauses
    assert first.polarity and not second.polarity


def test_hedges() -> None:
    [clause] = analyse("Nederland is in beginsel bereid onder voorbehoud deel te nemen.",
                       date=DAY).clauses
    assert clause.hedges == ("in beginsel", "onder voorbehoud")
    [timed] = analyse("Ik informeer uw Kamer zo spoedig mogelijk.", date=DAY).clauses
    assert timed.hedges == ()  # "zo spoedig mogelijk" is a time


@pytest.mark.parametrize("written", [
    "€ 1,5 mld", "1,5 miljard euro", "1.500 miljoen euro", "anderhalf miljard euro",
    "EUR 1,5 mld", "een kwart miljard euro plus 1.250 miljoen euro",
])
def test_amounts_are_values(written: str) -> None:
    total = sum((a.value or Decimal(0)) for a in find_amounts(written, []))
    assert total == Decimal(1_500_000_000)
    assert {a.currency for a in find_amounts(written, [])} == {"EUR"}


def test_percentages_counts_and_number_words() -> None:
    [pct] = find_amounts("2 procent van het bbp", [])
    assert (pct.value, pct.unit) == (Decimal(2), "% bbp")
    [count] = find_amounts("tweehonderdvijftig militairen", [])
    assert (count.value, count.unit) == (Decimal(250), "militair")
    assert find_amounts("alleen meteen geen", []) == []


@pytest.mark.parametrize(("a", "b"), [
    ("2 procent van het bbp", "2% van het bruto binnenlands product"),
    ("2,0% bbp", "twee procent van het bruto binnenlandse product"),
    ("0,5 pct. van het bni", "een half procent van het bruto nationaal inkomen"),
    ("12 km", "twaalf kilometer"),
    ("100 km/u", "100 kilometer per uur"),
    ("21 GW", "21 gigawatt"),
    ("4 Mton", "4 megaton"),
    ("250 fte", "250 voltijdsequivalenten"),
    ("10 procent van het budget", "10% van het budget"),
])
def test_same_amount_in_other_words(a: str, b: str) -> None:
    assert [x.key for x in find_amounts(a, [])] == [x.key for x in find_amounts(b, [])]


@pytest.mark.parametrize(("a", "b"), [
    ("2 procent van het bbp", "2 procent van de rijksbegroting"),
    ("0,5% van het bni", "0,5% van het bbp"),
    ("12 km", "12 meter"),
    ("21 GW", "21 MW"),
])
def test_another_unit_or_base_is_another_amount(a: str, b: str) -> None:
    assert [x.key for x in find_amounts(a, [])] != [x.key for x in find_amounts(b, [])]


@pytest.mark.parametrize(("a", "b"), [
    ("vóór 1 juli", "uiterlijk 30 juni"),
    ("voor 1 juli", "vóór 1 juli"),
    ("voor de zomer", "voor het zomerreces"),
    ("na de zomer", "na het zomerreces"),
    ("eind dit jaar", "eind 2026"),
    ("nog dit jaar", "voor het einde van 2026"),
    ("in het voorjaar van 2027", "in het voorjaar van volgend jaar"),
    ("op 1-10-2026", "op 1 oktober 2026"),
])
def test_same_time_in_other_words(a: str, b: str) -> None:
    assert [t.key for t in find_times(a, DAY)] == [t.key for t in find_times(b, DAY)]


def test_times_have_relations_and_anchors() -> None:
    [before] = find_times("vóór 1 juli", DAY)
    [after] = find_times("na 1 juli", DAY)
    assert before.key != after.key and (before.relation, after.relation) == ("by", "from")
    [within] = find_times("binnen twee maanden", DAY)
    assert within.relation == "by" and within.last is not None and within.last > DAY
    [duration] = find_times("voor een periode van drie jaar", DAY)
    assert duration.key == ("duration", "36")
    # the same words said in another season name another summer
    [march] = find_times("voor de zomer", date(2026, 3, 1))
    [october] = find_times("voor de zomer", date(2026, 10, 1))
    assert march.key != october.key


def test_parliamentary_calendar_table() -> None:
    assert cal.recess("zomerreces", 2025) == (date(2025, 7, 4), date(2025, 9, 1))
    assert cal.recess("zomerreces", 2026) == (date(2026, 7, 3), date(2026, 8, 31))
    assert cal.prinsjesdag(2026) == date(2026, 9, 15)
    assert cal.prinsjesdag(2025) == date(2025, 9, 16)


@pytest.mark.parametrize("text", [
    "Kamerstuk 36 592, nr. 12", "21 501-28, nr. 245", "Kamerstukken II 2025/26, 36 592, nr. 3",
    "Handelingen II 2025/26, nr. 45, item 12", "Aanhangsel Handelingen II 2025/26, nr. 1234",
    "de brief van 3 maart jl.", "het programma[^3]",
])
def test_citations_are_recognised(text: str) -> None:
    found = find_citations(text)
    assert found, text
    analysis = analyse(f"Nederland neemt deel ({text}).", date=DAY)
    assert not [x for c in analysis.clauses for x in c.amounts]
    assert not [t for c in analysis.clauses for t in c.times]


def test_zoals_eerder_toegezegd_is_a_reference_not_a_decision() -> None:
    clauses = analyse("Zoals eerder toegezegd, informeer ik uw Kamer voor de zomer.",
                      date=DAY).clauses
    assert [c.act for c in clauses if not c.reference] == ["informeren"]


def test_fulfilment_reports_are_read() -> None:
    [clause] = analyse("Met de Defensienota 2026 is uw Kamer geïnformeerd.", date=DAY).clauses
    assert (clause.act, clause.tense) == ("informeren", "perfect")
    assert [d.describe() for d in clause.documents] == ["Defensienota 2026"]
