"""Acts by what they mean: classes of verbs that name one act in other words, and the phrasal
verbs of official Dutch that stand for a single verb ("stelt ... op de hoogte" = informeren).

A class is a meaning, not a domain: "verlenen" and "toekennen" are one act whether a subsidy,
a permit or a benefit is granted. Two statements whose acts fall in one class have the same act.
"""

from __future__ import annotations

import re

from monitor.track.analysis.meanings import CLASS_OF
from monitor.track.analysis.patterns import DELIVER_ACTS

# Acts whose present tense promises ("Ik informeer uw Kamer voor de zomer"): bringing something
# to the Kamer. Narrower than the "deliver" meaning class: a verb like "delen" or "ontvangen"
# in the present is no promise by itself.
DELIVER = DELIVER_ACTS | frozenset({
    "volgen", "uitwerken", "ingaan", "melden", "mededelen", "terugkoppelen", "rapporteren",
    "inlichten", "berichten", "informeren", "verantwoorden", "meedelen", "delen", "doorsturen",
    "opsturen", "nasturen", "nazenden",
})


def act_class(act: str) -> str:
    """The meaning of ``act`` (the act itself when the table of :mod:`.meanings` has no
    class for it)."""
    return CLASS_OF.get(act, act)


# Phrasal verbs: the verb's lemma, the words that make it one act, and that act. The words are
# part of the verb, not of its object (they are removed from the clause's objects).
_PHRASAL: tuple[tuple[frozenset[str], re.Pattern[str], str, frozenset[str]], ...] = (
    (frozenset({"stellen", "brengen", "houden"}), re.compile(r"\bop\s+de\s+hoogte\b"),
     "informeren", frozenset({"hoogte"})),
    (frozenset({"stellen"}), re.compile(r"\bin\s+kennis\b"), "informeren", frozenset({"kennis"})),
    (frozenset({"weten"}), re.compile(r"\b(?:laat|laten|liet|lieten)\b"), "informeren",
     frozenset()),
    (frozenset({"stellen"}), re.compile(r"\bbeschikbaar\b"), "beschikbaarstellen",
     frozenset({"beschikbaar"})),
    (frozenset({"gaan", "treden", "zijn", "blijven"}),
     re.compile(r"\bin\s+(?:gesprek|overleg|dialoog)\b"), "overleggen",
     frozenset({"gesprek", "overleg", "dialoog"})),
    # Support in other words: "is voorstander van", "staat positief tegenover", "staat achter"
    # (the dictionary reads "staat" as a noun; the finite-verb guess gives "staan"). Other
    # attitudes ("staat welwillend tegenover") are degrees, compared as words.
    (frozenset({"zijn"}), re.compile(r"\bvoorstander\b"), "steunen", frozenset({"voorstander"})),
    (frozenset({"staan"}),
     re.compile(r"\bpositief\s+tegenover\b|\bstaat\s+(?:\w+\s+){0,3}?"
                r"achter\b"),
     "steunen", frozenset({"positief", "tegenover", "achter"})),
    # "een besluit nemen" is "besluiten".
    (frozenset({"nemen"}), re.compile(r"\b(?:besluit|beslissing)\b"), "besluiten",
     frozenset({"besluit", "beslissing"})),
    (frozenset({"voeren"}), re.compile(r"\b(?:gesprek(?:ken)?|overleg|dialoog)\b"),
     "overleggen", frozenset({"gesprek", "overleg", "dialoog"})),
    # "brengt ... in kaart" is examining; "doet ... toekomen" is sending; "voegt zich bij" is
    # joining; "wordt lid van" is joining; "is tegen" is opposing; "treedt in werking" and
    # "gaat per 1 januari in" are taking effect ("gaat in op" is addressing, below).
    (frozenset({"brengen"}), re.compile(r"\bin\s+kaart\b"), "inventariseren",
     frozenset({"kaart"})),
    (frozenset({"doen"}), re.compile(r"\btoekomen\b"), "toekomen", frozenset({"toekomen"})),
    (frozenset({"voegen"}), re.compile(r"\bzich\b.*\bbij\b"), "aansluiten", frozenset()),
    (frozenset({"worden"}), re.compile(r"\blid\s+(?:van|bij)\b"), "toetreden",
     frozenset({"lid"})),
    (frozenset({"zijn"}),
     re.compile(r"\b(?:is|zijn|ben|bent|was|waren)\s+(?:\w+\s+){0,2}?tegen\s+"
                r"(?:het|de|dit|deze|een|elke|ieder|zo'n)\s+(?!achtergrond)"),
     "afwijzen", frozenset({"tegen"})),
    # "is als bijlage bij deze brief gevoegd": sent with the letter.
    (frozenset({"voegen", "bijvoegen"}),
     re.compile(r"\bbijlage\b|\bbij\s+(?:deze|dit|de\s+onderhavige)\s+(?:brief|antwoord)"),
     "toezenden", frozenset({"bijlage"})),
    # "heeft tot gevolg dat" is "leidt ertoe dat" (the verb may be the future's "zal").
    (frozenset({"hebben", "zullen"}), re.compile(r"\btot\s+gevolg\b"), "leiden",
     frozenset({"gevolg"})),
    (frozenset({"treden"}), re.compile(r"\bin\s+werking\b"), "inwerkingtreden",
     frozenset()),
    (frozenset({"ingaan"}), re.compile(r"^(?!.*\bop\s+(?!\d)[a-z]).*$", re.DOTALL),
     "inwerkingtreden", frozenset()),
)


def phrasal(act: str, clause_lower: str) -> tuple[str, frozenset[str]]:
    """The single act a phrasal verb stands for, with the words that belong to the verb
    (``act`` and no words when it is no phrasal verb)."""
    for verbs, words, meaning, parts in _PHRASAL:
        if act in verbs and words.search(clause_lower):
            return meaning, parts
    return act, frozenset()


# The words that belong to the verb of each phrasal act: no word of the statement's content.
PHRASAL_WORDS: dict[str, frozenset[str]] = {}
for _verbs, _words_re, _meaning, _parts in _PHRASAL:
    PHRASAL_WORDS[_meaning] = PHRASAL_WORDS.get(_meaning, frozenset()) | _parts
