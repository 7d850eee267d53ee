"""The phrases that set a clause's modality, hedges and polarity, and the named documents and
actors it can carry (patterns compiled once)."""

from __future__ import annotations

import re

from monitor.dates import MONTH_NAMES

HEDGES = {
    "in beginsel": "in beginsel",
    "in principe": "in beginsel",
    "onder voorbehoud": "onder voorbehoud",
    "mogelijk": "mogelijk",
    "wellicht": "mogelijk",
    "eventueel": "mogelijk",
    "waarschijnlijk": "waarschijnlijk",
    "naar verwachting": "waarschijnlijk",
    "vermoedelijk": "waarschijnlijk",
    "voorlopig": "voorlopig",
    "vooralsnog": "voorlopig",
    "mits": "onder voorwaarde",
    "onder voorwaarde": "onder voorwaarde",
    "onder voorwaarden": "onder voorwaarde",
    "kan": "kan",
    "kunnen": "kan",
    "zou": "zou",
    "zouden": "zou",
}
HEDGE = re.compile(
    r"(?<![\w-])(?:in beginsel|in principe|onder voorbehoud|onder voorwaarden?|naar verwachting|"
    r"(?<!zo )(?<!de )(?<!het )(?<!een )(?<!zoveel )mogelijk(?! maken| gemaakt| is| zijn| wordt)|"
    r"\A\s?mogelijk|"  # "Mogelijk wordt de regeling uitgebreid": the clause's opening hedge
    r"wellicht|eventueel|waarschijnlijk|vermoedelijk|voorlopig|vooralsnog|mits|"
    # a modal of possibility on the finite verb (not "om ... te kunnen")
    r"(?<!te )(?:kan|kunnen|zou|zouden))(?![\w-])",
    re.IGNORECASE,
)
WITHDRAW_ACTS = frozenset(
    {
        "afzien",
        "terugtrekken",
        "stoppen",
        "beëindigen",
        "opzeggen",
        "uittreden",
        "annuleren",
        "staken",
        "intrekken",
        "uitsluiten",
        "afblazen",
        "afzeggen",
        "opgeven",
        "schrappen",
    }
)
CONSIDER_ACTS = frozenset(
    {
        "overwegen",
        "heroverwegen",
        "beraden",
        "onderzoeken",
        "verkennen",
        "bezien",
        "bestuderen",
        "afwegen",
        "bekijken",
        "nagaan",
        "uitzoeken",
        "nadenken",
        "inventariseren",
        "evalueren",
        "peilen",
        "analyseren",
        "toetsen",
    }
)
DECIDE_ACTS = frozenset({"besluiten", "beslissen", "kiezen", "toezeggen", "vastleggen"})
INTEND = re.compile(
    r"\b(?:voornemens|het\s+voornemen|van\s+plan|het\s+plan\s+(?:om|is)|beoogt|beogen|"
    r"streeft|streven|de\s+intentie|bereid|ambitie|ambieert|wenst|wensen|is\s+de\s+inzet|"
    r"zet\w*\s+(?:\w+\s+){0,4}?in\s+op|inzet\s+is|"
    # "Het is mijn voornemen", "Het ligt in de bedoeling van het kabinet"
    r"(?:mijn|ons|zijn|haar|hun)\s+(?:voornemen|bedoeling|intentie)|in\s+de\s+bedoeling|"
    # "De inzet van de regering is ...", "Het voornemen van het kabinet is ...": nominalised.
    r"(?:inzet|voornemen|intentie|ambitie)\s+van\s+(?:[\w-]+\s+){1,4}?(?:is|blijft))\b",
    re.IGNORECASE,
)
UNDECIDED = re.compile(
    r"\bnog\s+(?:geen|niet)\s+(?:\w+\s+){0,3}?(?:besluit|beslissing|besloten|beslist|standpunt|"
    r"keuze|gekozen|bepaald|duidelijk|definitief)\b|\bstaat\s+open\b|\bin\s+overweging\b|"
    r"\bsluit\w*\s+(?:\w+\s+){0,5}?niet\s+uit\b|\bniet\s+uit\s+te\s+sluiten\b",
    re.IGNORECASE,
)
DECIDED = re.compile(
    r"\b(?:heeft|hebben|heb|is|zijn)\s+(?:[\w-]+\s+){0,3}?(?:besloten|gekozen|beslist)\b|"
    r"\bbesluit\s+(?:[\w-]+\s+){0,3}?(?:om|tot|dat|te)\b|\bkiest\s+(?:er\s+)?(?:voor|ervoor)\b|"
    r"\b(?:besloten|gekozen)\s+(?:is|heeft|om|tot|dat)\b|"
    r"\b(?:besluit|beslissing)\s+(?:[\w-]+\s+){0,2}?genomen\b|"
    r"\bneem\w*\s+(?:[\w-]+\s+){0,3}?(?:besluit|beslissing)\b",
    re.IGNORECASE,
)
# Acts that deliver something to the Kamer: their present tense promises ("Ik informeer ...").
DELIVER_ACTS = frozenset(
    {
        "informeren",
        "inlichten",
        "berichten",
        "rapporteren",
        "sturen",
        "toesturen",
        "zenden",
        "toezenden",
        "versturen",
        "verzenden",
        "aanbieden",
        "publiceren",
        "verschijnen",
        "presenteren",
        "uitbrengen",
        "ontvangen",
        "aanleveren",
        "opleveren",
        "toelichten",
        "terugkomen",
        "indienen",
        "toekomen",
        "voorleggen",
        "komen",
    }
)
WITHDRAW = re.compile(r"\bniet\s+langer\b|\bniet\s+meer\b(?!\s+dan\b)", re.IGNORECASE)
NOT_NEGATION = re.compile(
    r"\bniet\s+alleen\b|\bniet\s+in\s+de\s+laatste\s+plaats\b|\bniet\s+eerder\s+dan\b|"
    r"\bniet\s+later\s+dan\b|\bniet\s+meer\s+dan\b|\bniet\s+minder\s+dan\b|\bgeen\s+enkele?\s+"
    r"twijfel\b|\bniet\s+onbelangrijk\b|\bniet\s+uit\s+te\s+sluiten\b|\bniet-\w+",
    re.IGNORECASE,
)
# "Zoals eerder toegezegd," / "Zoals eerder gemeld": a reference to what was said before.
AS_BEFORE = re.compile(
    r"^\s*(?:en\s+)?zoals\s+(?:(?!\b(?:is|heeft|wordt|zal|ben|heb)\b)[\w’'.-]+\s+){0,8}?"
    # the participle that ends the framing: four letters or more ("het" is no participle)
    r"(?:[\w’'-]{3,}(?:d|t|en))\b(?:\s+(?:is|heb|ben|hebben|zijn)(?=\s*,))?"
    r"(?:\s+(?:ik|wij|we|het\s+kabinet))?\s*,?",
    re.IGNORECASE,
)
ASIDE = re.compile(
    r",\s*zoals\s[^,;.]*?(?=,|[.;]\s|[.;]?$)|\(\s*zie\s[^)]*\)|,\s*(?:conform|overeenkomstig)\s+"
    r"(?:de|het|mijn)\s+(?:toezegging|brief|motie|afspraak)[^,;.]*?(?=,|[.;]\s|[.;]?$)",
    re.IGNORECASE,
)
PROMISED = re.compile(
    r"\b(?:toegezegd|toezeggen|zeg\w*\s+(?:[\w-]+\s+){0,4}?toe|beloofd|beloof\w*)\b"
    r"[^.;]*?\bte\s+\w+",
    re.IGNORECASE,
)
PERFORMATIVE = re.compile(  # matched on lower-cased text
    r"\b(?:met|via|in|bij)\s+(?:deze|dit|de\s+onderhavige)\s+(?:kamer)?(?:brief|beantwoording|"
    r"antwoorden|antwoord|nota|notitie|rapportage)\b|\bhierbij\b|\bbijgaand\b|\bbijgevoegd\b",
    re.IGNORECASE,
)
# A document reported as out: "de onlangs verschenen Defensienota 2026".
DELIVERED = re.compile(
    r"\b(?:verschenen|gepubliceerde?|uitgebrachte?|toegezonden|toegestuurde?|verzonden|"
    r"aangeboden|gepresenteerde?|vastgestelde|ingediende?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<name>[A-Z][\w-]*(?:nota|brief|begroting|rapport|strategie|visie|agenda|plan|"
    r"programma|evaluatie|verslag|wet|advies|rapportage))\b",
)
# Cheap tests on the lower-cased clause before the expensive patterns run.
HEDGE_HINT = re.compile(
    r"beginsel|principe|voorbehoud|voorwaarde|verwachting|mogelijk|wellicht|"
    r"eventueel|waarschijnlijk|vermoedelijk|voorlopig|vooralsnog|mits|"
    r"\bkan\b|\bkunnen\b|\bzou"
)
UNDECIDED_HINT = re.compile(r"\bnog\b|open|overweging|\buit\b")
PROMISED_HINT = re.compile(r"toe|belo")
INTEND_HINT = re.compile(
    r"voorne|plan|beo|stree|intentie|bereid|ambit|wens|inzet|\bzet|bedoeling")
