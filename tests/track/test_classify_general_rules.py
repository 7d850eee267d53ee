"""General rules of reading, each with a positive and a negative case in our own words:
currencies, the date of what was said before, "niet alleen ... maar ook", participles, start
dates, terms that run from each case, acts as nouns, and attitude words."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.track.analysis import analyse, find_amounts
from monitor.track.analysis.verbs import analyse_word
from monitor.track.classify import classify

D1, D2 = date(2025, 3, 4), date(2025, 4, 1)


def _v(old: str, new: str, d1: date = D1, d2: date = D2) -> list[str]:
    return classify(old, new, date=d2, old_date=d1).verdicts


@pytest.mark.parametrize(("text", "currency"), [
    ("De gemeente ontving in 2024 EUR 3 miljoen.", "EUR"),
    ("Het fonds ontving USD 40 miljoen.", "USD"),
    ("Het fonds ontving 40 miljoen Amerikaanse dollar.", "USD"),
    ("Het fonds ontving $ 40 mln.", "USD"),
    ("Het fonds telde in 2024 40 deelnemers.", ""),
])
def test_currencies_before_and_after_the_number(text: str, currency: str) -> None:
    amounts = find_amounts(text, [(text.find("2024"), text.find("2024") + 4)]
                           if "2024" in text else [])
    assert [a.currency for a in amounts] == [currency]


def test_one_amount_in_two_currency_notations_is_a_rewording_and_another_currency_is_not() -> None:
    old = "De provincie droeg in 2024 EUR 8 miljoen bij aan de herinrichting."
    assert _v(old, "De provincie droeg in 2024 8 mln euro bij aan de herinrichting.") == [
        "reworded"]
    assert _v(old, "De provincie droeg in 2024 USD 8 miljoen bij aan de herinrichting.") == [
        "figures_changed"]


def test_the_date_of_what_was_said_before_is_no_deadline() -> None:
    old = "Ik zal de Kamer in juni over de pilot berichten, zoals gemeld op 12 februari 2025."
    new = "Zoals gemeld op 12 februari 2025 zal ik de Kamer in juni over de pilot berichten."
    assert _v(old, new) == ["reworded"]
    # The statement's own time still counts.
    assert _v(old, new.replace("in juni", "in september")) == ["timeline_changed"]


def test_not_only_but_also_is_one_clause() -> None:
    old = "De regeling helpt starters en doorstromers op de woningmarkt."
    new = "De regeling helpt niet alleen starters, maar ook doorstromers op de woningmarkt."
    assert _v(old, new) == ["reworded"]
    assert "negation_flipped" in _v(
        old, "De regeling helpt niet starters, maar wel doorstromers op de woningmarkt.")


@pytest.mark.parametrize(("word", "form"), [
    ("bestaande", None), ("lopende", None), ("ingegaan", "part"), ("toegestaan", "part"),
    ("verscheen", "past"), ("gaat", "pres"),
])
def test_participles_and_adjectives(word: str, form: str | None) -> None:
    assert analyse_word(word)[1] == form


def test_a_passive_present_is_no_report() -> None:
    old = "Het jaarplan gaat in op de inzet van handhavers."
    assert _v(old, "In het jaarplan wordt ingegaan op de inzet van handhavers.") == ["reworded"]


@pytest.mark.parametrize(("new", "verdicts"), [
    ("De regeling treedt met ingang van 1 juli 2026 in werking.", ["reworded"]),
    ("De regeling treedt per 1 juli 2026 in werking.", ["reworded"]),
    ("De regeling treedt niet eerder dan 1 juli 2026 in werking.", ["timeline_changed"]),
    ("De regeling treedt op 1 augustus 2026 in werking.", ["timeline_changed"]),
])
def test_start_dates_of_an_act_that_takes_effect(new: str, verdicts: list[str]) -> None:
    assert _v("De regeling treedt op 1 juli 2026 in werking.", new) == verdicts


def test_a_term_of_someone_elses_act_runs_from_each_case_a_promise_from_the_answer() -> None:
    rule = "Het waterschap beslist binnen zes weken over een vergunning."
    assert _v(rule, "Binnen 6 weken beslist het waterschap over een vergunning.",
              date(2025, 3, 4), date(2025, 9, 2)) == ["reworded"]
    promise = "Ik stuur de Kamer binnen zes weken de evaluatie."
    assert _v(promise, promise, date(2025, 3, 4), date(2025, 9, 2)) == ["timeline_changed"]


def test_an_act_as_a_noun_aligns_with_the_act() -> None:
    assert _v("Het kabinet heeft besloten tot invoering van een statiegeldregeling.",
              "Het kabinet heeft het besluit genomen om een statiegeldregeling in te voeren.",
              ) == ["reworded"]


def test_consequence_in_other_words() -> None:
    old = "De bezuiniging zal tot gevolg hebben dat gemeenten minder kunnen uitgeven."
    assert _v(old, "De bezuiniging zal ertoe leiden dat gemeenten minder kunnen uitgeven.") == [
        "reworded"]


def test_attitude_nouns_are_read_as_degree() -> None:
    assert _v("De minister kijkt met interesse naar het voorstel.",
              "De minister kijkt met argwaan naar het voorstel.") == ["changed"]


def test_a_coordinated_clause_has_no_subject_of_its_own() -> None:
    clauses = analyse("Het kabinet steunt het doel, maar neemt voorlopig niet deel.",
                      date=D1).clauses
    assert clauses[-1].actor == ""
    assert clauses[-1].act == "deelnemen"


@pytest.mark.parametrize(("word", "value"), [
    ("drieënhalf", "3.5"), ("tweeënhalve", "2.5"), ("vijfenhalf", "5.5"), ("driekwart", "0.75"),
])
def test_number_words_with_halves_and_quarters(word: str, value: str) -> None:
    from decimal import Decimal

    from monitor.track.analysis.numbers import word_value

    assert word_value(word) == Decimal(value)


def test_an_amount_as_a_number_word_with_a_half() -> None:
    old = "De bijdrage aan het fonds stijgt met 2,5 procent."
    assert _v(old, "De bijdrage aan het fonds stijgt met tweeënhalf procent.") == ["reworded"]
    assert _v(old, "De bijdrage aan het fonds stijgt met drieënhalf procent.") == [
        "figures_changed"]


@pytest.mark.parametrize("new", [
    "Het is mijn voornemen de leges voor rijbewijzen te verlagen.",
    "Het ligt in de bedoeling de leges voor rijbewijzen te verlagen.",
])
def test_an_intention_as_a_noun(new: str) -> None:
    assert _v("Ik ben voornemens de leges voor rijbewijzen te verlagen.", new) == ["reworded"]


def test_a_bound_in_words_is_part_of_the_amount() -> None:
    old = "Ruim 60 procent van de gemeenten doet mee aan de pilot."
    assert _v(old, "Meer dan 60% van de gemeenten doet mee aan de pilot.") == ["reworded"]
    assert _v(old, "Minder dan 60% van de gemeenten doet mee aan de pilot.") == [
        "figures_changed"]


def test_voor_zover_is_a_condition() -> None:
    old = "Het kabinet verlengt de regeling voor zzp'ers."
    assert "changed" in _v(
        old, "Het kabinet verlengt de regeling voor zzp'ers, voor zover de middelen dat toelaten.")


def test_an_opening_mogelijk_hedges_the_clause() -> None:
    old = "Mogelijk wordt de proef verlengd tot het einde van het schooljaar."
    assert _v(old, "De proef wordt verlengd tot het einde van het schooljaar.") == [
        "position_changed"]
    # "mogelijk wordt" after a subject is "becomes possible": no hedge of the statement.
    assert _v("Hiermee wordt een snellere procedure mogelijk.",
              "Hierdoor wordt een snellere procedure mogelijk.") == ["reworded"]


def test_a_report_frame_says_what_its_complement_says() -> None:
    old = "De minister meldt dat de subsidie voor buurthuizen wordt verlengd."
    assert _v(old, "De subsidie voor buurthuizen wordt verlengd.") == ["reworded"]
    assert "negation_flipped" in _v(old, "De subsidie voor buurthuizen wordt niet verlengd.")
    # A promise to report stays a promise.
    promise = "De minister zal de Kamer laten weten dat de subsidie wordt verlengd."
    assert _v(promise, "De subsidie wordt verlengd.") != ["reworded"]


def test_a_document_added_to_this_letter_fulfils_a_promise_to_send_it() -> None:
    old = "Ik zal de Kamer de evaluatie van de jeugdwet sturen."
    assert _v(old, "De evaluatie van de jeugdwet is als bijlage bij deze brief gevoegd.",
              date(2025, 3, 4), date(2025, 6, 3)) == ["fulfilled"]
    # Another document added is no report of this one.
    assert "fulfilled" not in _v(
        old, "Het advies van de Raad van State is als bijlage bij deze brief gevoegd.",
        date(2025, 3, 4), date(2025, 6, 3))


def test_delen_in_the_present_promises_like_sturen() -> None:
    assert _v("Na afronding deel ik het rapport met uw Kamer.",
              "Na afronding stuur ik het rapport naar uw Kamer.") == ["reworded"]


def test_a_word_of_speed_against_a_vague_time_is_changed() -> None:
    assert _v("Ik hoop de Kamer snel te informeren.",
              "Ik hoop de Kamer op enig moment te informeren.") == ["changed"]
    assert _v("Ik informeer de Kamer zo spoedig mogelijk.",
              "Ik informeer de Kamer te gelegener tijd.") == ["changed"]


def test_dat_after_a_preposition_is_a_determiner_before_a_noun() -> None:
    clauses = analyse("Ook ons land doet aan dat programma mee.", date=D1).clauses
    assert [(c.actor, c.act) for c in clauses] == [("Nederland", "meedoen")]
    clauses = analyse("Ik hecht er belang aan dat de zorg toegankelijk blijft.",
                      date=D1).clauses
    assert len(clauses) == 2


def test_dat_after_a_particle_opens_a_clause_when_a_verb_of_its_own_follows() -> None:
    # "dat" + a lower-case plural noun + the clause's verb at its end: a complementiser.
    clauses = analyse("Daarom pas ik de regeling zo aan dat gezinnen minder eigen bijdrage "
                      "betalen.", date=D1).clauses
    assert len(clauses) == 2
    assert clauses[0].act == "aanpassen"
    clauses = analyse("Het kabinet past de termijnen aan dat aanvragers sneller "
                      "duidelijkheid krijgen.", date=D1).clauses
    assert len(clauses) == 2
    # The determiner with an infinitive after "te" stays one clause.
    clauses = analyse("Nederland heeft besloten aan dat programma deel te nemen.",
                      date=D1).clauses
    assert len(clauses) == 1


def test_days_and_weeks_are_one_count_of_days() -> None:
    old = "Het waterschap beoordeelt een melding binnen 21 dagen."
    assert _v(old, "Het waterschap beoordeelt een melding binnen drie weken.") == ["reworded"]
    assert _v(old, "Het waterschap beoordeelt een melding binnen vier weken.") == [
        "timeline_changed"]


def test_a_postponement_to_a_date_in_other_words() -> None:
    old = "De invoering van de heffing wordt uitgesteld tot 1 juli 2027."
    assert _v(old, "De invoering van de heffing wordt verschoven naar 1 juli 2027.") == [
        "reworded"]
    assert _v(old, "De invoering van de heffing wordt verschoven naar 1 januari 2028.") == [
        "timeline_changed"]


def test_a_semi_auxiliary_takes_its_te_infinitive_as_the_act() -> None:
    # "valt te", "blijkt te", "schijnt te" work as "is te": the infinitive is the act.
    for text, act in [("Het valt niet uit te sluiten dat de kosten stijgen.", "uitsluiten"),
                      ("De raming blijkt te kloppen.", "kloppen"),
                      ("Daarom valt te verwachten dat de premie stijgt.", "verwachten")]:
        assert analyse(text, date=D1).clauses[0].act == act
    assert _v("Daarom is het te verwachten dat de premie in 2027 stijgt.",
              "Daarom valt te verwachten dat de premie in 2027 stijgt.") == ["reworded"]
    # Without an infinitive of its own the verb stays the act; an "om ... te" complement
    # belongs to the noun before it.
    assert analyse("De beslissing valt in juni.", date=D1).clauses[0].act == "vallen"
    clause = analyse("Het kabinet staat achter het plan om de procedure te versnellen.",
                     date=D1).clauses[0]
    assert clause.act != "versnellen"
