"""The words discovery reads a promise by: who speaks for the government, which acts commit,
what hedges, negates, points inside the answer or reports instead (the rules that use them are
in :mod:`monitor.promises.judge`)."""

from __future__ import annotations

import re

from monitor.promises.quick import AnyOf

# Where a clause's subject string runs on into a relative clause of someone else.
RELATIVE = re.compile(r"\b(?:dat|die|of|waarin|waarmee|waarvan)\s+", re.IGNORECASE)
# Commitments that carry their act in a clause of its own ("toegezegd dat ik ...").
COMMIT_ACTS = frozenset({"toezeggen", "beloven"})
OWN_CLAUSE = re.compile(r"(?:dat|om)\s+(?:ik|wij|we|het\s+kabinet)\b", re.IGNORECASE)
# A former minister speaks for nobody in government.
FORMER = re.compile(r"\b(?:oud|ex)-?(?:minister|staatssecretaris)|\bvoormalig", re.IGNORECASE)
# Subjects that speak for the government (the analysis layer already maps ik/wij/we, het
# kabinet, Nederland, Defensie and de minister; agencies are written out here).
GOV_ACTORS = frozenset({"ik", "het kabinet", "nederland", "defensie", "de minister"})
# The executive agencies of the ministries act for the government ("De NVWA zal het toezicht
# ... verscherpen", "Daarnaast gaat de Dienst Toeslagen een pilot uitvoeren"); independent
# bodies (the inspectorates, the NZa, the ACM), companies and other tiers of government do
# not.
AGENCIES = (r"nvwa\b|nederlandse\s+voedsel|duo\b|dienst\s+uitvoering\s+onderwijs|ind\b|"
            r"immigratie-\s+en\s+naturalisatiedienst|belastingdienst|dienst\s+toeslagen|"
            r"douane\b|logius\b|uwv\b|svb\b|cjib\b|dji\b|rijksvastgoedbedrijf")
GOV_SUBJECT = re.compile(
    r"^(?:het\s+|mijn\s+|ons\s+|de\s+)?(?:ministerie\b|rijk\b|rijkswaterstaat|rvo\b|rijksdienst|"
    r"kabinet|regering|staatssecretaris|minister\b|minister-president|wij\b|we\b|ik\b|"
    + AGENCIES + r")",
    re.IGNORECASE,
)
# Acts that report or judge rather than commit ("ik ga ervan uit", "zal tot gevolg hebben").
NOT_ACTS = frozenset({"zijn", "hebben", "uitgaan", "vinden", "menen", "achten", "kunnen",
                       "moeten", "mogen", "blijken", "lijken", "zien", "gelden", "betekenen",
                       "wijzen op", "leiden", "wachten", "afwachten", "verwachten",
                      "doorgaan",  # "Ik ga door met ...": carrying on, like "blijven"
                       "willen"})  # "Ik wil dat gemeenten ...": a wish about others, no act
# Stances, not acts: an intention to keep a position ("Het kabinet wil de afspraken
# respecteren", "Nederland wil vasthouden aan ...") promises nothing that could be kept or missed.
# Keeping something in a state is a stance too ("wil ... relevant houden", "toegankelijk
# houden").
STANCES = frozenset({"respecteren", "vasthouden", "handhaven", "behouden", "accepteren",
                      "aanvaarden", "blijven", "waarderen", "erkennen", "onderschrijven",
                      "houden"})
# "Ik ga ervan uit dat ...": an assumption about others, whatever verb the clause reader
# takes for the act.
ASSUME = re.compile(r"\b(?:ga|gaan|gaat|ging|gingen)\s+er\s?van\s?uit\b", re.IGNORECASE)
# "Wij willen ..." where the clause reader found no intention (it reads "ik wil" only).
WE_INTEND = re.compile(r"\b(?:wij|we)\s+willen\b|\bwillen\s+(?:wij|we)\b", re.IGNORECASE)
DEONTIC = re.compile(r"\b(?:moet|moeten|dient|dienen|hoeft|hoeven)\b", re.IGNORECASE)
EXPECT = re.compile(r"\bnaar\s+verwachting\b|\bverwacht\w*\b|\bwaarschijnlijk\b", re.IGNORECASE)
PASSIVE = re.compile(r"\bword(?:t|en)\b", re.IGNORECASE)
AGENT = re.compile(r"\bdoor\s+(?:de|het|een)\s+(?!minister|kabinet|regering|rijk|ministerie)"
                    r"\w+", re.IGNORECASE)
