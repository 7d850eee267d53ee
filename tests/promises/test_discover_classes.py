"""Discovery's classes of error found on real answers, each as a rule: third parties in the
sentence, the perfect tense, words glued by PDF extraction, the present for the future and the
bare passive (sentences written for these tests, not taken from the labelled set)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.promises.discover import normalise, promises_in_text
from monitor.promises.glue import unglue

DAY = date(2025, 2, 3)


def acts(text: str, day: date = DAY) -> list[tuple[str, str]]:
    return [(p.act, p.deadline.describe())
            for p in promises_in_text(text, answer_date=day, identifier="ah-x", questions=(1,))]


@pytest.mark.parametrize(("text", "act", "deadline"), [
    # (d) the present for the future, with a time ahead of the answer
    ("In het najaar stuur ik uw Kamer de uitwerking van het stelsel.", "sturen",
     "in 2025-09-01..2025-11-30"),
    ("Medio 2026 start het kabinet een proef met rekeningrijden in twee regio's.", "starten",
     "in 2026-06-01..2026-07-31"),
    ("Voor de zomer neem ik een besluit over de toekomst van de regeling.", "besluiten",
     "by 2025-07-03"),
    # (e) the passive without "zal", with a time ahead and nobody else named
    ("De nieuwe richtlijn wordt voor 1 september vastgesteld.", "vaststellen", "by 2025-08-31"),
    ("Het rapport wordt in het voorjaar van 2026 aan uw Kamer aangeboden.", "aanbieden",
     "in 2026-03-01..2026-05-31"),
    # (b) a commitment restated in the perfect, with its act in a clause of its own
    ("Ik heb uw Kamer toegezegd dat ik voor het kerstreces terugkom op de evaluatie.",
     "terugkomen", "by 2025-12-18"),
    ("Ik heb toegezegd de Kamer voor 1 mei te informeren over de wachtlijsten.", "informeren",
     "by 2025-04-30"),
    # a future interrupted by a report: the time still belongs to the promise
    ("Het kabinet zal, nadat de Raad van State heeft geadviseerd, het voorstel in het najaar "
     "indienen.", "zullen", "in 2025-09-01..2025-11-30"),
    # (c) glued words
    ("Ikstuur uw Kamer voor de zomer het plan van aanpak.", "sturen", "by 2025-07-03"),
    ("Daaromzal ik de regels voor 1 januari 2026 wijzigen.", "wijzigen", "by 2025-12-31"),
])
def test_promises_of_the_error_classes(text: str, act: str, deadline: str) -> None:
    assert acts(text) == [(act, deadline)]


@pytest.mark.parametrize("text", [
    # (a) another actor, though "ik" or "het kabinet" is in the sentence
    "Ik steun het plan dat de Europese Commissie in juni presenteert.",
    "Ik verwacht dat de netbeheerders voor het einde van het jaar hun plannen publiceren.",
    "Ik heb toegezegd dat de inspectie het onderzoek in het najaar afrondt.",
    "Het kabinet ontvangt in het najaar het advies van de Raad voor het Openbaar Bestuur.",
    # (b) reports in the perfect
    "Ik heb uw Kamer op 20 januari geïnformeerd over de voortgang.",
    "De evaluatie is op 10 januari aan uw Kamer toegestuurd.",
    # (d) the present without a time ahead: policy under way
    "Het kabinet komt de gemeenten tegemoet in de kosten van de opvang.",
    "In het najaar van 2023 startte ik een proef met digitale inschrijving.",
    "Ook na 2026 blijft het kabinet investeren in de regio.",
    # (e) passives of somebody else, of a running period, or expected only
    "Het advies wordt in het najaar door de Gezondheidsraad uitgebracht.",
    "De aanvragen worden doorgaans binnen acht weken beoordeeld.",
    "Naar verwachting wordt de compensatie in het najaar uitgekeerd.",
    # (c) a glued report is still a report
    "Ikheb uw Kamerop 4 januari geïnformeerd over de stand van zaken.",
])
def test_not_promises_of_the_error_classes(text: str) -> None:
    assert acts(text) == []


_PRESENTS = [
    "{time} stuur ik uw Kamer de evaluatie van de regeling.",
    "{time} start het kabinet een proef met de nieuwe aanpak.",
    "{time} organiseer ik een bijeenkomst met de provincies.",
]


@given(st.dates(date(2015, 1, 1), date(2035, 12, 31)), st.sampled_from(_PRESENTS),
       st.integers(1, 3))
def test_a_present_promises_only_with_a_time_ahead(day: date, template: str, years: int) -> None:
    ahead = template.format(time=f"In het najaar van {day.year + years}")
    behind = template.format(time=f"In het najaar van {day.year - years}")
    found = promises_in_text(ahead, answer_date=day)
    assert len(found) == 1
    assert found[0].deadline.first == date(day.year + years, 9, 1)
    assert promises_in_text(behind, answer_date=day) == []


@given(st.dates(date(2015, 1, 1), date(2035, 12, 31)), st.integers(1, 200))
def test_a_bare_passive_promises_only_before_its_limit(day: date, days: int) -> None:
    limit = day + timedelta(days=days)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]
    when = f"uiterlijk {limit.day} {months[limit.month - 1]} {limit.year}"
    found = promises_in_text(f"De regeling wordt {when} aangepast.", answer_date=day)
    assert [p.deadline.last for p in found] == [limit]


@given(st.text(alphabet=st.sampled_from(list("abdegiklmnorstuzKI .,\n")), max_size=200))
def test_unglue_only_inserts_spaces(text: str) -> None:
    assert normalise(unglue(text)) == normalise(text)
    assert unglue(text).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(("glued", "apart"), [
    ("Ikinformeer uw Kamer", "Ik informeer uw Kamer"),
    ("Het kabinetstuurt de brief", "Het kabinet stuurt de brief"),
    ("Daaromzal ik", "Daarom zal ik"),
    ("uw Kamerinformeren", "uw Kamer informeren"),
    ("uw Kamerop 4 maart", "uw Kamer op 4 maart"),
    # real words stay whole
    ("de Kamerbrief, de Kamervoorzitter, de kabinetsreactie, ikzelf", None),
])
def test_unglue_separates_closed_class_words(glued: str, apart: str | None) -> None:
    assert unglue(glued) == (apart or glued)
