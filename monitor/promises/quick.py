"""A cue of several patterns, each scanned on its own: the same answer as their alternation,
in a fraction of the time.

Python's ``re`` skips ahead to where a match can start only when every alternative of a pattern
starts with a known letter; one alternative that starts with a word boundary ("\\bga") or a
look-behind makes it try every alternative at every position of the sentence. The cues are
scanned over every sentence of every answer, so the alternatives that start with a letter are
one pattern (which ``re`` scans quickly) and those that start a word another, with the
boundary taken out in front (tested once per position, not once per alternative).
"""

from __future__ import annotations

import re
from typing import Protocol


class Cue(Protocol):
    """What the sentence filters ask of a cue: does it occur in this (lower-case) text."""

    def search(self, string: str, /) -> object: ...


class AnyOf:
    """A cue that occurs where any of ``patterns`` does."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        self.patterns = patterns

    def search(self, string: str, /) -> bool:
        return any(p.search(string) is not None for p in self.patterns)


# The letters a case-blind scan sees as an ASCII letter that str.lower() does not make one (or
# that lower to two characters, moving what follows): tests/promises/test_quick.py derives them
# from Unicode.
FOLDS_APART = frozenset("\u0130\u0131\u017f")  # İ, dotless ı, long ſ


class CaseBlind:
    """A pattern of lower-case words matched whatever their case.

    ``re.IGNORECASE`` costs several times the scan of the lower-case text; the two give the same
    answer for every text without a letter of FOLDS_APART, and a text with one is scanned
    case-blind as before.
    """

    __slots__ = ("blind", "low")

    def __init__(self, source: str) -> None:
        self.low = re.compile(source)
        self.blind = re.compile(source, re.IGNORECASE)

    def search(self, text: str, low: str | None = None) -> bool:
        """Whether the pattern occurs in ``text`` (``low``: its ``lower()``, where the caller
        has it)."""
        if FOLDS_APART.isdisjoint(text):
            return self.low.search(text.lower() if low is None else low) is not None
        return self.blind.search(text) is not None
