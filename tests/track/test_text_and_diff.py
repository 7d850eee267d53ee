"""Sentence spans, term matching, normalisation and the word diff."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from monitor.track.diff import word_diff
from monitor.track.extract import refers_back
from monitor.track.text import normalise, sentence_spans, term_pattern
from tests.samples import ANSWER_2026


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text)]


def test_sentences_keep_dutch_abbreviations_and_references_together() -> None:
    text = (
        "In de Beleidsanalyse (Kamerstuk 31125, nr. 143) wordt o.a. onderzocht of dit kan, "
        "bijv. via het EDF, d.w.z. het fonds. Dat gebeurt op 19 mei 2026. "
        "Nederland doet mee aan het programma (EDIP). Mr. J. de Vries is het eens.\n\n"
        "Een nieuwe alinea zonder punt"
    )
    assert _sentences(text) == [
        "In de Beleidsanalyse (Kamerstuk 31125, nr. 143) wordt o.a. onderzocht of dit kan, "
        "bijv. via het EDF, d.w.z. het fonds.",
        "Dat gebeurt op 19 mei 2026.",
        "Nederland doet mee aan het programma (EDIP).",
        "Mr. J. de Vries is het eens.",
        "Een nieuwe alinea zonder punt",
    ]


def test_real_answer_sentences_are_exact_spans() -> None:
    text = ANSWER_2026.read_text(encoding="utf-8")
    sentences = _sentences(text)
    assert "Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd." in sentences
    assert any(s.startswith("In de Economische Beleidsanalyse Defensie-industrie (Kamerstuk "
                            "31125, nr. 143) wordt") for s in sentences)


@given(st.text(alphabet="abc. \nDE1(),", max_size=80))
def test_spans_are_ordered_and_trimmed(text: str) -> None:
    last = 0
    for span in sentence_spans(text):
        assert last <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        last = span.end


def test_terms_tolerate_hyphenation_case_and_inflection() -> None:
    pattern = re.compile(term_pattern("Europees Defensie-Industrie Programma"))
    for hit in ("Europees Defensie-Industrie Programma", "Europees Defensie-industrieprogramma",
                "europese defensie industrie programma", "Europese Defensie-Industrieprogramma's"):
        assert pattern.search(hit), hit
    for miss in ("de Europese defensie-industrie", "Europees Defensiefonds"):
        assert not pattern.search(miss), miss
    edip = re.compile(term_pattern("EDIP"))
    assert edip.search("deelname aan EDIP.") and not edip.search("EDIPUS")


def test_refers_back_words() -> None:
    for s in ("Hierover wordt uw Kamer geïnformeerd.", "Daarmee is het besluit genomen.",
              "Dit betekent dat Nederland meedoet.", "Tweede Kamer, vergaderjaar 2025–2026, "
              "Aanhangsel Hierover wordt uw Kamer geïnformeerd."):
        assert refers_back(s), s
    for s in ("Daarnaast is Nederland voornemens.", "Nederland neemt deel.", "Hiernamaals."):
        assert not refers_back(s), s


def test_normalise_ignores_form_not_words() -> None:
    a = "Nederland is voornemens deel te nemen aan het ‘Defensie-Industrie Programma’ (EDIP)1."
    b = "nederland is  voornemens deel te nemen aan het \"Defensie-industrie programma\" (EDIP)."
    assert normalise(a).replace(" ", "") == normalise(b).replace(" ", "")
    assert normalise("€ 1,5 miljoen") != normalise("€ 1,6 miljoen")


def test_diff_widens_to_words_and_escapes_html() -> None:
    d = word_diff("Het duurt 12 jaren <lang> & meer.", "Het duurt 14 jarenlang <lang> & meer.")
    assert d.kind == "diff"
    assert d.text == "Het duurt [-12-]{+14+} [-jaren-]{+jarenlang+} <lang> & meer."
    assert d.html == (
        "Het duurt <del>12</del><ins>14</ins> <del>jaren</del><ins>jarenlang</ins> "
        "&lt;lang&gt; &amp; meer."
    )


def test_very_dissimilar_texts_are_replaced() -> None:
    d = word_diff("Nederland doet mee.", "Het kabinet heeft besloten af te zien van EDIP wegens "
                  "de kosten en de planning.")
    assert d.kind == "replaced"
    assert d.text.startswith("[-Nederland doet mee.-]{+Het kabinet")
    assert word_diff(None, "Nieuw.").text == "{+Nieuw.+}"


_words = st.lists(st.sampled_from(["Nederland", "neemt", "deel", "aan", "EDIP", "niet", "2026",
                                   "de", "zal", "voornemens", "programma’s", "€"]), max_size=12)


@given(_words, _words)
def test_diff_reconstructs_both_texts_on_word_boundaries(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    d = word_diff(old, new)
    assert "".join(t for op, t in d.ops if op != "+") == old
    assert "".join(t for op, t in d.ops if op != "-") == new
    if d.kind == "diff":
        for i, (op, text) in enumerate(d.ops):
            if op == "=" or not text:
                continue
            # an edit never starts or ends inside a word
            if i > 0 and d.ops[i - 1][0] == "=":
                assert not (d.ops[i - 1][1][-1:].isalnum() and text[:1].isalnum())
            if i + 1 < len(d.ops) and d.ops[i + 1][0] == "=":
                assert not (text[-1:].isalnum() and d.ops[i + 1][1][:1].isalnum())
