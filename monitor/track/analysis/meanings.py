"""Meaning classes of acts: which verbs of general Dutch name one act, and which acts oppose.

A statement's act is compared by meaning, not by verb. Each class below is one act in the
words of official Dutch, whatever the domain ("verlenen" and "toekennen" are one act for a
subsidy, a permit or a benefit). The table was written from general Dutch usage (synonym
dictionaries and the verbs of Kamerbrieven and answers across ministries), far beyond the
labelled pairs, and is documented in docs/verdicts.md:

- two acts of one class are the same act: a verb swap inside a class is a rewording;
- two acts of opposing classes (support / oppose, take part / withdraw, raise / lower,
  introduce / abolish, continue / stop, postpone / bring forward, grant / cut) are a change of
  position;
- two acts of two other classes of the table are another act: a change of position;
- an act the table cannot place is compared by the classifier as "not understood" (``changed``
  where it touches a stance, never a silent rewording and never a guessed position change).

Lemmas are infinitives with separable particles joined ("deelnemen", "aansluiten"); phrasal
acts ("in kaart brengen", "op de hoogte stellen") are reduced to one lemma first
(:mod:`.acts`).
"""

from __future__ import annotations

from typing import Literal

from monitor.track.analysis.patterns import DELIVER_ACTS

Relation = Literal["same", "opposite", "other", "unknown"]

_TABLE: dict[str, frozenset[str]] = {
    # Bringing information or a document to the Kamer, or the Kamer getting it (one act: a
    # promise of one is kept by a report of another).
    "deliver": DELIVER_ACTS | frozenset({
        "informeren", "inlichten", "berichten", "melden", "mededelen", "meedelen", "rapporteren",
        "terugkoppelen", "verantwoorden", "sturen", "toesturen", "zenden", "toezenden",
        "opsturen", "doorsturen", "nazenden", "nasturen", "delen", "aanbieden", "voorleggen",
        "toekomen", "ontvangen", "verschijnen", "publiceren", "uitbrengen", "presenteren",
        "indienen", "aanleveren", "opleveren", "toelichten", "terugkomen",
        "ingaan", "uitwerken", "volgen", "komen",
    }),
    # Taking part: joining something and being in it.
    "participate": frozenset({
        "deelnemen", "meedoen", "participeren", "toetreden", "aansluiten", "aanhaken",
        "instappen", "meewerken", "meegaan",
    }),
    # Leaving or giving up what one takes part in or planned.
    "withdraw": frozenset({
        "afzien", "terugtrekken", "uittreden", "opzeggen", "uitstappen", "afhaken", "opgeven",
        "afblazen", "afzeggen", "annuleren", "uitsluiten", "loslaten",
    }),
    # Examining without a position yet.
    "consider": frozenset({
        "overwegen", "beraden", "onderzoeken", "verkennen", "bezien", "bestuderen", "afwegen",
        "bekijken", "nagaan", "uitzoeken", "nadenken", "inventariseren", "analyseren",
        "evalueren", "peilen", "toetsen", "doorlichten", "natrekken", "uitpluizen",
        "doorrekenen", "verifiëren",
    }),
    "reconsider": frozenset({"heroverwegen", "herzien", "herbezien"}),
    "decide": frozenset({"besluiten", "beslissen", "kiezen", "bepalen", "vaststellen",
                         "vastleggen"}),
    # Bringing about a consequence.
    "cause": frozenset({"leiden", "veroorzaken", "resulteren", "teweegbrengen",
                        "bewerkstelligen", "uitmonden"}),
    # Waiting for something before acting.
    "wait": frozenset({"afwachten", "wachten"}),
    # Keeping out of a vote or a choice.
    "abstain": frozenset({"onthouden"}),
    # Approving, agreeing, supporting, welcoming: a positive stance on someone's proposal.
    "support": frozenset({
        "steunen", "ondersteunen", "onderschrijven", "omarmen", "verwelkomen", "toejuichen",
        "bijvallen", "instemmen", "goedkeuren", "accorderen", "aanvaarden", "accepteren",
        "billijken", "voorstaan", "bepleiten", "pleiten", "aanbevelen",
        "aanraden",
    }),
    # Rejecting, opposing, blocking: a negative stance.
    "oppose": frozenset({
        "afwijzen", "verwerpen", "tegenhouden", "blokkeren", "bestrijden", "ontraden",
        "verzetten", "tegenstemmen", "afkeuren", "weigeren", "tegenwerken", "wraken",
        "dwarsliggen",
    }),
    "sign": frozenset({"ondertekenen", "tekenen", "paraferen", "ratificeren", "bekrachtigen"}),
    # Putting money or means to a purpose.
    "grant": frozenset({
        "verlenen", "verstrekken", "toekennen", "beschikbaarstellen", "vrijmaken",
        "uittrekken", "toewijzen", "reserveren", "investeren", "besteden", "uitgeven",
        "financieren", "bekostigen", "subsidiëren", "alloceren", "uitkeren", "vergoeden",
        "afgeven",
        "oormerken", "begroten",
    }),
    "cut": frozenset({"korten", "bezuinigen", "inhouden", "terugvorderen", "wegbezuinigen"}),
    # Up and down, of what one sets (verhogen) and of what happens (stijgen).
    "raise": frozenset({
        "verhogen", "ophogen", "optrekken", "vergroten", "uitbreiden", "verruimen", "opschalen",
        "stijgen", "toenemen", "groeien", "oplopen", "aangroeien", "vermeerderen",
        "opvoeren", "verdubbelen", "aanzwellen",
    }),
    "lower": frozenset({
        "verlagen", "verminderen", "reduceren", "terugbrengen", "beperken", "inperken",
        "afbouwen", "afschalen", "verkleinen", "inkrimpen", "terugschroeven", "dalen",
        "afnemen", "teruglopen", "krimpen", "zakken", "halveren", "minderen",
    }),
    # Bringing something into being or into force.
    "introduce": frozenset({
        "invoeren", "introduceren", "instellen", "oprichten", "opzetten", "inrichten",
        "starten", "beginnen", "aanvangen", "opstarten", "lanceren", "openen",
        "inwerkingtreden", "aanleggen", "realiseren",
    }),
    # Ending something that exists.
    "abolish": frozenset({
        "afschaffen", "opheffen", "beëindigen", "stopzetten", "staken", "stoppen",
        "schrappen", "intrekken", "uitfaseren", "sluiten", "ontmantelen", "afsluiten",
    }),
    "continue": frozenset({
        "voortzetten", "continueren", "doorzetten", "handhaven", "behouden", "vasthouden",
        "bestendigen", "verlengen", "voortbestaan", "doorgaan", "volhouden",
    }),
    "postpone": frozenset({
        "uitstellen", "opschuiven", "doorschuiven", "verdagen", "verschuiven", "vooruitschuiven",
        "temporiseren", "vertragen",
    }),
    "advance": frozenset({"vervroegen", "versnellen", "bespoedigen", "voortrekken"}),
    "strengthen": frozenset({"versterken", "verstevigen", "verbeteren", "intensiveren",
                             "aanscherpen", "verscherpen"}),
    "weaken": frozenset({"verzwakken", "versoepelen", "afzwakken", "verslappen"}),
    "ensure": frozenset({"waarborgen", "borgen", "garanderen", "zekerstellen", "verzekeren",
                         "veiligstellen"}),
    # An effort, not a result: "zet zich in voor" = "spant zich in" = "streeft naar".
    "strive": frozenset({"inzetten", "inspannen", "streven", "ijveren", "nastreven",
                         "sterkmaken", "werken"}),
    "consult": frozenset({"overleggen", "spreken", "praten", "bespreken", "afstemmen",
                          "raadplegen", "consulteren", "beraadslagen"}),
    "ask": frozenset({"vragen", "verzoeken", "oproepen", "aansporen", "aandringen",
                      "aanmoedigen", "verlangen", "eisen"}),
    "judge": frozenset({"vinden", "achten", "beschouwen", "oordelen", "menen", "zien"}),
    "apply": frozenset({"hanteren", "toepassen", "gebruiken", "benutten", "aanwenden"}),
    "permit": frozenset({"toestaan", "toelaten", "vergunnen", "gedogen"}),
    "forbid": frozenset({"verbieden", "uitbannen"}),
}

