"""The sentence prefilter of discovery drops nothing discovery would find."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from monitor.parse import parse_file
from monitor.promises.discover import promises_in_text, reports_in_text
from monitor.promises.findings import read_answer
from monitor.promises.prefilter import (
    filtered,
    may_promise,
    may_report,
)
from monitor.track.analysis import Analysis, analyse
from tests.samples import ANSWER_2026, REAL_ANSWERS

# The labelled answers: the tests' real sample answers and the written dev classes.
TEXTS = sorted([ANSWER_2026, *REAL_ANSWERS.glob("*.txt"),
                *(Path(__file__).resolve().parent / "data" / "texts").glob("*.txt")])
DAY = date(2024, 11, 18)

_SUBJECTS = ["Ik", "Wij", "We", "Het kabinet", "De regering", "Nederland", "Ons land",
             "De minister", "De staatssecretaris", "Rijkswaterstaat", "RVO", "Het ministerie",
             "Defensie", "De gemeente", "Zij", "Uw Kamer", "Het rapport", "Daarbij", "Hierover",
             "Een besluit", "Dit", "Deze"]
_VERBS = ["zal", "zullen", "ga", "gaat", "wordt", "worden", "heb", "heeft", "is", "wil",
          "willen", "ben voornemens", "is voornemens", "informeer", "stuur", "stuurt", "kijkt",
          "werkt", "zond", "bood", "legt", "stelt", "laat", "kom", "ontvangt u", "zalik",
          "enzal", "heb ik", "zal ik", "wordt u", "werd"]
_MIDDLES = ["uw Kamer", "de Kamer", "voor de zomer", "in 2026", "vóór 1 oktober", "niet", "geen",
            "nader", "het rapport", "hierover", "op de hoogte", "in kennis", "de evaluatie",
            "de gevolgen", "binnenkort", "in de Defensienota 2026", "op 5 februari",
            "zoals eerder gemeld", "mogelijk", "naar verwachting", "in het antwoord op vraag 5",
            "door de gemeente", "met deze brief", "de stuw Borgharen", "u"]
_ENDS = ["informeren", "geïnformeerd", "gestuurd", "toegestuurd", "gepubliceerd", "sturen",
         "aangeboden", "uitgebracht", "gekeken", "meegenomen", "toegezegd", "onderzocht",
         "besloten", "komen", "terugkomen", "weten", "voorgelegd", "uitgenodigd", "toe",
         "aan", "te informeren", "gezonden", "opgesteld", "in", "verkennen", "respecteren"]
_SENTENCE = st.tuples(
    st.sampled_from(_SUBJECTS), st.sampled_from(_VERBS),
    st.lists(st.sampled_from(_MIDDLES), max_size=3), st.sampled_from(_ENDS),
    st.sampled_from([".", ".", "?", ";"]),
).map(lambda p: " ".join([p[0], p[1], *p[2], p[3]]) + p[4])


def _read(text: str, day: date) -> Analysis:
    return analyse(text, date=day)


# Short sentences from small pools (the likely misses are the plain ones), and one example of
# each class a cue list once lacked.
_SHORT = st.tuples(
    st.sampled_from(["We", "Uw Kamer", "Ons land", "De stuw", "Het ministerie"]),
    st.sampled_from(["wordt", "willen", "informeren", "heeft", "zal"]),
    st.sampled_from(["", "voor de zomer", "uw Kamer", "niet"]),
    st.sampled_from(["geïnformeerd", "sturen", "gestuurd", "aangeboden", "gekeken"]),
).map(lambda p: " ".join(w for w in p if w) + ".")


@settings(max_examples=400)
@given(st.lists(st.one_of(_SHORT, _SENTENCE), min_size=1, max_size=4).map(" ".join))
@example("Uw Kamer wordt voor de zomer geïnformeerd.")
@example("We informeren uw Kamer voor de zomer.")
@example("We willen de evaluatie sturen.")
@example("Hierover zalik uw Kamer informeren.")
@example("De subsidieregeling wordt voor 1 januari 2026 aangepast.")
def test_prefiltered_reading_equals_the_full_reading(text: str) -> None:
    assert promises_in_text(text, answer_date=DAY, read=filtered(_read, may_promise)) == \
        promises_in_text(text, answer_date=DAY, read=_read)
    assert reports_in_text(text, answer_date=DAY, read=filtered(_read, may_report)) == \
        reports_in_text(text, answer_date=DAY, read=_read)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_labelled_answers_read_the_same_with_and_without_prefilter(path: Path) -> None:
    document = parse_file(path)
    assert read_answer(document, DAY) == read_answer(document, DAY, prefilter=False)


def test_some_sentences_are_skipped() -> None:
    # Without this the property above would hold for a filter that lets everything through.
    assert not may_promise("Daarbij is nadrukkelijk gekeken naar de gevolgen.")
    assert not may_report("Het gaat hierbij om een complex vraagstuk.")
    assert may_promise("Uw Kamer wordt voor de zomer geïnformeerd.")
    assert may_report("Op 5 februari is de nota gepubliceerd.")

