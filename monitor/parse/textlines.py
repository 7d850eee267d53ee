"""Lines of extracted text: converter decoration undone, wrapped lines joined, hyphens undone."""

from __future__ import annotations

import re
import unicodedata

from monitor.parse.header import squash
from monitor.parse.textlabels import LABEL_WORDS

_SPACE_BEFORE_MARK = re.compile(r"\s+(?=\[\^\d{1,3}\])")
_BRACKET_GROUP = re.compile(r"\[\s*(\d{1,3}(?:\s+\d{1,3})+)\s*\]")
NUMBER_LINE = re.compile(r"^\d{1,4}$")
_BOLD_LABEL = re.compile(r"^\*\*(" + LABEL_WORDS + r"[^*]{0,40}?)[\s:.]*\*\*\s*(?=\S)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SPACING_ACUTE = re.compile(r"(\w) ?´")
_WORD_START = re.compile(r"[\s(«“‘/]")
_LINKING_WORDS = {"en", "of", "tot", "en/of", "dan", "noch"}
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
# between pages of a PDF whose line widths are unknown: a paragraph end there is judged from the
# length of the last line, not from a gap
PAGE_BREAK = "\f"


def clean_line(line: str) -> str:
    """Undo markdown decoration some PDF converters add (headings, bold, italic underscores)."""
    line = line.replace("\u00a0", " ").replace("\t", " ").rstrip()
    # nothing to undo (most lines): the steps below change nothing. Spelled out, as a generator
    # over the five marks costs three times as much, on every line of every text and PDF
    if not ("´" in line or "#" in line or "*" in line or "[" in line or "_" in line):
        return line.strip()
    if "´" in line:  # a spacing accent after its letter: "Kostic ´" is "Kostić"
        line = unicodedata.normalize("NFC", _SPACING_ACUTE.sub("\\1\u0301", line))
    line = _MD_HEADING.sub("", line.lstrip()) if line.lstrip().startswith("#") else line.strip()
    # "**Vraag 1** Kent u …": a bold label with its text on the same line
    line = _BOLD_LABEL.sub(r"\1: ", line).replace("**", "")
    if "[" in line:  # "[4 5 ]": one bracket for two marks in markdown conversions
        line = _BRACKET_GROUP.sub(lambda m: "".join(f"[{n}]" for n in m[1].split()), line)
    if line.startswith("_") and len(line) > 1 and not line[1].isspace():
        line = line[1:]
    if line.endswith("_") and len(line) > 1 and not line[-2].isspace():
        line = line[:-1]
    return line.strip()


def _dehyphenate(before: str, after: str) -> tuple[str, str]:
    """Decide whether a hyphen at a line end is a word break or a real hyphen."""
    prefix = _WORD_START.split(before[-80:])[-1][:-1]  # the tail: linear in paragraphs
    first = after.split(" ", 1)[0]
    if not first:
        return before, " "
    if first.lower() in _LINKING_WORDS:
        return before, " "  # "zorg- en behandelgegevens"
    if not first[0].islower():
        return before, ""  # "Defensie-Industrie", "COVID-19"
    letters = [c for c in prefix if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 2:
        return before, ""  # "ICT-infrastructuur", "EU-programma"
    if prefix and prefix[-1].lower() in _VOWELS and first[0].lower() in _VOWELS:
        return before, ""  # vowel clash keeps its hyphen: "data-uitvraag", "zee-egel"
    return before[:-1], ""


def join_paragraph(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph with hyphenation at line ends undone."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalpha():
            out, glue = _dehyphenate(out, line)
            out += glue + line
        else:
            out += " " + line
    # a footnote mark belongs to the text before it, even when it came on the next line
    out = squash(out)
    return _SPACE_BEFORE_MARK.sub("", out) if "[^" in out else out
