"""Question and answer labels in extracted text: "Vraag 3", "Antwoorden 5 en 6", "Vragen 2 t/m 6"
(see ``_LABEL`` for every variant)."""

from __future__ import annotations

import re

from monitor.parse.refs import parse_label_numbers

LABEL_WORDS = r"(?:Vraag|Vragen|Antwoord|Antwoorden)"
# "Vraag 3", "Vragen 3 en 4", "Vraag 2 t/m 6", "Vraag 7, 8, 9 10 en 11", "Antwoord op vraag 3",
# "Antwoord vraag 7", "Antwoorden 5 en 6", "Vraag 1: tekst", and a bare "Antwoord" (the answer
# to the questions before it); a label never has more than three digits to a number
_LABEL = re.compile(
    r"^(?P<word>Vraag|Vragen|Antwoord|Antwoorden)(?:\s+op)?(?:\s+(?:de\s+)?(?:vraag|vragen))?"
    r"(?:\s*(?P<nums>\d{1,3}(?:(?:\s*(?:,|en|t/m|tot en met|[-–])\s*|\s+)\d{1,3})*)(?!\d))?"
    r"\s*(?:[:.]\s*(?P<rest>\S.*)?)?$"
)


def read_label(line: str) -> tuple[str, list[int], str] | None:
    """(unit kind, numbers, text after a colon) of a label line, or None."""
    # every label starts with "Vra" or "Antw": a cheap test before the pattern
    match = _LABEL.match(line) if line.startswith(("Vra", "Antw")) else None
    if not match:
        return None
    question = match["word"].lower().startswith("vra")
    numbers = parse_label_numbers(match["nums"] or "")
    if not numbers and (question or match["nums"]):
        return None  # a question label always has a number; so has "Antwoord 10000"
    return ("label-vraag" if question else "label-antwoord"), numbers, match["rest"] or ""


def is_label(line: str) -> bool:
    found = read_label(line)
    return found is not None and bool(found[1])
