"""Header lines of a Kamervragen publication: askers, ministers, dates, related publications.

The same sentences appear in every format ("Vragen van de leden ... (ingezonden 3 juni 2021).",
"Antwoord van Minister ... (Ministerie) (ontvangen 21 juni 2021)."), so every parser hands the
joined header text to :func:`parse_header`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from monitor.dates import MONTH_NAMES, checked_date, parse_dutch_date
from monitor.model import Kind, Person

_WS = re.compile(r"\s+")
# monitor.dates.DUTCH_DATE with the same groups and matches, written to begin with a digit: a
# pattern that opens with \b is tried at every position of the header, one that opens with a
# digit only where there is one. The lookbehind after the first digit is the \b before it.
_DATE = re.compile(
    r"(\d(?<!\w\d)\d?)\s+(" + "|".join(MONTH_NAMES) + r")\s+(\d{4})\b", re.IGNORECASE
)

_ASKED = re.compile(
    r"(?-i:Vragen)\s+van\s+(?:de\s+leden|het\s+lid|lid|leden)\s+(?P<who>.+?)\s+aan\s+(?:de|het)\s+"
    r"(?P<to>.+?)(?:\s+over\s+(?P<subject>.+?))?\s*\(ingezonden\s+(?P<date>[^)]*)\)",
    re.IGNORECASE | re.DOTALL,
)
_REPLIED = re.compile(
    r"(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*\(ontvangen\s+(?P<date>[^)]*)\)",
    re.DOTALL,
)
_OFFICIAL = re.compile(
    r"(?:de\s+)?(?P<role>Minister-president|Minister|Staatssecretaris|minister-president|minister"
    r"|staatssecretaris)\s+(?:(?:van|voor)\s+[^()]*?\s+)?(?P<name>[A-Z\u00C0-\u024F][^()]*?)\s*"
    r"\((?P<ministry>[^()]+)\)"
)
_RELATED = re.compile(
    r"Zie\s+ook\s+Aanhangsel\s+(?:van\s+de\s+)?Handelingen,\s+vergaderjaar\s+(\d{4})\s*[-–]\s*"
    r"(\d{4}),\s+nr\.\s*(\d+)",
    re.IGNORECASE,
)
_VERGADERJAAR = re.compile(r"vergaderjaar\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_PARTY_GROUP = re.compile(r"\(([^()]*)\)")
_POSTPONE_WORDING = re.compile(
    r"niet\s+binnen\s+de\s+(?:gebruikelijke|gestelde)\s+termijn\s+(?:worden\s+)?beantwoord",
    re.IGNORECASE,
)
# "De vragen … zijn beantwoord bij brief van 3 juni", "… heb ik tijdens het commissiedebat
# beantwoord", "… kunnen als beantwoord worden beschouwd": answered, though not in an Aanhangsel
_ELSEWHERE = r"(?:kamer)?brief|(?:commissie|plenaire?\s+|tweeminuten)?debat|\w*overleg|vergadering"
_ANSWERED_ELSEWHERE = re.compile(
    r"\b(?:zijn|is|werden|werd|heb|hebben|heeft)\b(?:(?!\bniet\b)[^.;]){0,120}?\bbeantwoord\b"
    r"[^.;]{0,80}?\b(?:" + _ELSEWHERE + r")\b"
    r"|\b(?:" + _ELSEWHERE + r")\b[^.;]{0,120}?\b(?:zijn|is|heb|hebben|heeft)\b"
    r"(?:(?!\bniet\b)[^.;]){0,60}?\bbeantwoord\b"
    r"|\bals\s+beantwoord\s+(?:te\s+)?(?:kunnen\s+)?(?:worden\s+)?beschouw",
    re.IGNORECASE,
)
_PARTY_WORD = re.compile(r"^(?:allen|beiden|alle|beide)\s+", re.IGNORECASE)


@dataclass(slots=True)
class Header:
    """What the header sentences say; empty fields were not found."""

    kind: Kind = Kind.UNKNOWN
    askers: list[Person] = field(default_factory=list)
    ministers: list[Person] = field(default_factory=list)
    ministry: str = ""
    addressee: str = ""
    subject: str = ""
    date_sent: date | None = None
    date_received: date | None = None
    vergaderjaar: str = ""
    related: list[str] = field(default_factory=list)
    asked_line: str = ""


def squash(text: str) -> str:
    """Collapse whitespace runs to one space and strip."""
    # str.split() splits on exactly what \s matches, several times faster than a regex sub
    return " ".join(text.split())


_LEADING_JOIN = re.compile(r"^(?:,|en\b)\s*")
_NAME_SPLIT = re.compile(r",\s*|\s+en\s+")


def split_names(chunk: str) -> list[str]:
    """ "A, B en C" -> ["A", "B", "C"]."""
    chunk = chunk.strip()
    if chunk.startswith((",", "en")):  # cheap tests first: most chunks are one plain name
        chunk = _LEADING_JOIN.sub("", chunk)
    chunk = chunk.strip().strip(",")
    parts = _NAME_SPLIT.split(chunk) if "," in chunk or "en" in chunk else [chunk]
    return [name for part in parts if (name := squash(part))]


def parse_askers(who: str) -> list[Person]:
    """Askers with their parties: "X, Y en Z (allen D66)", "X (PvdA) en Y (GL)"."""
    people: list[Person] = []
    pos = 0
    for match in _PARTY_GROUP.finditer(who):
        names = split_names(who[pos : match.start()])
        party = squash(match[1])
        if party[:1] in ("a", "A", "b", "B"):
            party = _PARTY_WORD.sub("", party)
        people.extend(Person(name=n, party=party, role="lid") for n in names)
        pos = match.end()
    people.extend(Person(name=n, role="lid") for n in split_names(who[pos:]))
    return [p for p in people if p.name]


def parse_officials(who: str) -> tuple[list[Person], str]:
    """Ministers and the ministry of the first one from "Minister X (Ministerie) en ..."."""
    people: list[Person] = []
    ministry = ""
    for match in _OFFICIAL.finditer(who):
        role = match["role"][0].upper() + match["role"][1:]
        people.append(Person(name=squash(match["name"]), role=role))
        if not ministry:
            ministry = squash(match["ministry"])
    return people, ministry


def parse_header(text: str, *, where: str, chamber: str = "tk") -> Header:
    """Read the header sentences out of ``text`` (whitespace is normalised first)."""
    text = squash(text)
    header = Header()
    asked = _ASKED.search(text)
    if asked:
        header.askers = parse_askers(asked["who"])
        header.addressee = squash(asked["to"])
        header.subject = squash(asked["subject"] or "").rstrip(".")
        header.date_sent = parse_dutch_date(asked["date"], where=where)
        header.asked_line = squash(asked[0])
    replied = _REPLIED.search(text)
    if replied:
        header.kind = Kind.ANSWER if replied["kind"] == "Antwoord" else Kind.POSTPONEMENT
        header.ministers, header.ministry = parse_officials(replied["who"])
        header.date_received = parse_dutch_date(replied["date"], where=where)
    low = text.lower()  # cheap tests first: most headers have no such sentence
    if "termijn" in low and _POSTPONE_WORDING.search(text):
        header.kind = Kind.POSTPONEMENT
    # an impossible date anywhere in the header is as wrong as one in the dated sentences
    for match in _DATE.finditer(text):
        checked_date(match, where)
    jaar = _VERGADERJAAR.search(text) if "vergaderjaar" in low else None
    if jaar:
        header.vergaderjaar = f"{jaar[1]}-{jaar[2]}"
    for match in _RELATED.finditer(text) if "zie ook" in low else ():
        header.related.append(f"ah-{chamber}-{match[1]}{match[2]}-{match[3]}")
    return header


def _answered_sentences(text: str) -> list[tuple[str, bytes]]:
    """The stretches of ``text`` between full stops and semicolons that hold the word
    "beantwoord" in any case, squashed, each with its ASCII-lowered copy: the only places
    either wording can match.

    Both patterns need that word and neither crosses a "." or ";"; a stretch's edges are word
    boundaries as the stops were, and no match starts or ends in whitespace, so searching the
    squashed stretches finds what a search of the whole squashed text finds. Tried at every
    position of a whole body (a Mededeling, or the questions of a document without answers),
    the patterns' bounded scans cost more than the rest of a parse.
    Words are found in ASCII-lowered copies (positions stay those of the text, every other
    character a "?"): only "i", "k" and "s" have other characters that match them
    case-insensitively, and no word searched for here holds one.
    """
    lowered = text.encode("ascii", "replace").lower()
    found: list[tuple[str, bytes]] = []
    end = 0
    at = lowered.find(b"beantwoord")
    while at >= 0:
        if at >= end:
            start = max(text.rfind(".", 0, at), text.rfind(";", 0, at)) + 1
            stops = [stop for stop in (text.find(".", at), text.find(";", at)) if stop >= 0]
            end = min(stops) if stops else len(text)
            # whitespace only: the words looked for stay whole in the raw copy
            found.append((squash(text[start:end]), lowered[start:end]))
        at = lowered.find(b"beantwoord", at + 1)
    return found


# a word each pattern needs, without "i", "k" or "s" (see _answered_sentences): "brief" (of
# "kamerbrief", its "i" either ASCII or one of the two that match it, a "?" in the copy),
# "debat", "overleg", "vergadering", "beschouw"; "binnen"
_ELSEWHERE_KEYS = (b"brief", b"br?ef", b"debat", b"overleg", b"vergader", b"chouw")
_POSTPONE_KEY = b"nnen"


def _postponed(sentences: list[tuple[str, bytes]]) -> bool:
    return any(_POSTPONE_KEY in low and _POSTPONE_WORDING.search(s) for s, low in sentences)


def has_answered_elsewhere_wording(text: str) -> bool:
    """True when a Mededeling says the questions were answered by letter or in a debate."""
    sentences = _answered_sentences(text)
    answered = any(
        any(key in low for key in _ELSEWHERE_KEYS) and _ANSWERED_ELSEWHERE.search(s)
        for s, low in sentences
    )
    return answered and not _postponed(sentences)


def has_postponement_wording(text: str) -> bool:
    """True for the usual "kan tot mijn spijt niet binnen de gebruikelijke termijn" wording."""
    return _postponed(_answered_sentences(text))
