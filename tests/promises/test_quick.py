"""The fast cue scans give the answers of the patterns they stand for."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from monitor.promises import prefilter
from monitor.promises.cues import HINT
from monitor.promises.quick import FOLDS_APART, AnyOf, CaseBlind


def _letters_folding_apart(letters: str) -> set[str]:
    """Every character a case-blind scan takes for one of ``letters`` that ``lower()`` does not
    turn into it, or that lowers to more than one character, or whose lower case is of another
    class (word, space) than itself."""
    blind = re.compile(f"[{letters}]", re.IGNORECASE)
    word, space = re.compile(r"\w"), re.compile(r"\s")
    out: set[str] = set()
    for cp in range(128, sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or (blind.fullmatch(c) and low not in letters) \
                or bool(word.fullmatch(c)) != bool(word.fullmatch(low)) \
                or bool(space.fullmatch(c)) != bool(space.fullmatch(low)):
            out.add(c)
    return out


def test_folds_apart_is_every_letter_the_lower_case_text_would_miss() -> None:
    letters = "abcdefghijklmnopqrstuvwxyzï"
    assert _letters_folding_apart(letters) == set(FOLDS_APART)
    # the patterns read this way hold no other letters (escapes such as \W aside)
    for source in (prefilter._GOV_CUE.low.pattern, prefilter._REPORT_CUE.low.pattern):
        assert {c for c in re.sub(r"\\.", "", source) if c.isalpha()} <= set(letters)


_WORDS = st.sampled_from(["Ik", "WIJ", "we", "weten", "Kabinet", "Minister", "ministerie",
                          "de", "Kamer", "geïnformeerd", "GEÏNFORMEERD", "İk", "ı", "ſ",
                          "\u212aamer", "rvo", "Nederlandse  Voedsel", "_ik", "x", "1"])


@given(st.lists(_WORDS, max_size=8), st.sampled_from([" ", "", "-", "_", "\n"]))
def test_case_blind_answers_as_ignorecase(words: list[str], sep: str) -> None:
    text = sep.join(words)
    for cue in (prefilter._GOV_CUE, prefilter._REPORT_CUE):
        assert cue.search(text) == bool(cue.blind.search(text))
        assert cue.search(text, text.lower()) == bool(cue.blind.search(text))


def test_case_blind_finds_the_word_in_any_case_and_only_the_word() -> None:
    cue = CaseBlind(r"\bkamer\b")
    assert cue.search("Uw KAMER wordt geïnformeerd")
    assert cue.search("uw \u212aamer")  # the Kelvin sign lowers to k
    assert CaseBlind(r"\bons\b").search("voor on\u017f")  # a long s, scanned case-blind
    assert not cue.search("de kamerbrief")


def test_any_of_is_the_alternation_of_its_parts() -> None:
    cue = AnyOf(re.compile(r"zal"), re.compile(r"\b(?:ga|kom)\b"))
    assert cue.search("ik zal")
    assert cue.search("dan ga ik") and cue.search("kom")
    assert not cue.search("dagaan") and not cue.search("welkom")


_OLD_HINT = re.compile(
    r"zal|zullen|\bga|gaan\b|gaat\b|informeer|stuur|\bzend|\bkom|\bwil|voornemens|van\s+plan|"
    r"toegezegd|toezeg|word|ontvangt|beoog|streef|bereid|\bintentie|publiceer|bied\s|rapporteer|"
    r"bericht|presenteer|voorleg|leg\w*\s.*\bvoor\b|"
    r"\b(?:stel|werk)\w*\s.*\b(?:op|uit)\b|\bneem\w*\s.*\b(?:deel|op|mee)\b|"
    r"\bontwikkel(?:t|en)?\b|\bla(?:at|ten)\b|verwacht|"
    r"\b(?:inzet|streven|voornemen|intentie|bedoeling|planning)\b(?:\s+[\w'’-]+){0,6}?\s+"
    r"(?:is|blijft)(?:\s+erop\s+gericht)?\s+(?:om|dat)\b|\bis\s+(?:de\s+|ons\s+|mijn\s+)?"
    r"(?:bedoeling|planning|streven|voornemen|inzet)\s+(?:om|dat)\b|\bstre(?:ef|eft|ven)\b"
    r"|plaatsvind|\bplaats\b|hierin|daarin|hoogte")

_HINT_WORDS = st.sampled_from(
    ["zal", "ga", "dagaan", "gaat", "zend", "verzend", "kom", "welkom", "wil", "intentie",
     "stel", "opstel", "op", "uit", "neem", "deel", "ontwikkelt", "laat", "plaats", "plaatsen",
     "inzet", "is", "om", "dat", "de", "bedoeling", "streeft", "hierin", "hoogte", "leg",
     "voor", "bied", "x", "werkt", "mee"])


@given(st.lists(_HINT_WORDS, max_size=10), st.sampled_from([" ", "", "-"]))
def test_hint_answers_as_the_one_alternation_it_was(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert HINT.search(text) == bool(_OLD_HINT.search(text))
