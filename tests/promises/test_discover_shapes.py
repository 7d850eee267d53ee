"""Shapes of promises in Dutch ministerial answers beyond the first error classes (issue 11,
third pass): each shape with sentences that are promises and near ones that are not. The
sentences are our own words, written for the shape, not copied from a labelled answer.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.promises.discover import promises_in_text
from monitor.promises.glue import join_paragraphs, unglue

DAY = date(2025, 3, 14)


def acts(text: str, day: date = DAY) -> list[tuple[str, str]]:
    return [(p.act, p.deadline.describe()) for p in promises_in_text(text, answer_date=day)]


@pytest.mark.parametrize(("text", "act", "deadline"), [
    # an elided subject in coordination takes the previous clause's
    ("Nederland heeft zich hiervoor ingezet en zal dat in de Raad blijven doen.", "", "-"),
    ("Ik heb de NZa om advies gevraagd en zal uw Kamer voor de zomer informeren.",
     "informeren", "by 2025-07-03"),
    ("Ook het kabinet ziet het belang, en is voornemens het project te steunen.", "steunen",
     "-"),
    # a main clause after an inserted subordinate one keeps its future
    ("Naar aanleiding van het advies dat vorige maand is verschenen, zullen de tarieven in "
     "2026 worden verhoogd.", "verhogen", "in 2026-01-01..2026-12-31"),
    # a commitment restated, a decision with its act to come, a willingness
    ("De minister heeft toegezegd de mogelijkheden van een subsidie te verkennen.",
     "verkennen", "-"),
    ("Het kabinet heeft besloten de regeling per 1 januari 2026 aan te passen.", "aanpassen",
     "from 2026-01-01"),
    ("Ik ben bereid de gevolgen voor kleine gemeenten te onderzoeken.", "onderzoeken", "-"),
    # the usual announcement of one's own delivery
    ("Ik verwacht uw Kamer voor de zomer te kunnen informeren over de uitkomsten.",
     "informeren", "by 2025-07-03"),
    ("Naar verwachting kan ik uw Kamer in het najaar de evaluatie sturen.", "sturen",
     "in 2025-09-01..2025-11-30"),
    # commissioning an examination
    ("Ik laat onderzoeken of de regeling eenvoudiger kan.", "onderzoeken", "-"),
    ("Ik laat hier nader naar kijken.", "kijken", "-"),
    # the making of a document in the present, and an act in a document to come
    ("Het kabinet stelt een handreiking op voor de gemeenten.", "opstellen", "-"),
    ("Ik neem deze aanbeveling mee in de kabinetsreactie.", "meenemen", "with kabinetsreactie"),
    ("In de beleidsreactie worden deze overwegingen meegenomen.", "meenemen",
     "with beleidsreactie"),
    ("In de volgende voortgangsrapportage wordt ingegaan op de knelpunten.", "ingaan",
     "with volgende voortgangsrapportage"),
    ("In de volgende voortgangsbrief worden de resultaten meegenomen.", "meenemen",
     "with volgende voortgangsbrief"),
    # "wil ... in gesprek" without its "gaan"
    ("Daar wil ik graag met het bestuur in gesprek.", "overleggen", "-"),
    # sharing with the House is a delivery; the subject after a fronted object
    ("De resultaten van het onderzoek deel ik na de zomer met uw Kamer.", "delen",
     "from 2025-09-02"),
    # an expectation only softens the timing of one's own delivery to the House
    ("Het wetsvoorstel wordt naar verwachting in het najaar bij uw Kamer ingediend.",
     "indienen", "in 2025-09-01..2025-11-30"),
    ("Ik verwacht de Kamer voor het einde van het jaar te informeren.", "informeren",
     "by 2025-12-31"),
])
def test_promise_shapes(text: str, act: str, deadline: str) -> None:
    found = acts(text)
    assert len(found) == 1, found
    assert (act == "" or found[0][0] == act) and found[0][1] == deadline, found


@pytest.mark.parametrize("text", [
    # someone else's delivery, forecast or coordinated clause
    "Ik verwacht dat de gemeenten u voor de zomer kunnen informeren.",
    "De inspectie verwacht het eindrapport eind mei op te kunnen leveren.",
    "Gemeenten hebben die plicht en zullen deze ook nakomen.",
    "De gemeente stelt jaarlijks een verslag op.",
    "Het RIVM ontwikkelt een nieuw rekenmodel.",
    # habits, work under way, reports and past decisions
    "Het kabinet stelt elk jaar een rapportage op.",
    "Momenteel stelt het ministerie een handreiking op.",
    "Ik heb laten onderzoeken of de regeling werkt.",
    "Het kabinet heeft besloten de regeling in 2020 aan te passen.",
    "Zoals wordt toegelicht in de Kamerbrief van 14 juli 2023, volstaat een toets.",
    # a copula is no passive; a condition, an apology, a stance, work on something
    "In de nota wordt duidelijk waar de kortingen worden neergelegd.",
    "Indien nodig zal ik aanvullende maatregelen nemen.",
    "Waar de situatie escaleert, zullen de bevoegde partijen worden ingeschakeld.",
    "Ik bied hiervoor mijn excuses aan.",
    "Ik wil de kleinere ziekenhuizen in de regio relevant houden.",
    "Het kabinet wil werken aan een mondiale agenda om de afspraken te realiseren.",
    "Ik laat het aan hen om te onderzoeken.",
    # a forecast of someone else's publication, sharing a concern, the letter in hand
    "De verwachting is dat de richtlijn begin 2026 kan worden gepubliceerd.",
    "Ik deel de zorgen van de gemeenten over de kosten.",
    "Deze brief stuur ik mede namens de minister van Financiën.",
    # what a document says is no act done in it
    "In de evaluatie wordt geconcludeerd dat de regeling werkt.",
    "In het rapport worden drie scenario's beschreven.",
    "In de strategie wordt uiteengezet hoe de aanpak werkt.",
    "In de brief van 5 maart wordt ingegaan op de kosten.",
    # a former minister is nobody in government
    "De heer Jansen, oud-minister van Financiën, is bereid het voorzitterschap op zich te nemen.",
])
def test_near_shapes_that_are_not_promises(text: str) -> None:
    assert acts(text) == []


def test_a_time_in_an_embedded_question_is_not_the_deadline() -> None:
    found = acts("Het kabinet zal op de conferentie uiteenzetten welke acties gepland staan "
                 "voor 2026.")
    assert found == [("uiteenzetten", "-")] or [d for _, d in found] == ["-"]


@pytest.mark.parametrize(("glued", "apart"), [
    ("Ik zalcliëntenorganisaties vragen", "Ik zal cliëntenorganisaties vragen"),
    ("In de nota wordtduidelijk waar", "In de nota wordt duidelijk waar"),
    ("Daar wil ikgraag in gesprek", "Daar wil ik graag in gesprek"),
    ("een aanpakwaarbij projecten", "een aanpak waarbij projecten"),
    ("de mogelijkheden teverkennen", "de mogelijkheden te verkennen"),
    ("de tarieven in2024", "de tarieven in 2024"),
    ("stelt hetkabinet een handreiking op", "stelt het kabinet een handreiking op"),
    # real words stay whole
    ("de zalen, de zalm, tevreden, een tekort, ikzelf, teleurstellen", None),
])
def test_unglue_separates_more_closed_class_words(glued: str, apart: str | None) -> None:
    assert unglue(glued) == (apart or glued)


def test_a_sentence_cut_across_paragraphs_is_joined() -> None:
    text = join_paragraphs(["3. Samenwerking. Ik wil ervoor", "zorgen dat ziekenhuizen meer "
                            "samenwerken.", "Een nieuwe alinea."])
    assert text == ("3. Samenwerking. Ik wil ervoor zorgen dat ziekenhuizen meer samenwerken."
                    "\n\nEen nieuwe alinea.")
    assert [a for a, _ in acts(text)] == ["zorgen"] or len(acts(text)) == 1


_WORDS = st.sampled_from(["Ik", "zal", "de", "Kamer", "informeren", "over", "het", "rapport",
                          "Het", "kabinet", "stuurt", "voor", "de", "zomer", "een", "brief"])


@given(st.lists(st.lists(_WORDS, min_size=1, max_size=8).map(" ".join), min_size=1,
                max_size=5))
def test_joining_paragraphs_only_replaces_breaks(paragraphs: list[str]) -> None:
    # the words and their order never change: a break becomes a space or stays a break
    joined = join_paragraphs(paragraphs)
    assert joined.split() == " ".join(paragraphs).split()
    assert joined.count("\n\n") <= len(paragraphs) - 1
