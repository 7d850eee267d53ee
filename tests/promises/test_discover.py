"""Discovery on real answer sentences: who promises what, by when."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.parse import parse_file
from monitor.promises.discover import discover, normalise, promise_id, promises_in_text
from tests.samples import ANSWER_2026

ANSWER_DAY = date(2024, 11, 18)


def one(text: str, day: date = ANSWER_DAY) -> list[tuple[str, str]]:
    return [(p.act, p.deadline.describe())
            for p in promises_in_text(text, answer_date=day, identifier="ah-x", questions=(1,))]


@pytest.mark.parametrize(("text", "act", "deadline"), [
    # The issue's own examples, anchored on an answer of 18 November 2024.
    ("Het kabinet stuurt de evaluatie vóór 1 oktober naar uw Kamer.", "sturen", "by 2025-09-30"),
    ("Ik informeer uw Kamer in het najaar van 2025 over de uitkomsten.", "informeren",
     "in 2025-09-01..2025-11-30"),
    ("Ik kom hierop terug in de volgende voortgangsrapportage.", "terugkomen",
     "with volgende voortgangsrapportage"),
    # Real sentences (Aanhangsel 2024-2025 and the 2026 Defensie answer).
    ("Deze zal voor het einde van dit jaar worden gepubliceerd.", "publiceren", "by 2024-12-31"),
    ("Uw Kamer wordt hier binnenkort over geïnformeerd.", "informeren", "binnenkort"),
    ("Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd.", "informeren",
     "with Defensienota 2026"),
    ("Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
     "Defensie-Industrie Programma (EDIP).", "deelnemen", "-"),
    # Intentions with "wil"/"willen" whose act is the government's own.
    ("Wij willen de regels voor de huurtoeslag eenvoudiger maken.", "maken", "-"),
    ("Ik wil met de waterschappen afspreken dat zij de dijken vaker inspecteren.",
     "afspreken", "-"),
    ("Ik wil de regeling voor de zomer aanpassen.", "aanpassen", "by 2025-07-03"),
])
def test_promises_are_found_with_their_act_and_deadline(text: str, act: str,
                                                        deadline: str) -> None:
    assert one(text) == [(act, deadline)]


@pytest.mark.parametrize("text", [
    "Ik zal hier geen onderzoek naar doen.",  # negated
    "Ik ga niet in op de situatie van individuele gedetineerden.",
    "Op de genoemde motie ga ik in het antwoord op vraag 5 nader in.",  # inside the answer
    "De EU zal ook een nieuwe NDC voor 2035 indienen.",  # not our government
    "Ik heb er vertrouwen in dat Netflix zal voldoen aan de bepalingen in de Mediawet 2008.",
    "Het kabinet spant zich in om irreguliere migratie tegen te gaan.",  # ongoing policy
    "In de Kamerbrief van 11 juni 2024 is de Kamer geïnformeerd over de aanpak.",  # done
    "Via de beantwoording van deze vragen informeer ik u over de uitkomsten.",  # this answer
    "Bent u bereid de Kamer voor de zomer te informeren?",  # a question
    "Het kabinet wil de afspraken uit het Noordzeeakkoord respecteren.",  # a stance kept
    "Nederland wil vasthouden aan de bestaande verdragen.",
    "Ik wil dat scholen meer ruimte krijgen voor eigen keuzes.",  # a wish about others
    "Ik ga ervan uit dat de gemeente passende maatregelen neemt.",  # an assumption
])
def test_what_is_not_a_promise(text: str) -> None:
    assert one(text) == []


@pytest.mark.parametrize(("when", "answered", "deadline"), [
    # The summer recess of 2025 runs from Friday 4 July to Monday 1 September.
    ("voor de zomer", date(2024, 11, 18), "by 2025-07-03"),
    ("voor de zomer", date(2025, 3, 1), "by 2025-07-03"),
    ("na de zomer", date(2024, 11, 18), "from 2025-09-02"),
    ("vóór de zomer van 2026", date(2024, 11, 18), "by 2026-07-02"),
    ("voor het kerstreces", date(2024, 11, 18), "by 2024-12-19"),
    ("voor Prinsjesdag", date(2025, 3, 1), "by 2025-09-15"),
    ("in het eerste kwartaal van 2025", date(2024, 11, 18), "in 2025-01-01..2025-03-31"),
])
def test_calendar_terms_resolve_against_the_answer_date(when: str, answered: date,
                                                        deadline: str) -> None:
    assert one(f"Ik informeer uw Kamer {when} over de uitkomsten.", answered) == [
        ("informeren", deadline)]


def test_a_past_date_in_the_sentence_is_not_the_deadline() -> None:
    text = ("Zoals gemeld op 31 januari 2024 zal ik in de loop van mei de overige vragen "
            "beantwoorden in mijn bredere reactie.")
    assert one(text, date(2024, 3, 6)) == [("beantwoorden", "in 2024-05-01..2024-05-31")]


def test_the_2026_answer_holds_its_two_commitments_with_their_questions() -> None:
    doc = parse_file(ANSWER_2026)
    found = discover(doc)
    by_act = {p.act: p for p in found}
    assert by_act["informeren"].questions == (7,)
    assert by_act["informeren"].deadline.document == "Defensienota 2026"
    assert by_act["deelnemen"].questions == (8,)
    assert all(p.ministry == "Defensie" and "Boswijk" in p.minister for p in found)
    assert all(p.received == date(2026, 5, 19) for p in found)


def test_ids_are_stable_and_ignore_spacing_and_hyphenation() -> None:
    a = promise_id("ah-1", [7, 3], "Ik informeer uw Kamer voor de zomer.")
    assert a == promise_id("ah-1", [3, 7], "Ik  informeer uw Ka-\nmer voor de zomer.")
    assert a != promise_id("ah-2", [3, 7], "Ik informeer uw Kamer voor de zomer.")
    assert a != promise_id("ah-1", [3], "Ik informeer uw Kamer voor de zomer.")


@given(st.text(max_size=300))
def test_discovery_never_fails_and_ids_are_unique(text: str) -> None:
    found = promises_in_text(text, answer_date=ANSWER_DAY, identifier="ah-x")
    assert len({p.id for p in found}) == len(found)
    assert all(normalise(p.sentence) and p.received == ANSWER_DAY for p in found)
