"""Cheap cues a sentence must hold before discovery reads it (the analysis is what costs).

Derived from the rules of :mod:`monitor.promises.discover`, each cue list a superset:

- a promise is a clause of the government (its actor: ik/wij/we, het kabinet, de regering,
  Nederland/ons land, Defensie, a minister or staatssecretaris, a ministry, Rijks- agency, RVO,
  the executive agencies of cues.AGENCIES), a passive ("wordt/worden"), a glued first-person
  future (discover's own pattern), or a step with nobody named (monitor/promises/steps.py and
  roles.py: "er komt", a future perfect "zal ... zijn", an act named as a noun, "Inzet is
  om");
- a report is a perfect/past act of the government, or one whose clause names the Kamer, or a
  delivery's participle (discover's own table).

A span without any cue cannot yield a promise or a report, so it is not analysed. The property
tests in tests/promises/test_prefilter.py hold this against the unfiltered reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from monitor.promises.cues import AGENCIES, AIM, GLUED_FUTURE
from monitor.promises.promise import Reader
from monitor.promises.quick import CaseBlind
from monitor.promises.reports import PARTICIPLES
from monitor.promises.roles import NOMINAL_ACTS
from monitor.track.analysis import Analysis
from monitor.track.analysis.reading import prepare

# Every word a government actor is recognised by (patterns.GOV_ACTORS and discover's
# _GOV_SUBJECT), where a token or word starts; "ons" stands for "ons land", "minister" also for
# ministerie/minister-president, "rijk" for Rijkswaterstaat and Rijksdienst. The pronouns must
# be whole words ("we" starts "weten").
_GOV = (r"(?<![^\W_])(?:nederland|ons|kabinet|regering|defensie|minister|staatssecretaris|rijk|"
        r"rvo|" + AGENCIES + r"|(?:ik|wij|we)(?![^\W_]))")
_GOV_CUE = CaseBlind(_GOV)
# A promise nobody is named in is a passive ("wordt/worden": of a delivery, a future, or any
# act with a time ahead): the plain word "word", tested in may_promise.
_STEP_CUE = re.compile(r"\ber\s+kom|\bkom\w*\s+er\b|" + AIM + r"|"
                       r"(?:zal|zullen)\b.*\b(?:zijn\s+\w*(?:ge|ver|be|ont|her|er)\w+[dtn]|"
                       r"\w*(?:ge|ver|be|ont|her|er)\w+[dtn]\s+zijn)\b|"
                       r"(?:" + "|".join(NOMINAL_ACTS) + r")\b.*\b(?:plaats|volg|start|begin|"
                       r"gebeur)")
_REPORT_CUE = CaseBlind(_GOV + r"|kamer|" + "|".join(map(re.escape, PARTICIPLES)))


@lru_cache(maxsize=256)
def _text(span: str) -> str:
    # What the analysis reads (prepared), with discover's whitespace: its rules see no other.
    # Cached: an answer's promise and report readings ask for the same spans.
    return " ".join(prepare(span).split())


def may_promise(span: str) -> bool:
    """False only when no sentence of ``span`` can be read as a promise."""
    text = _text(span)
    low = text.lower()
    # The passive cue is a plain word: a substring test, before the scans (most sentences of
    # an answer hold "wordt" or "worden").
    if "word" in low or _GOV_CUE.search(text, low):
        return True
    return bool(GLUED_FUTURE.search(low) or _STEP_CUE.search(low))


def may_report(span: str) -> bool:
    """False only when no sentence of ``span`` can be read as a report."""
    return _REPORT_CUE.search(_text(span))


def filtered(read: Reader, cue: Callable[[str], bool]) -> Reader:
    """``read`` for spans with a cue; an empty reading (no sentences) for the others."""

    def reader(text: str, day: date) -> Analysis:
        return read(text, day) if cue(text) else Analysis(text, ())

    return reader
