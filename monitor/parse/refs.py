"""Cross-references inside an answer: "Zie antwoord op de vragen 1 tot en met 4"."""

from __future__ import annotations

import re
from collections.abc import Iterable

# "2", "2 en 3", "1, 2 en 5", "1 tot en met 4", "1 t/m 4", "1-4"
_NUM_LIST = r"\d{1,3}(?:\s*(?:,|en|t/m|tot\s+en\s+met|tot|[-–])\s*\d{1,3}(?![\d%]))*"
_REFERENCE = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden)\s+(?:op\s*)?(?:de\s+)?(?:vraag\s+|vragen\s+)?"
    r"(?P<nums>" + _NUM_LIST + r")(?![\d%,.]\d)(?!\s*%)",
    re.IGNORECASE,
)
# "vragen 2 en 3 van het lid X (Aanhangsel ..., nr. 1045)" points to another publication
_EXTERNAL = re.compile(
    r"^\s*(?:van\s+(?:het\s+lid|de\s+leden|lid|leden)\b|\(?\s*(?:Aanhangsel|Kamerstuk|nr\.))",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(,|en|t/m|tot\s+en\s+met|tot|[-–])\s*", re.IGNORECASE)


def expand_numbers(text: str) -> list[int]:
    """"1 tot en met 4" -> [1, 2, 3, 4]; "2, 3 en 5" -> [2, 3, 5]."""
    tokens = _SPLIT.split(text.strip())
    numbers: list[int] = []
    previous: int | None = None
    range_open = False
    for token in tokens:
        token = token.strip().lower()
        if not token:
            continue
        if token.isdigit():
            value = int(token)
            if range_open and previous is not None and previous < value <= previous + 200:
                numbers.extend(range(previous + 1, value + 1))
            else:
                numbers.append(value)
            previous = value
            range_open = False
        else:
            range_open = token not in {",", "en"}
    return numbers


def find_references(
    paragraphs: Iterable[str], *, own: Iterable[int], existing: Iterable[int]
) -> list[int]:
    """Question numbers the text points to, limited to questions of this document."""
    own_set, existing_set = set(own), set(existing)
    found: list[int] = []
    for paragraph in paragraphs:
        for match in _REFERENCE.finditer(paragraph):
            if _EXTERNAL.match(paragraph[match.end() :]):
                continue
            for number in expand_numbers(match["nums"]):
                if number in existing_set and number not in own_set and number not in found:
                    found.append(number)
    return sorted(found)


def parse_label_numbers(text: str) -> list[int]:
    """Numbers of a label such as "Vraag 4 en 5" or "Antwoord 2, 3" (text after the word)."""
    return expand_numbers(text)