# A reference inside the same document: "ga ik in het antwoord op vraag 5 nader in".
INTERNAL = re.compile(
    r"\b(?:in|bij)\s+(?:het\s+|mijn\s+)?(?:antwoord(?:en)?\s+op\s+)?(?:de\s+)?vra(?:ag|gen)\s+\d+"
    r"(?:\s+(?:en|t/m|tot\s+en\s+met)\s+\d+)?\s+(?:\w+\s+){0,2}?(?:in|terug|toe)\b",
    re.IGNORECASE)
# Ongoing policy or work, not a promise: "het kabinet zet in op", "spant zich in", "wil werken
# aan", "toewerken naar".
ONGOING = re.compile(r"^(?:inzetten|inspannen|zetten|werken|toewerken)$")
# Conditional on need or possibility: "Indien nodig zal ik ...", "waar mogelijk" ("zo spoedig
# mogelijk" is a time, not a condition).
IF_NEEDED = re.compile(r"\b(?:indien|waar|zo|als|voor\s+zover)\s+(?:nodig|mogelijk|noodzakelijk|"
                        r"gewenst|opportuun)\b", re.IGNORECASE)
# An apology is said, not promised: "Ik bied hiervoor mijn excuses aan".
APOLOGY = re.compile(r"\bexcuses\b|\bexcuus\b|\bverontschuldiging", re.IGNORECASE)
# "ingaan op" is an act only towards a document or a time to come ("zal ik in de volgende
# voortgangsrapportage nader ingaan op"); otherwise it points inside the answer.
POINTING = frozenset({"ingaan"})
# Where a passive's own clause ends: an embedded question or clause, or a stop.
EMBEDDED = re.compile(r"\b(?:waar|welke|wat|hoe|of|dat|die|wie|omdat|zodat|wanneer)\b|[,;:]",
                       re.IGNORECASE)
PARTICIPLE = re.compile(r"\b\w*ge\w{2,}(?:d|t|n)\b|\b(?:ver|be|ont|her|er)\w{2,}(?:d|t|n)\b",
                         re.IGNORECASE)
# Clauses that are the content of the object, not the promise's time: "uiteenzetten welke
# stappen er zijn gezet en welke acties gepland staan voor 2025".
INDIRECT = re.compile(r"^\s*(?:en\s+|of\s+)?(?:welke|wat|hoe|waarom|wie)\b", re.IGNORECASE)
EMBEDDED_QUESTION = re.compile(r"\b(?:welke|wat|hoe|waarom|wie)\b", re.IGNORECASE)
# "Nederland wil werken aan ...": work, whatever the analysis took for the act (the purpose
# clause's "te realiseren").
WORK_ON = re.compile(r"\b(?:werken|werk|werkt)\s+(?:\w+\s+){0,2}?aan\b|\btoewerken\b",
                      re.IGNORECASE)
# What a document says, not what is done in it.
CONTENT = frozenset({"concluderen", "constateren", "beschrijven", "aanbevelen", "signaleren",
                      "vermelden", "noemen", "stellen", "aangeven", "uiteenzetten", "vaststellen",
                      "benoemen", "adviseren", "opmerken", "staan"})
# A named document that lies behind the answer: "in de Kamerbrief van 14 juli 2023".
DATED_BEHIND = re.compile(r"^\s*(?:van|d\.d\.)\s+(?:\d|afgelopen|vorig|jongstleden|jl\b)",
                           re.IGNORECASE)
