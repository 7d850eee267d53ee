"""The verdicts a change can carry: their names, their Dutch labels and their order of weight.

A leaf module, so that the configuration (which checks the verdicts a subscription asks for),
the classifier that assigns them and the alerts and pages that show them share one list.
"""

from __future__ import annotations

from collections.abc import Sequence

VERDICTS = (
    "first_seen",
    "restated",
    "reworded",
    "position_changed",
    "timeline_changed",
    "figures_changed",
    "negation_flipped",
    "fulfilled",
    "changed",
)
# Verdicts that do not wake anyone up by default.
QUIET = frozenset({"restated", "reworded"})

VERDICTS_NL: dict[str, str] = {
    "first_seen": "voor het eerst gezien",
    "restated": "herhaald",
    "reworded": "anders verwoord",
    "position_changed": "positie gewijzigd",
    "timeline_changed": "termijn gewijzigd",
    "figures_changed": "cijfers gewijzigd",
    "negation_flipped": "ontkenning omgedraaid",
    "fulfilled": "nagekomen",
    "changed": "gewijzigd (niet zeker gelezen)",
}
# The most telling verdict comes first in a subject.
BY_WEIGHT = (
    "position_changed",
    "negation_flipped",
    "fulfilled",
    "timeline_changed",
    "figures_changed",
    "changed",
    "first_seen",
    "reworded",
    "restated",
)


def by_weight(verdicts: Sequence[str]) -> list[str]:
    """``verdicts`` with the most telling first; unknown ones keep their place at the end."""
    return [v for v in BY_WEIGHT if v in verdicts] + [v for v in verdicts if v not in BY_WEIGHT]


def verdict_label(verdict: str) -> str:
    """The Dutch label of a verdict (an unknown one reads as its words)."""
    return VERDICTS_NL.get(verdict, verdict.replace("_", " "))


def verdict_names(verdicts: Sequence[str]) -> list[str]:
    """The Dutch labels of ``verdicts``, most telling first."""
    return [verdict_label(v) for v in by_weight(verdicts)]
