"""Invariances of word order and voice (hypothesis): the same act said actively or passively,
with its stance in other words, never alerts."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.track.classify import classify
from monitor.verdicts import QUIET

DAY = date(2026, 3, 10)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

actors = st.sampled_from(["het kabinet", "de regering", "de minister", "de staatssecretaris"])
times = st.sampled_from(["voor de zomer", "na het zomerreces", "voor 1 juli", "in het najaar",
                         "voor Prinsjesdag", "nog dit jaar"])
subjects = st.sampled_from(["de uitvoering van het woningbouwprogramma", "de stikstofaanpak",
                            "de wachttijden in de jeugdzorg", "de evaluatie van de Participatiewet",
                            "de voortgang van de energietransitie"])
reports = st.sampled_from(["de evaluatie", "het plan van aanpak", "de voortgangsrapportage",
                           "het onderzoeksrapport"])
acts = st.sampled_from(["te vereenvoudigen", "te verlengen", "voort te zetten", "uit te breiden"])
stances = st.sampled_from(["is voornemens", "heeft het voornemen", "is van plan"])


def _quiet(old: str, new: str) -> bool:
    return set(classify(old, new, date=DAY, old_date=DAY).verdicts) <= QUIET


@FAST
@given(actors, times, subjects)
def test_informing_active_or_passive_never_alerts(actor: str, when: str, about: str) -> None:
    active = f"{actor.capitalize()} informeert uw Kamer {when} over {about}."
    passive = f"Uw Kamer wordt {when} door {actor} over {about} geïnformeerd."
    assert _quiet(active, passive), (active, passive)
    assert _quiet(passive, active), (passive, active)


@FAST
@given(actors, times, reports)
def test_sending_active_or_passive_never_alerts(actor: str, when: str, what: str) -> None:
    active = f"{actor.capitalize()} stuurt uw Kamer {when} {what}."
    passive = f"{what.capitalize()} wordt {when} door {actor} naar uw Kamer gestuurd."
    assert _quiet(active, passive), (active, passive)


@FAST
@given(actors, stances, stances, acts, subjects)
def test_an_intention_in_other_words_never_alerts(
    actor: str, one: str, other: str, act: str, what: str
) -> None:
    old = f"{actor.capitalize()} {one} de regeling voor {what} {act}."
    new = f"{actor.capitalize()} {other} de regeling voor {what} {act}."
    assert _quiet(old, new), (old, new)


@FAST
@given(st.sampled_from(["Nederland", "Het kabinet", "De regering"]), subjects,
       st.sampled_from(["steunt", "is voorstander van", "staat positief tegenover"]),
       st.sampled_from(["steunt", "is voorstander van", "staat positief tegenover"]))
def test_support_in_other_words_never_alerts(actor: str, what: str, one: str, other: str) -> None:
    old = f"{actor} {one} het voorstel over {what}."
    new = f"{actor} {other} het voorstel over {what}."
    assert _quiet(old, new), (old, new)


@FAST
@given(st.sampled_from(["Het kabinet", "Ik", "De regering"]), subjects)
def test_a_decision_taken_in_other_words_never_alerts(actor: str, what: str) -> None:
    verb = "heb" if actor == "Ik" else "heeft"
    old = f"{actor} {verb} besloten de aanpak van {what} voort te zetten."
    new = f"{actor} {verb} het besluit genomen de aanpak van {what} voort te zetten."
    assert _quiet(old, new), (old, new)


def test_a_change_of_stance_in_the_passive_still_alerts() -> None:
    old = "Het kabinet informeert uw Kamer voor de zomer over de stikstofaanpak."
    assert "timeline_changed" in classify(
        old, "Uw Kamer wordt na de zomer door het kabinet over de stikstofaanpak geïnformeerd.",
        date=DAY, old_date=DAY).verdicts
    assert "position_changed" in classify(
        old, "Het kabinet overweegt uw Kamer voor de zomer over de stikstofaanpak te informeren.",
        date=DAY, old_date=DAY).verdicts