# Markers of a firm future that survive glued words from PDF extraction ("zal ikde", "enzal").
GLUED_FUTURE = re.compile(
    r"(?<![a-z])(?:zal|ga)\s?ik|(?:zal|zullen|ga|gaan)\s?(?:wij|we|het\s?kabinet)(?![a-z])|"
    r"(?<![a-z])(?:ik|wij|we|het\s?kabinet|nederland)\s?(?:zal|zullen|ga|gaan)(?![a-z])|"
    r"(?:informeer|stuur|zend|bericht)\s?ik(?![a-z])|(?<![a-z])ik\s(?:informeer|stuur|zend)\b|"
    r"\bontvangt\s+u(?:w\s+kamer)?\b|\buw\s+kamer\s+ontvangt\b",
)
# "... dat Netflix zal voldoen": somebody else's future inside a clause of ours ("In die brief
# zal ik ...": after a preposition "die" points, it opens no clause).
THIRD_FUTURE = re.compile(
    r"\b(?:dat|(?<!\bin\s)(?<!\bop\s)(?<!\bmet\s)(?<!\bbij\s)(?<!\bnaar\s)die|of)\s+"
    r"(?!ik\b|wij\b|we\b|het\s+kabinet\b|nederland\b|uw\s+kamer\b)"
    r"(?:de\s+|het\s+)?[\w-]+\s+(?:zal|zullen)\b(?!\s+(?:ik|wij|we|het\s+kabinet)\b)",
    re.IGNORECASE)
CAN = re.compile(r"\b(?:kan|kunnen)\b", re.IGNORECASE)
# The answer itself delivers: "Via de beantwoording van deze vragen informeer ik u" (also
# "Deze brief stuur ik mede namens ...": the document in hand).
PERFORMATIVE = re.compile(
    r"\bmede\s+namens\b|^\W*(?:deze|dit)\s+(?:kamer)?(?:brief|antwoord|antwoorden|beantwoording)\b|"
    r"beantwoording\s+van\s+deze\s+vragen|\b(?:met|via|in|bij)\s+(?:deze|dit|de\s+onderhavige)\s+"
    r"(?:kamer)?(?:brief|beantwoording|antwoorden|antwoord)\b|\bbijgaand\b|"
    # "Hierbij" is "herewith" only with a delivery in the present ("Hierbij stuur ik u ...",
    # "Hierbij ontvangt u ..."); "Hierbij zal ik ook ... betrekken" is "in doing so".
    r"\bhierbij\s+(?:(?:ik|wij|we|u)\s+)?(?:stuur|zend|bied|ontvang|informeer|doe|tref|bericht|"
    r"geef|beantwoord|deel)\w*",
    re.IGNORECASE)
FIRST_PERSON_INTENT = re.compile(
    r"\b(?:wil|willen|ben|is|zijn)\s+(?:ik|wij|we|het\s+kabinet|nederland)\b|"
    r"\b(?:ik|wij|we|het\s+kabinet|nederland)\s+(?:wil|willen|ben|is|zijn)\b", re.IGNORECASE)
SOMEONE_ELSE = re.compile(r"\b(?:of|dat)\s+(?:ze|zij|hij|het|de)\b", re.IGNORECASE)
# Saying, not doing: "Daarbij wil ik benadrukken ...".
SPEECH_ACTS = frozenset({"benadrukken", "opmerken", "aangeven", "onderstrepen", "herhalen",
                          "verwijzen", "constateren", "vooropstellen", "melden", "zeggen",
                          "stellen"})
# Deliveries whose present passive promises: "Uw Kamer wordt binnenkort geïnformeerd".
DELIVER = frozenset({"informeren", "inlichten", "berichten", "rapporteren", "sturen",
                      "toesturen", "zenden", "toezenden", "versturen", "verzenden", "aanbieden",
                      "publiceren", "presenteren", "uitbrengen", "aanleveren", "voorleggen",
                      "uitnodigen", "indienen"})
# Deliveries (and the return to a subject) whose expected date, said with "verwacht ... te
# kunnen", promises (monitor/promises/clauses.py).
EXPECTED_DELIVERIES = DELIVER | {"terugkomen"}
FUTURE_PASSIVE = re.compile(r"\b(?:zal|zullen)\b[^.;]*\bword(?:en|t)\b", re.IGNORECASE)
# After "ik ga"/"wij gaan": no future act in "ga ... in op", "ga door met" (carrying on) or
# "gaan over" (being responsible for).
NOT_AFTER = re.compile(r"er\s?van\s?uit|\bin\s+op\b|\bverder\s+in\b|\bingaan\b|^\s*door\s+met\b|"
                       r"^\s*over\b")
NEGATED = re.compile(r"\b(?:niet|geen|nooit|niets)\b(?!\s+alleen\b)(?!\s+later\s+dan)"
                      r"(?!\s+eerder\s+dan)")
