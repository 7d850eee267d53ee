"""Cross-references inside an answer: "Zie antwoord op de vragen 1 tot en met 4"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# "2", "2 en 3", "1, 2 en 5", "1 tot en met 4", "1 t/m 4", "1-4"
_NUM_LIST = r"\d{1,3}(?:\s*(?:,|en|t/m|tot\s+en\s+met|tot|[-–])\s*\d{1,3}(?![\d%]))*"
_REFERENCE = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden)\s+(?:op\s*)?(?:de\s+)?(?:vraag\s+|vragen\s+)?"
    r"(?P<nums>" + _NUM_LIST + r")(?![\d%,.]\d)(?!\s*%)",
    re.IGNORECASE,
)
_REFERENCE_GLUED = re.compile(_REFERENCE.pattern[2:], re.IGNORECASE)  # without the leading \b
_GLUE_WORDS = ("van", "op", "bij", "naar", "zie", "de", "het", "mijn")
_GLUED_WORD = re.compile(r"(?:^|\W)(?:" + "|".join(_GLUE_WORDS) + r")$")
_GLUE_TAILS = frozenset(word[-2:].encode() for word in _GLUE_WORDS)
_REPLACED, _SPACE = ord("?"), ord(" ")  # a character outside ASCII in the ASCII-lowered copy
# whether an ASCII-lowered byte is a letter or digit; "?" stands for any other character, which
# the paragraph itself answers
_WORD_BYTE = [chr(b).isalnum() or b == _REPLACED for b in range(256)]
# "vragen 2 en 3 van het lid X (Aanhangsel ..., nr. 1045)" points to another publication
_EXTERNAL = re.compile(
    r"^\s*(?:van\s+(?:het\s+lid|de\s+leden|lid|leden)\b|\(?\s*(?:Aanhangsel|Kamerstuk|nr\.)"
    r"|van\s+(?:de|het|mijn|uw)\s+(?:eerdere|vorige)\b|[^.()]{0,60}\(\s*(?:Aanhangsel|Kamerstuk))",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(,|en|t/m|tot\s+en\s+met|tot|[-–])\s*", re.IGNORECASE)


def expand_numbers(text: str) -> list[int]:
    """ "1 tot en met 4" -> [1, 2, 3, 4]; "2, 3 en 5" -> [2, 3, 5]."""
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


def _references(paragraph: str) -> Iterator[re.Match[str]]:
    """``_REFERENCE.finditer``, tried only where a word starts with "vra" or "antw".

    A case-insensitive alternation is tried at every position of the text; finding the few
    candidate words with ``find`` first makes references a small part of a parse. The search
    runs on an ASCII-lowered copy (every other character a "?", so positions stay those of the
    paragraph): no other character lowers to these letters, and ``str.lower`` of Dutch text
    with its accents costs several times more.
    """
    lowered = paragraph.encode("ascii", "replace").lower()
    starts: list[tuple[int, re.Pattern[str]]] = []
    for key in (b"vra", b"antw"):
        at = lowered.find(key)
        while at != -1:
            # most hits are inside a word ("verantwoordelijkheid"): two cheap byte tests first
            before = lowered[at - 1] if at else _SPACE
            if not _WORD_BYTE[before] or (before == _REPLACED and not paragraph[at - 1].isalnum()):
                starts.append((at, _REFERENCE))
            elif lowered[at - 2 : at] in _GLUE_TAILS and _GLUED_WORD.search(
                paragraph[max(0, at - 6) : at].lower()
            ):
                # the space before it lost at a line end: "de beantwoording vanvraag 2"
                starts.append((at, _REFERENCE_GLUED))
            at = lowered.find(key, at + 1)
    if len(starts) > 1:
        starts.sort(key=_first)
    end = 0
    for at, pattern in starts:
        if at < end:
            continue
        match = pattern.match(paragraph, at)
        if match:
            end = match.end()
            yield match


def _first(start: tuple[int, re.Pattern[str]]) -> int:
    return start[0]


def find_references(
    paragraphs: Iterable[str], *, own: Iterable[int], existing: Iterable[int]
) -> list[int]:
    """Question numbers the text points to, limited to questions of this document."""
    own_set = set(own)
    # callers pass one set for every answer: copying it per answer would be quadratic
    existing_set = existing if isinstance(existing, (set, frozenset)) else set(existing)
    found: list[int] = []
    for paragraph in paragraphs:
        for match in _references(paragraph):
            if _EXTERNAL.match(paragraph[match.end() :]):
                continue
            for number in expand_numbers(match["nums"]):
                if number in existing_set and number not in own_set and number not in found:
                    found.append(number)
    return sorted(found)


_LABEL_TOKEN = re.compile(r"\d+|t/m|tot\s+en\s+met|tot|[-–]", re.IGNORECASE)
MAX_LABEL_DIGITS = 3  # "Vraag 10000000" is no label: nothing is built from a number's size
MAX_LABEL_RANGE = 100  # "Vraag 1 t/m 999" is no range a document has


def parse_label_numbers(text: str) -> list[int]:
    """Numbers of a label: the text after the word in "Vraag 4 en 5", "Antwoord op vraag 3",
    "Vragen 2 t/m 6", "Vraag 7, 8, 9 10 en 11" (a comma may be missing); [] when none is usable.
    """
    numbers: list[int] = []
    range_open = False
    for token in _LABEL_TOKEN.findall(text):
        if not token[0].isdigit():
            range_open = True
            continue
        if len(token) > MAX_LABEL_DIGITS:
            return []
        value = int(token)
        last = numbers[-1] if numbers else None
        if range_open and last is not None and last < value <= last + MAX_LABEL_RANGE:
            numbers.extend(range(last + 1, value + 1))
        else:
            numbers.append(value)
        range_open = False
    return list(dict.fromkeys(numbers))
