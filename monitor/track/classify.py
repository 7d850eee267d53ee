"""Typed verdicts for a pair of statements: what kind of change happened, and which words say so.

Every rule is a pattern of Dutch official prose (modal verbs, pronominal adverbs, dates, amounts),
never a phrase of one particular answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.track.text import normalise, strip_furniture

VERDICTS = (
    "first_seen",
    "restated",
    "reworded",
    "position_changed",
    "timeline_changed",
    "figures_changed",
    "negation_flipped",
    "fulfilled",
)

LEVELS = {0: "withdrawn", 1: "considering", 2: "intends", 3: "decided", 4: "does"}

_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december)"
)

# --- informing, sending, deciding: promises and their fulfilment ----------------------------
_INFORM_PARTICIPLE = (
    r"geïnformeerd|geinformeerd|ingelicht|gestuurd|toegestuurd|verstuurd|gezonden|toegezonden|"
    r"verzonden|aangeboden|gerapporteerd|bericht|gepubliceerd|verschenen|gepresenteerd|"
    r"uitgebracht|ontvangen|aangeleverd|opgeleverd|besloten|beslist"
)
_INFORM_INFINITIVE = (
    r"informeren|inlichten|sturen|toesturen|versturen|zenden|toezenden|verzenden|aanbieden|"
    r"rapporteren|berichten|publiceren|presenteren|uitbrengen|aanleveren|opleveren|besluiten|"
    r"beslissen"
)
_INFORM_PRESENT_FUTURE = r"ontvangt|verschijnt|volgt"
_INFORM = re.compile(
    rf"\b(?:(?P<part>{_INFORM_PARTICIPLE})|(?P<inf>{_INFORM_INFINITIVE})|"
    rf"(?P<pres>{_INFORM_PRESENT_FUTURE}))\b",
    re.IGNORECASE,
)
_FUTURE_AUX = {"wordt", "worden", "zal", "zullen", "zult", "ga", "gaat", "gaan", "wil", "kan"}
_PAST_AUX = {"is", "zijn", "heeft", "hebben", "werd", "werden", "was", "waren", "heb"}
_DECIDE = {"besloten", "beslist", "besluiten", "beslissen"}
_AUX = re.compile(r"\b(" + "|".join(sorted(_FUTURE_AUX | _PAST_AUX)) + r")\b", re.IGNORECASE)
# Where a clause ends, for pairing an auxiliary with its participle.
_CLAUSE_BREAK = re.compile(
    r"[,;:()]|\b(?:en|maar|terwijl|waarna|nadat|zodra|omdat|dat|die|waarin|waarmee)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)")

# --- the degree-of-commitment ladder --------------------------------------------------------
_GAP = r"[^.;]{0,60}?"
# The Dutch verb bracket ("heeft ... ondertekend") can hold a long object between its parts.
_BRACKET = r"[^.;]{0,140}?"
_LADDER: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(
        r"\bziet\s+af\b|\bzien\s+af\b|\bafgezien\b|\baf\s+te\s+zien\b|\bteruggetrokken\b|"
        r"\btrekt\b" + _GAP + r"\bterug\b|\bniet\s+langer\b|\bniet\s+meer\b(?!\s+dan\b)|"
        r"\bstopt\b|\bgestopt\b|\bbeëindigt\b|\bbeëindigd\b|\bopgezegd\b|\bzegt\b" + _GAP
        + r"\bop\b", re.IGNORECASE)),
    (1, re.compile(
        r"\b(?:zal|zullen|wordt|worden)\b[^.;,]{0,60}?\b(?:besluiten|besloten|beslissen|beslist)\b|"
        r"\bnog\s+(?:geen|niet)\b[^.;]{0,30}?\b(?:besluit|beslissing|besloten|beslist|"
        r"standpunt|keuze|gekozen)\b|\bgeen\s+(?:besluit|beslissing)\b|\boverweegt\b|"
        r"\boverwegen\b|\boverwogen\b|\boverweging\b|\bonderzoekt\b|\bonderzoeken\b|"
        r"\bonderzocht\b|\bverkent\b|\bverkennen\b|\bverkenning\b|\bbekijkt\b|\bbekeken\b|"
        r"\bbeziet\b|\bbezien\b|\bbestudeert\b|\bbesluitvorming\b|\bsluit\b" + _GAP
        + r"\bniet\s+uit\b|\bstaat\s+open\b|\bafwegen\b|\bweegt\b" + _GAP + r"\baf\b",
        re.IGNORECASE)),
    (4, re.compile(
        r"\bneemt\b" + _GAP + r"\bdeel\b(?!\s+te\b)|\bnemen\b" + _GAP + r"\bdeel\b(?!\s+te\b)|"
        r"\bdoet\b" + _GAP + r"\bmee\b|\bdoen\b" + _GAP + r"\bmee\b(?!\s+te\b)|\bparticipeert\b|"
        r"\b(?:heeft|hebben)\b" + _BRACKET + r"\b(?:ondertekend|getekend|geratificeerd|deelgenomen|"
        r"toegetreden|aangesloten|meegedaan|geparticipeerd|ingestemd)\b|"
        r"\b(?:is|zijn)\b" + _BRACKET + r"\b(?:toegetreden|aangesloten|ondertekend|getekend)\b|"
        r"\bdeelnemer\b|\bis\s+lid\b|\bzijn\s+lid\b", re.IGNORECASE)),
    (3, re.compile(
        r"\bzal\b|\bzullen\b|\bgaat\b(?!\s+(?:om|over|het|hier|daar)\b)|"
        r"\bgaan\b(?!\s+(?:om|over)\b)|\bheeft\b" + _GAP + r"\bbesloten\b|\bhebben\b" + _GAP
        + r"\bbesloten\b|\bbesluit\s+(?:om|tot|dat|te)\b|\btoegezegd\b|\bheeft\s+gekozen\b|"
        r"\bkiest\s+(?:ervoor|voor)\b", re.IGNORECASE)),
    (2, re.compile(
        r"\bvoornemens\b|\bvoornemen\b|\bwil\b|\bwillen\b|\bbeoogt\b|\bbeogen\b|\bstreeft\b|"
        r"\bstreven\b|\bvan\s+plan\b|\bintentie\b|\bwenst\b|\bambieert\b|\bambitie\b|"
        r"\bzet\b" + _GAP + r"\bin\s+op\b|\binzet\s+is\b|\bbereid\b|\bplan\s+is\b",
        re.IGNORECASE)),
]
_NEGATION = re.compile(
    r"\b(?:niet|geen|nooit|niets|niemand|nergens|noch|geenszins|allerminst)\b(?![-‐])",
    re.IGNORECASE,
)
_NEGATED_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(niet|geen)\b(?!\s+(?:alleen|uit)\b)", re.I)
_NOT_NEGATION = re.compile(r"\bniet\s+alleen\b|\bniet\s+in\s+de\s+laatste\s+plaats\b", re.I)

# --- time and figures -----------------------------------------------------------------------
_TIME = re.compile(
    rf"\b\d{{1,2}}\s+{_MONTH}(?:\s+(?:19|20)\d\d)?\b|"
    rf"\b(?:begin|eind|medio|half|halverwege|uiterlijk|vanaf|per)?\s*{_MONTH}(?:\s+(?:19|20)\d\d)?\b|"
    r"\b(?:(?:voor|vóór|na|in|tijdens|rond|begin|eind|medio|vanaf)\s+(?:het|de)\s+)?"
    r"(?:voorjaar|zomer|najaar|winter|herfst|zomerreces|kerstreces|voorjaarsreces|meireces|"
    r"herfstreces|krokusreces|jaarwisseling|prinsjesdag|voorjaarsnota|begrotingsbehandeling)"
    r"(?:\s+(?:van\s+)?(?:19|20)\d\d)?\b|"
    r"\b(?:eerste|tweede|derde|vierde|laatste)\s+kwartaal(?:\s+(?:van\s+)?(?:19|20)\d\d)?\b|"
    r"\bq[1-4](?:\s+(?:19|20)\d\d)?\b|"
    r"\b(?:begin|eind|medio|halverwege)\s+(?:(?:19|20)\d\d|dit\s+jaar|volgend\s+jaar)\b|"
    r"\b(?:dit|volgend|komend|vorig)\s+jaar\b|\bkomende\s+(?:maanden|weken|periode|jaren)\b|"
    r"\bbinnenkort\b|\bop\s+korte\s+termijn\b|\bop\s+(?:middel)?lange\s+termijn\b|"
    r"\bzo\s+(?:spoedig|snel)\s+mogelijk\b|\bz\.s\.m\.|\bop\s+termijn\b|\bnog\s+dit\s+jaar\b|"
    r"\bvoor\s+het\s+einde\s+van\s+het\s+jaar\b|\bjaarlijks\b|"
    r"(?<![\d.,])\b(?:19|20)\d\d\b(?![\d.,]\d)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\bkamerstuk(?:ken)?\s+\d+(?:-[ivxlc]+)?(?:,\s*nr\.?\s*\d+)?|\bnr\.?\s*\d+|"
    r"\bnummer\s+\d+|\bvra(?:a|ge)g(?:en)?\s+\d+(?:\s*(?:,|en|tot\s+en\s+met)\s*\d+)*|"
    r"\bartikel(?:en)?\s+\d+\w*|\bantwoord(?:en)?\s+(?:op\s+)?\d+|\b[a-z]{1,3}-\d+\b|"
    r"(?<=[^\W\d_]{2})\d{1,2}\b|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d{1,3}\]|"
    r"(?<=[^\d\s][.,;:)])\d{1,2}(?=[\s.,;:]|$)",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig|"
    r"honderd|duizend|tientallen|honderden|duizenden|half|anderhalf|verdubbel\w*|halver\w*"
)
_FIGURE = re.compile(
    r"(?:€|eur|euro)?\s*\b\d+(?:[.,]\d+)*\b(?:\s*(?:%|procent|miljoen|miljard|mln|mld|duizend|"
    r"euro|fte|stuks|keer))*|\b(?:" + _NUMBER_WORDS + r")\b(?:\s+(?:miljoen|miljard|procent))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Features:
    """What a statement says on each axis a change can move."""

    level: int | None
    level_trigger: str
    times: Counter[str]
    figures: Counter[str]
    negations: Counter[str]
    promises: tuple[str, ...]
    done: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    verdicts: list[str]
    triggers: dict[str, list[str]] = field(default_factory=dict)


def _short(match_text: str) -> str:
    """A trigger as shown to users: ``neemt … deel`` for a verb with words in between."""
    words = match_text.split()
    if len(words) > 3:
        return f"{words[0].lower()} … {words[-1].lower()}"
    return " ".join(w.lower() for w in words)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out (same length, so offsets stay valid)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        a = max(a, pos)
        if b <= a:
            continue
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_BREAK.finditer(text, 0, pos):
        start = m.end()
    m2 = _SENTENCE_BREAK.search(text, pos)
    return start, m2.start() if m2 else len(text)


def _informing(text: str) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """Promises to inform/send/decide, reports that it was done, and the spans they occupy."""
    promises: list[str] = []
    done: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _INFORM.finditer(text):
        verb = m.group(0).lower()
        s_start, _ = _sentence_bounds(text, m.start())
        if m.group("pres"):
            promises.append(verb)
            spans.append((m.start(), m.end()))
            continue
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, s_start, m.start())]
        clause_start = breaks[-1] if breaks else s_start
        aux = list(_AUX.finditer(text, clause_start, m.start()))
        chosen = aux[-1] if aux else None
        if chosen is None:
            aux = list(_AUX.finditer(text, s_start, m.start()))
            chosen = aux[0] if aux else None
        if m.group("inf"):
            if chosen is None or chosen.group(0).lower() not in _FUTURE_AUX:
                continue  # "om ... te informeren" without a future auxiliary: not a promise
            promises.append(f"{chosen.group(0).lower()} {verb}")
        elif chosen is None:
            continue
        elif chosen.group(0).lower() in _FUTURE_AUX:
            promises.append(f"{chosen.group(0).lower()} {verb}")
        else:
            done.append(f"{chosen.group(0).lower()} {verb}")
        if verb in _DECIDE:
            continue  # a decision is also a rung of the position ladder: leave it visible
        spans.append((m.start(), m.end()))
        if chosen is not None:
            spans.append((chosen.start(), chosen.end()))
            # Other auxiliaries of the same clause belong to the promise, not to the position.
            for other in _AUX.finditer(text, clause_start, m.start()):
                spans.append((other.start(), other.end()))
    return promises, done, spans


def _level(text: str) -> tuple[int | None, str]:
    """The highest rung of the ladder the text reaches (``withdrawn`` overrides), and its words."""
    found: list[tuple[int, str]] = []
    masked = text
    for level, pattern in _LADDER:
        hits = list(pattern.finditer(masked))
        for m in hits:
            lvl = level
            words = _short(m.group(0))
            neg = _NEGATION.search(m.group(0)) if level >= 2 else None
            if neg:
                lvl, words = 0, f"{words} ({neg.group(0).lower()})"  # "neemt niet deel"
            elif level >= 2:
                after = masked[m.end() : m.end() + 40]
                m2 = _NEGATED_AFTER.match(after)
                if m2:
                    lvl, words = 0, f"{words} {m2.group(1).lower()}"  # "zal niet deelnemen"
            found.append((lvl, words))
        masked = _mask(masked, [(m.start(), m.end()) for m in hits])
    if not found:
        return None, ""
    withdrawn = [f for f in found if f[0] == 0]
    if withdrawn:
        return 0, withdrawn[0][1]
    best = max(f[0] for f in found)
    return best, next(t for lvl, t in found if lvl == best)


def _counter(
    pattern: re.Pattern[str], text: str, norm: dict[str, str] | None = None
) -> Counter[str]:
    out: Counter[str] = Counter()
    for m in pattern.finditer(text):
        value = " ".join(m.group(0).lower().split())
        if not value:
            continue
        for a, b in (norm or {}).items():
            value = value.replace(a, b)
        out[value] += 1
    return out


_FIGURE_NORM = {"%": " procent", "mln": "miljoen", "mld": "miljard", "eur ": "€", "euro ": "€"}


@lru_cache(maxsize=8192)
def features(text: str) -> Features:
    """Read the axes of one statement (cached: each statement is compared twice in a lineage,
    once with its predecessor and once with its successor)."""
    text = strip_furniture(text)  # a running header's "vergaderjaar 2025-2026" is no deadline
    promises, done, inform_spans = _informing(text)
    level, trigger = _level(_mask(text, inform_spans))
    time_hits = list(_TIME.finditer(text))
    times: Counter[str] = Counter(" ".join(m.group(0).lower().split()) for m in time_hits)
    times.pop("", None)
    without_time = _mask(text, [(m.start(), m.end()) for m in time_hits])
    without_refs = _mask(without_time, [(m.start(), m.end()) for m in _REFERENCE.finditer(text)])
    raw = _counter(_FIGURE, without_refs, _FIGURE_NORM)
    figures = Counter({k.replace("€ ", "€").strip(): v for k, v in raw.items()})
    # "nog geen besluit" is a rung of the ladder (no decision yet), not a negated position.
    undecided = [(m.start(), m.end()) for m in _LADDER[1][1].finditer(text)]
    negation_text = _mask(
        text, [(m.start(), m.end()) for m in _NOT_NEGATION.finditer(text)] + undecided
    )
    negations = _counter(_NEGATION, negation_text)
    return Features(level, trigger, times, figures, negations, tuple(promises), tuple(done))


def _difference(old: Counter[str], new: Counter[str]) -> tuple[list[str], list[str]]:
    removed = sorted((old - new).elements())
    added = sorted((new - old).elements())
    return removed, added


def restated(old: str, new: str) -> bool:
    """Same words once whitespace, punctuation, quotes, footnote marks, hyphenation, page
    furniture and case are normalised (compound spacing too: "industrie programma")."""
    return normalise(old).replace(" ", "") == normalise(new).replace(" ", "")


def classify(old: str | None, new: str) -> Verdict:
    """The verdicts for ``new`` compared with ``old`` (None: the first statement)."""
    if old is None:
        return Verdict(["first_seen"], {})
    if restated(old, new):
        return Verdict(["restated"], {})
    a, b = features(old), features(new)
    verdicts: list[str] = []
    triggers: dict[str, list[str]] = {}

    new_done = Counter(b.done) - Counter(a.done)
    fulfilled = bool(a.promises) and bool(new_done)
    if fulfilled:
        verdicts.append("fulfilled")
        triggers["fulfilled"] = [a.promises[0], next(iter(new_done))]

    if a.level is not None and b.level is not None and a.level != b.level:
        verdicts.append("position_changed")
        triggers["position_changed"] = [a.level_trigger, b.level_trigger]
    elif a.level is None and b.level is not None and b.level != 1:
        # No stated position is the bottom rung ("no decision"): taking one (intends, will,
        # does) or withdrawing moves it. Considering/investigating is that same bottom rung.
        verdicts.append("position_changed")
        triggers["position_changed"] = ["", b.level_trigger]

    removed, added = _difference(a.times, b.times)
    # A fulfilment report names when it happened; that date is not a moved deadline.
    if (removed or added) and not fulfilled:
        verdicts.append("timeline_changed")
        triggers["timeline_changed"] = removed + added

    removed, added = _difference(a.figures, b.figures)
    if removed or added:
        verdicts.append("figures_changed")
        triggers["figures_changed"] = removed + added

    if sum(a.negations.values()) != sum(b.negations.values()):
        removed, added = _difference(a.negations, b.negations)
        verdicts.append("negation_flipped")
        triggers["negation_flipped"] = removed + added

    if not verdicts:
        verdicts.append("reworded")
    return Verdict(sorted(verdicts, key=VERDICTS.index), triggers)