NOW = re.compile(r"\bop\s+dit\s+moment\b|\bmomenteel\b|\bthans\b|\bop\s+dit\s+ogenblik\b",
                  re.IGNORECASE)
WILL = re.compile(r"\b(?:zal|zullen|ga|gaan|gaat)\b", re.IGNORECASE)
# An aim or plan of ours said with a noun: "Inzet is om ...", "Het streven is dat ...", "Het is
# de bedoeling dat ..." ("de inzet van ngo's" alone is no aim).
_AIM_AT_WORD = (r"(?:inzet|streven|voornemen|intentie|bedoeling|planning)\b(?:\s+[\w'’-]+){0,6}?\s+"
                r"(?:is|blijft)(?:\s+erop\s+gericht)?\s+(?:om|dat)\b|is\s+(?:de\s+|ons\s+|mijn\s+)?"
                r"(?:bedoeling|planning|streven|voornemen|inzet)\s+(?:om|dat)\b|stre(?:ef|eft|ven)\b")
AIM = r"\b(?:" + _AIM_AT_WORD + ")"
# Any cue of a promise, in lower case (an alternation in two parts: monitor/promises/quick.py).
HINT = AnyOf(
    re.compile(r"zal|zullen|gaan\b|gaat\b|informeer|stuur|voornemens|van\s+plan|toegezegd|toezeg|"
               r"word|ontvangt|beoog|streef|bereid|publiceer|bied\s|rapporteer|bericht|presenteer|"
               r"voorleg|leg\w*\s.*\bvoor\b|verwacht|plaatsvind|hierin|daarin|hoogte"),
    # where a word starts
    re.compile(r"\b(?:ga|zend|kom|wil|intentie|(?:stel|werk)\w*\s.*\b(?:op|uit)\b|"
               r"neem\w*\s.*\b(?:deel|op|mee)\b|ontwikkel(?:t|en)?\b|la(?:at|ten)\b|"
               # an aim of our own, an act named as a noun, a document pointed at
               # (monitor/promises/roles.py)
               + _AIM_AT_WORD + r"|plaats\b)"))

# Acts that change a rule, a practice or a thing, whose present passive with nobody named is a
# step of a plan ("Ten eerste wordt de regeling vereenvoudigd", "De controles worden
# aangescherpt"); routine handling ("De aanvragen worden beoordeeld") is not among them.
CHANGE_ACTS = frozenset({
    "aanscherpen", "verscherpen", "vereenvoudigen", "uitbreiden", "opstellen", "ontwikkelen",
    "aanpassen", "wijzigen", "herzien", "invoeren", "intensiveren", "versterken", "verbeteren",
    "verhogen", "verlagen", "verlengen", "verkorten", "versnellen", "opzetten", "oprichten",
    "instellen", "inrichten", "starten", "opstarten", "uitwerken", "evalueren", "afschaffen",
    "schrappen", "verruimen", "verbreden", "stroomlijnen", "actualiseren", "herijken",
    "moderniseren", "openstellen", "verplichten", "verbieden", "vastleggen", "introduceren",
    "lanceren", "uitrollen", "opschalen", "maken", "bouwen", "aanleggen"})
# "maken" and "komen er" make a plan step only of a thing the government makes.
PRODUCTS = re.compile(
    r"(?:plan|aanpak|regeling|wet|wetsvoorstel|voorstel|meldpunt|loket|campagne|kader|"
    r"programma|agenda|visie|strategie|fonds|pilot|proef|richtlijn|handreiking|protocol|"
    r"register|keurmerk|leidraad|instrument|overzicht|actieplan|routekaart|monitor|"
    r"subsidie\w*|maatregel\w*|verbod|norm)\b", re.IGNORECASE)
# Work under way, done before or done as a habit: no step still to come.
UNDER_WAY = re.compile(r"\b(?:al|reeds|inmiddels|momenteel|thans|nu|sinds|steeds|nog\s+steeds|"
                       r"voortdurend|doorlopend|standaard|regelmatig|jaarlijks|altijd|"
                       r"doorgaans|in\s+de\s+regel|op\s+dit\s+moment)\b", re.IGNORECASE)
