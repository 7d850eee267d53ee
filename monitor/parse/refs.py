"""Cross-references inside an answer: "Zie antwoord op de vragen 1 tot en met 4"."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

# "2", "2 en 3", "1, 2 en 5", "1 tot en met 4", "1 t/m 4", "1-4"; question numbers are written
# in ASCII digits (\d would take any script's), which lets a text without one skip the search
_NUM_LIST = r"[0-9]{1,3}(?:\s*(?:,|en|t/m|tot\s+en\s+met|tot|[-–])\s*[0-9]{1,3}(?![0-9%]))*"
_REFERENCE = re.compile(
    r"\b(?:vraag|vragen|antwoord|antwoorden)\s+(?:op\s*)?(?:de\s+)?(?:vraag\s+|vragen\s+)?"
    r"(?P<nums>" + _NUM_LIST + r")(?![0-9%,.][0-9])(?!\s*%)",
    re.IGNORECASE,
)
_REFERENCE_GLUED = re.compile(_REFERENCE.pattern[2:], re.IGNORECASE)  # without the leading \b
_GLUE_WORDS = ("van", "op", "bij", "naar", "zie", "de", "het", "mijn")
_GLUED_WORD = re.compile(r"(?:^|\W)(?:" + "|".join(_GLUE_WORDS) + r")$")
_GLUE_TAILS = frozenset(word[-2:].encode() for word in _GLUE_WORDS)
_DIGITS = "0123456789"
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


def _matches(texts: list[str]) -> Iterator[tuple[int, re.Match[str], int]]:
    """``_REFERENCE.finditer`` over each text: (text index, match, end of that text).

    The texts are searched as one, joined by newlines (a reference never runs over one: every
    match ends at its own text's end). A case-insensitive alternation tried at every position
    costs much more than finding the few candidate words first; they are found in an
    ASCII-lowered copy (every other character a "?", so positions stay those of the text): no
    other character lowers to these letters, and ``str.lower`` of Dutch text with its accents
    costs several times more.
    """
    joined = "\n".join(texts)
    # every reference names a number: without a digit there is nothing to find, and ten searches
    # for one character (in C) cost a fraction of the word scan below
    if not any(digit in joined for digit in _DIGITS):
        return
    lowered = joined.encode("ascii", "replace").lower()
    starts: list[tuple[int, re.Pattern[str]]] = []
    for key in (b"vra", b"antw"):
        pieces = lowered.split(key)  # the hits, found in C: a find per hit costs twice as much
        if len(pieces) == 1:
            continue
        at = -len(key)
        for piece in pieces[:-1]:
            at += len(key) + len(piece)
            # most hits are inside a word ("verantwoordelijkheid"): two cheap byte tests first.
            # A text's first word follows the joining newline, which is no letter
            before = piece[-1] if piece else key[-1] if at else _SPACE
            if not _WORD_BYTE[before] or (before == _REPLACED and not joined[at - 1].isalnum()):
                starts.append((at, _REFERENCE))
            elif lowered[at - 2 : at] in _GLUE_TAILS and _GLUED_WORD.search(
                joined[max(0, at - 6) : at].lower()
            ):
                # the space before it lost at a line end: "de beantwoording vanvraag 2"
                starts.append((at, _REFERENCE_GLUED))
    if not starts:
        return
    starts.sort(key=_first)
    offsets = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    end = 0
    for at, pattern in starts:
        if at < end:
            continue
        index = bisect.bisect_right(offsets, at) - 1
        stop = offsets[index + 1] - 1  # the text's own end
        match = pattern.match(joined, at, stop)
        if match:
            end = match.end()
            yield index, match, stop


def _first(start: tuple[int, re.Pattern[str]]) -> int:
    return start[0]


def find_references(
    paragraphs: Iterable[str], *, own: Iterable[int], existing: Iterable[int]
) -> list[int]:
    """Question numbers the text points to, limited to questions of this document."""
    return answer_references([list(paragraphs)], owns=[own], existing=existing)[0]


def answer_references(
    answers: Sequence[Sequence[str]], *, owns: Sequence[Iterable[int]], existing: Iterable[int]
) -> list[list[int]]:
    """:func:`find_references` of every answer (its paragraphs and its own numbers), searched
    together: a parse calls this once."""
    texts = [paragraph for paragraphs in answers for paragraph in paragraphs]
    found: dict[int, set[int]] = {}  # by answer; most answers point nowhere
    owner: list[int] = []
    for index, match, stop in _matches(texts):
        # "…vragen 2 en 3 van het lid X (Aanhangsel …)": another publication's questions
        if _EXTERNAL.match(match.string[match.end() : stop]):
            continue
        if not owner:
            for number, paragraphs in enumerate(answers):
                owner.extend([number] * len(paragraphs))
        found.setdefault(owner[index], set()).update(expand_numbers(match["nums"]))
    if not found:
        return [[] for _ in answers]
    existing_set = existing if isinstance(existing, (set, frozenset)) else set(existing)
    return [
        sorted((found[number] & existing_set).difference(own)) if number in found else []
        for number, own in enumerate(owns)
    ]


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
