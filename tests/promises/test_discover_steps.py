"""The fifth version's classes, each a rule over the shape of the language (sentences written
for these tests in our own words, not taken from any labelled split): vehicles only pointed
at, steps of a plan with nobody named, the future perfect, agencies as actors, an aim of our
own ("Inzet is om"), acts named as nouns, commitments reported from a letter, "Hierbij" as "in
doing so"; and the near misses beside each."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.model import Answer, Document, Kind
from monitor.promises.discover import promises_in_text
from monitor.promises.findings import read_answer
from monitor.promises.prefilter import may_promise

DAY = date(2025, 3, 10)


def found(text: str, day: date = DAY) -> list[tuple[str, str]]:
    return [(p.act, p.deadline.describe())
            for p in promises_in_text(text, answer_date=day, identifier="ah-x", questions=(1,))]


PROMISES = [
    # a document to come, only pointed at: the clause cut after "In" is joined again
    ("In die brief zal ik ook ingaan op de kosten van de regeling.", "ingaan", "-"),
    ("In die reactie zal worden ingegaan op de aanbevelingen.", "ingaan", "-"),
    ("Hierin worden ook de ervaringen van de gemeenten meegenomen.", "meenemen", "-"),
    # steps of a plan in the present passive, and "er komt" a thing the government makes
    ("Ten tweede wordt een toetsingskader voor nieuwe locaties opgesteld.", "opstellen", "-"),
    ("De inspecties op de bouwplaatsen worden verscherpt.", "verscherpen", "-"),
    ("Daarnaast wordt de regeling voor mantelzorgers uitgebreid.", "uitbreiden", "-"),
    ("Tot slot komt er voor elke regio een uitvoeringsplan.", "komen", "-"),
    # the future perfect of an act, nobody named
    ("Voor 1 januari 2026 zal de herziening van de regeling zijn afgerond.", "afronden",
     "by 2025-12-31"),
    ("Dan zal ook het eindrapport van de commissie gepubliceerd zijn.", "publiceren", "-"),
    # an executive agency acts for the government, also after a fronted adverbial
    ("De NVWA zal de controles op de import van vis intensiveren.", "intensiveren", "-"),
    ("Daarnaast gaat de Dienst Toeslagen een proef uitvoeren met automatische toekenning.",
     "uitvoeren", "-"),
    # an aim of our own
    ("Inzet is om de wetswijziging uiterlijk eind 2025 te hebben afgerond.", "afronden",
     "by 2025-12-31"),
    ("Het streven is om de regeling in het najaar van 2026 in te voeren.", "invoeren",
     "in 2026-09-01..2026-11-30"),
    ("Ik streef ernaar het wetsvoorstel voor de zomer in te dienen.", "indienen",
     "by 2025-07-03"),
    # "in te dienen", "dient ... in": filing, not a duty; a copula before "te" is no act
    ("Ik ben voornemens het wetsvoorstel voor de zomer in te dienen.", "indienen",
     "by 2025-07-03"),
    ("Het kabinet dient het wetsvoorstel voor de zomer in.", "indienen", "by 2025-07-03"),
    # examining an open question, in the passive; a present act put into a step to come
    ("In overleg met de sector wordt bezien welke aanvullende maatregelen nodig zijn.",
     "bezien", "-"),
    ("Ik neem uw suggestie mee bij de herziening van de regeling.", "meenemen", "-"),
    # a plan of ours said as a "dat"-clause, with a time ahead
    ("De planning is dat het wetsvoorstel in het voorjaar van 2026 naar de Raad van State "
     "gaat.", "gaan", "in 2026-03-01..2026-05-31"),
    ("Het is de bedoeling dat uw Kamer hierover in het najaar wordt geïnformeerd.",
     "informeren", "in 2025-09-01..2025-11-30"),
    # keeping the House informed; "komen met" a document is a delivery
    ("Ik houd uw Kamer op de hoogte van de ontwikkelingen.", "informeren", "-"),
    ("Het kabinet komt in het voorjaar met een reactie op het advies.", "presenteren",
     "in 2025-03-01..2025-05-31"),
    # an act named as a noun
    ("Besluitvorming over de verlenging van de regeling zal in het najaar plaatsvinden.",
     "besluiten", "in 2025-09-01..2025-11-30"),
    # a commitment reported from our own letter or words
    ("In de brief van 3 februari is aangegeven dat de regeling zal worden verlengd.",
     "verlengen", "-"),
    ("Ik heb in mijn brief van 10 januari aangegeven dat ik de subsidie wil verhogen.",
     "verhogen", "-"),
    # "Hierbij" as "in doing so"
    ("Hierbij zal ik ook de ervaringen van de huurders betrekken.", "betrekken", "-"),
    # deadlines: as soon as possible; a date of the topic is not the promise's
    ("Ik stuur uw Kamer op een zo kort mogelijke termijn de evaluatie.", "sturen",
     "op een zo kort mogelijke termijn"),
    ("Ik zal uw Kamer informeren over de gevolgen van de overgang per 1 januari 2026.",
     "informeren", "-"),
    ("Over de overgang per 1 juli 2026 informeer ik uw Kamer in het najaar.", "informeren",
     "in 2025-09-01..2025-11-30"),
    ("Ik informeer uw Kamer voor de zomer over de overgang per 1 januari 2026.", "informeren",
     "by 2025-07-03"),
    ("Ik informeer uw Kamer over de voortgang voor de zomer.", "informeren", "by 2025-07-03"),
    ("De regeling wordt per 1 januari 2026 aangepast.", "aanpassen", "from 2026-01-01"),
]


@pytest.mark.parametrize(("text", "act", "deadline"), PROMISES)
def test_promises_of_the_fifth_classes(text: str, act: str, deadline: str) -> None:
    assert found(text) == [(act, deadline)]


NOT_PROMISES = [
    # responsibility and carrying on, not a future "gaan"
    "Gemeenten gaan over de toewijzing van sociale huurwoningen.",
    "Ik ga door met de gesprekken met de sector.",
    # a reference inside the answer
    "Hieronder ga ik in op de kosten.",
    # consequences
    "Hierdoor zal de wachttijd worden verkort.",
    "Hierdoor zal de uitstoot in 2030 zijn gedaald.",
    # someone else's instrument or doer in a passive
    "Vanaf 2027 wordt het Europese emissiehandelssysteem uitgebreid naar de scheepvaart.",
    "De aanvragen worden door de gemeente beoordeeld.",
    "Op basis van die gegevens worden door gemeenten nieuwe lijsten opgesteld.",
    # the answer delivering itself
    "Hierbij stuur ik u de antwoorden op de vragen.",
    # work under way, habits, duties, permissions, a list announced
    "De regels worden al strenger gehandhaafd.",
    "De subsidie wordt jaarlijks verhoogd met de inflatie.",
    "Het programma moet worden aangepast zodat het aansluit bij de afspraken.",
    "Alleen de gegevens van deelnemers mogen worden vastgelegd.",
    "Het toezicht wordt op drie punten versterkt:",
    # "er komen" of what nobody makes; an event without an act of ours
    "Er komen steeds meer aanvragen voor de regeling.",
    "Eind december vindt een eerste overleg plaats met de sector.",
    # reports of someone else's words
    "De gemeente heeft aangegeven dat de regeling zal worden aangepast.",
    "In de brief van de VNG is aangegeven dat de tarieven zullen worden verhoogd.",
    "Inzet van de gemeenten is om de wachtlijsten te verkleinen.",
    "Het streven van de gemeenten is om de wachtlijsten te verkleinen.",
    "Gemeenten streven ernaar de wachttijden te verkorten.",
    "Ik streef naar een goede balans tussen de belangen.",
    "De gemeente dient de aanvraag voor 1 juli in te dienen.",
    "Het wetsvoorstel moet voor de zomer worden ingediend.",
    "Meldingen worden onderzocht door het meldpunt.",
    "In de gekozen aanpak worden de bestaande netwerken versterkt.",
    "Binnen het programma worden nieuwe lesmethoden ontwikkeld.",
    "Het kabinet komt de gemeenten tegemoet met een compensatie.",
    "De sector komt met een plan van aanpak.",
    "Ik neem uw opmerking voor kennisgeving aan.",
    "Het is de bedoeling dat gemeenten voor 1 juli een plan indienen.",
    "De verwachting is dat de regeling per 1 januari 2026 in werking treedt.",
    "De planning is dat het project in 2023 is afgerond.",
    # what an existing document says, and reports of what was done
    "Hierin wordt ingegaan op de oorzaken van de vertraging.",
    "In het rapport wordt de regeling beschreven.",
    "De NVWA heeft de controles in 2024 geïntensiveerd.",
    "De controles zijn in 2024 verscherpt.",
    # somebody else's future after "vertrouwen in dat"
    "Ik heb er vertrouwen in dat de aanbieders zullen voldoen aan de regels.",
]


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_near_misses_of_the_fifth_classes(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", [t for t, _, _ in PROMISES])
def test_the_prefilter_keeps_every_new_shape(text: str) -> None:
    assert may_promise(text)


def test_an_answer_reads_the_same_with_and_without_the_prefilter() -> None:
    paragraphs = [t for t, _, _ in PROMISES] + NOT_PROMISES
    doc = Document(identifier="ah-x", kind=Kind.ANSWER, date_received=DAY,
                   answers=[Answer(numbers=[1], paragraphs=paragraphs)])
    with_filter = read_answer(doc, DAY, prefilter=True)
    without = read_answer(doc, DAY, prefilter=False)
    assert with_filter.promises == without.promises
    assert len(with_filter.promises) == len(PROMISES)