# A consequence, not an act: "Hierdoor zal de wachttijd worden verkort".
CONSEQUENCE = re.compile(r"^\W*(?:hierdoor|daardoor|zodoende|als\s+gevolg\s+(?:hiervan|daarvan)|"
                         r"dit\s+zal|dat\s+zal|dit\s+betekent|dat\s+betekent)\b", re.IGNORECASE)
# Someone else's instrument as the subject of a passive ("Vanaf 2027 wordt het Europese
# emissiehandelssysteem uitgebreid").
OTHERS_SUBJECT = re.compile(r"\beuropes\w*|\beu\b|\beu-|\bunie\b|\bnavo\b|"
                            r"\bgemeentelijk\w*|\bprovinciaa?l\w*|\binternationa\w*",
                            re.IGNORECASE)
# A future perfect with nobody named: "Voor 1 januari zal de herziening zijn afgerond", "Dan
# zal ook het rapport gepubliceerd zijn".
FUTURE_STATE = re.compile(r"\b(?:zal|zullen)\b[^.;]*\b(?:zijn\s+[\w-]+|[\w-]+\s+zijn)\s*[.;]?$",
                          re.IGNORECASE)
# Verbs that happen rather than are done: their future perfect is a forecast.
UNACCUSATIVE = frozenset({"dalen", "stijgen", "toenemen", "afnemen", "groeien", "verdwijnen",
                          "ontstaan", "komen", "gaan", "blijven", "worden", "vallen",
                          "verschijnen", "aflopen", "verstrijken", "verlopen", "ontbreken",
                          "slagen", "mislukken", "veranderen", "krimpen", "zijn"})
# A document only pointed at, to come when the clause is a future: "In die reactie zal ...",
# "Hierin worden ... meegenomen", "Daarin zal ik ...".
POINTED = re.compile(r"^\W*(?:hierin|daarin|in\s+(?:die|dat)\s+[\w-]*(?:nota|brief|rapportage|"
                     r"reactie|rapport|plan|verslag|evaluatie|notitie|uitwerking|"
                     r"wetsvoorstel|voorstel|kabinetsreactie|beleidsreactie))\b", re.IGNORECASE)
# What is put into a document to come ("meenemen", "betrekken", "opnemen"): done in it.
INTO_DOCUMENT = frozenset({"meenemen", "betrekken", "opnemen", "verwerken", "uitwerken",
                           "ingaan", "toelichten", "schetsen", "beschrijven", "presenteren"})
# A doer named in a passive, with or without an article ("door autoriteiten van ...", "door de
# gemeente"); "door middel van", "door te ..." and the government itself name nobody else.
OTHER_AGENT = re.compile(
    r"\bdoor\s+(?!middel\b|te\b|mij\b|ons\b|nederland\b)(?:de\s+|het\s+|een\s+)?"
    r"(?!minister|kabinet|regering|rijk\b|ministerie|staatssecretaris)[\w-]+", re.IGNORECASE)
# A modal, also glued to the word before it by PDF extraction ("Het programmamoet worden
# aangepast"): a duty or a permission, not a step.
MODAL = re.compile(r"(?:moet|moeten|mag|mogen|kan|kunnen|zou|zouden|dient|dienen|hoeft|"
                   r"hoeven)\b", re.IGNORECASE)
# Examining, in the passive, of an open question: "wordt bezien welke maatregelen nodig zijn",
# "wordt onderzocht of ..." (routine handling has no question: "Meldingen worden onderzocht").
EXAMINE_ACTS = frozenset({"bezien", "onderzoeken", "verkennen", "nagaan", "bekijken", "uitzoeken",
                          "inventariseren", "analyseren", "beoordelen", "afwegen"})
OPEN_QUESTION = re.compile(r"\b(?:of|welke|hoe|wat|waar|in\s+hoeverre|waarom|wanneer|op\s+welke)\b",
                           re.IGNORECASE)
# A present act put into a step still to come: "Ik neem uw suggestie mee bij de herziening
# van de regeling".
STEP_TO_COME = re.compile(
    r"\b(?:bij|in)\s+(?:de|het)\s+(?:verdere\s+|nadere\s+|komende\s+|aanstaande\s+)?"
    r"(?:herziening|uitwerking|evaluatie|implementatie|vormgeving|totstandkoming|voorbereiding|"
    r"actualisatie|aanpassing)\b", re.IGNORECASE)