DECIDED_HINT = re.compile(r"beslo|beslis|gekozen|besluit|kiest")
DOCUMENT_HINT = re.compile(
    r"nota|brief|begroting|rapport|strategie|visie|agenda|plan|programma|"
    r"evaluatie|verslag|wet|\b(?:19|20)\d\d\b"
)
GOV_ACTORS = (
    (re.compile(r"\b(?:nederland|ons\s+land)\b", re.I), "Nederland"),
    (
        re.compile(
            r"\b(?:het\s+(?:nederlandse\s+)?kabinet|de\s+(?:nederlandse\s+)?regering)\b", re.I
        ),
        "het kabinet",
    ),
    (re.compile(r"\b(?:ministerie\s+van\s+)?defensie\b", re.I), "Defensie"),
    (re.compile(r"\b(?:de\s+)?(?:minister|staatssecretaris)\b", re.I), "de minister"),
    (re.compile(r"^(?:ik|wij|we)$", re.I), "ik"),
)
# A named document with its year ("Defensienota 2026") or its place in time ("de nieuwe nota").
DOCUMENT = re.compile(
    r"\b(?P<name>[A-Z][\w-]*(?:nota|brief|begroting|rapport|strategie|visie|agenda|plan|"
    r"programma|evaluatie|verslag|wet))(?:\s+(?P<year>(?:19|20)\d\d))?|"
    r"\b(?:[Dd]e|[Hh]et)\s+(?P<rel>nieuwe|komende|volgende|eerstvolgende|aanstaande|vorige|"
    r"eerdere|laatste)\s+(?P<rname>[\w-]*(?:nota|brief|begroting|rapport|strategie|visie|"
    r"agenda|plan|programma|evaluatie|verslag))\b|"
    # Any other name with a year is an edition: "Nationale Energieverkenning 2025".
    r"\b(?P<ename>[A-Z][a-zë][\w-]+)\s+(?P<eyear>(?:19|20)\d\d)(?![\d/-])",
)
# Capitalised words before a year that name a time, not a document ("Voorjaar 2027").
_NOT_EDITION_TEXT = " ".join(MONTH_NAMES) + """
    voorjaar zomer najaar winter lente herfst prinsjesdag verantwoordingsdag kerst kerstmis
    pasen pinksteren begin eind einde medio midden half halverwege vanaf sinds per uiterlijk
    voor vóór na tot tussen in op rond omstreeks tijdens gedurende uit van eind- ultimo
    kamerstuk kamerstukken handelingen aanhangsel zomerreces kerstreces voorjaarsreces
    herfstreces meireces krokusreces jaar kalenderjaar boekjaar schooljaar peiljaar
"""
NOT_EDITION = frozenset(_NOT_EDITION_TEXT.split())
NEG_WORD = re.compile(r"[\w-]+")