# Pairs of classes that say the opposite of each other.
_OPPOSED = (
    ("participate", "withdraw"), ("support", "oppose"), ("raise", "lower"),
    ("introduce", "abolish"), ("continue", "abolish"), ("continue", "withdraw"),
    ("postpone", "advance"), ("grant", "cut"), ("strengthen", "weaken"), ("permit", "forbid"),
    ("sign", "withdraw"),
)
OPPOSITES: frozenset[frozenset[str]] = frozenset(frozenset(p) for p in _OPPOSED)

CLASS_OF: dict[str, str] = {}
for _name, _acts in _TABLE.items():
    for _act in _acts:
        # The first class a lemma is listed in is its meaning ("uitsluiten" is giving up, not
        # abolishing); a lemma in two classes would make a rewording of it a position change.
        CLASS_OF.setdefault(_act, _name)

CLASSES: dict[str, frozenset[str]] = {
    name: frozenset(a for a in acts if CLASS_OF[a] == name) for name, acts in _TABLE.items()
}


def meaning(act: str) -> str | None:
    """The class of ``act``, or None when the table cannot place it."""
    return CLASS_OF.get(act)


def relation(a: str, b: str) -> Relation:
    """How two acts relate by meaning."""
    if a == b:
        return "same"
    ca, cb = CLASS_OF.get(a), CLASS_OF.get(b)
    if ca is None or cb is None:
        return "unknown"
    if ca == cb:
        return "same"
    if frozenset((ca, cb)) in OPPOSITES:
        return "opposite"
    return "other"
