"""Labelled statement pairs: (previous, current, expected verdicts, what it tests).

Written from the real 2026 answer (tests/data/parse/answer-2026-05-19-...txt) and plausible
continuations of it. Labels were written before looking at the classifier's output.
"""

from __future__ import annotations

EDIP = (
    "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
    "Defensie-Industrie Programma (EDIP)."
)
NOTA = (
    "Hierbij wordt rekening gehouden met de vereisten die moderne oorlogsvoering aan de "
    "krijgsmacht stelt. Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd."
)
EDF = (
    "Momenteel neemt Nederland en de Nederlandse industrie bijvoorbeeld deel aan het Europees "
    "Defensiefonds, dat zich richt op onderzoek en ontwikkeling."
)
SCALE = (
    "Aangezien de defensiegerelateerde ontwikkelprogramma’s in het volgende Meerjarig Financieel "
    "Kader van de EU in aantal en omvang zullen toenemen, is het te verwachten dat de "
    "instrumenten van Defensie op termijn moeten worden opgeschaald."
)
ORIGIN = (
    "Defensie laat om deze reden herkomst steeds zwaarder meewegen in de keuzes voor materieel, "
    "naast kwaliteit, prijs en levertijd (Kamerstuk 36410, nr. 93)."
)

PAIRS: list[tuple[str, str, set[str], str]] = [
    # --- restated: only normalisation differs ---------------------------------------------
    (EDIP, EDIP.replace("Defensie-Industrie Programma", "Defensie-industrieprogramma"),
     {"restated"}, "hyphenation and compounding"),
    (EDIP, EDIP.replace("(EDIP).", "(EDIP)2."), {"restated"}, "a new footnote number"),
    (EDIP, EDIP.replace("  ", " ").replace(" om ", "  om\n"), {"restated"}, "reflowed whitespace"),
    (NOTA, NOTA.replace("stelt. Hierover", "stelt. Tweede Kamer, vergaderjaar 2025–2026, "
                        "Aanhangsel 1234 Hierover"), {"restated"}, "a page header in between"),
    (NOTA, NOTA.replace("Defensienota 2026", "‘Defensienota 2026’"), {"restated"}, "quotes"),
    (EDF, EDF.upper(), {"restated"}, "case"),
    (ORIGIN, ORIGIN.replace("Kamerstuk 36410, nr. 93", "Kamerstuk 36410, nr. 93¹"),
     {"restated"}, "superscript footnote mark"),
    # --- reworded: different words, same meaning on every axis ------------------------------
    (EDIP, "Zoals eerder gemeld is Nederland voornemens om ook deel te nemen aan het Europees "
           "Defensie-Industrie Programma (EDIP).", {"reworded"}, "an added 'zoals eerder gemeld'"),
    (EDIP, "Om ook deel te nemen aan het Europees Defensie-Industrie Programma (EDIP) is "
           "Nederland daarnaast voornemens.", {"reworded"}, "clauses reordered"),
    (EDIP, "Verder is Nederland voornemens eveneens deel te nemen aan EDIP, het Europees "
           "Defensie-Industrie Programma.", {"reworded"}, "synonyms and apposition"),
    (NOTA, "Met de vereisten die moderne oorlogsvoering aan de krijgsmacht stelt, wordt hierbij "
           "rekening gehouden. Uw Kamer wordt hierover in de Defensienota 2026 nader "
           "geïnformeerd.", {"reworded"}, "word order of both sentences"),
    (NOTA, NOTA.replace("nader geïnformeerd", "uitgebreider geïnformeerd"), {"reworded"},
     "an adverb changed"),
    (SCALE, SCALE.replace("is het te verwachten", "valt te verwachten"), {"reworded"},
     "phrasing"),
    (EDF, "Nederland en de Nederlandse industrie nemen momenteel bijvoorbeeld deel aan het "
          "Europees Defensiefonds, dat gericht is op onderzoek en ontwikkeling.", {"reworded"},
     "plural verb and reordering"),
    (ORIGIN, "Om deze reden laat Defensie herkomst steeds zwaarder meewegen bij de keuze voor "
             "materieel, naast kwaliteit, prijs en levertijd (Kamerstuk 36410, nr. 93).",
     {"reworded"}, "reference numbers kept, sentence reordered"),
    # --- position_changed -------------------------------------------------------------------
    (EDIP, "Nederland neemt deel aan het Europees Defensie-Industrie Programma (EDIP).",
     {"position_changed"}, "intends -> does"),
    (EDIP, "Het kabinet heeft besloten dat Nederland deelneemt aan het Europees "
           "Defensie-Industrie Programma (EDIP).", {"position_changed"}, "intends -> decided"),
    (EDIP, "Nederland zal deelnemen aan het Europees Defensie-Industrie Programma (EDIP).",
     {"position_changed"}, "intends -> will"),
    (EDIP, "Nederland onderzoekt of het zal deelnemen aan het Europees Defensie-Industrie "
           "Programma (EDIP).", {"position_changed"}, "intends -> investigating"),
    (EDIP, "Het kabinet heeft nog geen besluit genomen over deelname van Nederland aan het "
           "Europees Defensie-Industrie Programma (EDIP).", {"position_changed"},
     "intends -> no decision"),
    (EDIP, "Nederland heeft de deelnameovereenkomst voor het Europees Defensie-Industrie "
           "Programma (EDIP) ondertekend.", {"position_changed"}, "intends -> signed"),
    (EDIP, "Nederland ziet af van deelname aan het Europees Defensie-Industrie Programma (EDIP).",
     {"position_changed"}, "withdrawn"),
    ("Nederland overweegt deel te nemen aan EDIP.",
     "Nederland is voornemens deel te nemen aan EDIP.", {"position_changed"},
     "considering -> intends"),
    ("Nederland neemt deel aan EDIP.", "Nederland neemt niet langer deel aan EDIP.",
     {"position_changed", "negation_flipped"}, "does -> withdrawn, negated"),
    ("Het kabinet hecht groot belang aan een zorgvuldige aanpak van deelname aan het Europees "
     "Defensie-Industrie Programma (EDIP).", EDIP, {"position_changed"},
     "no stated position -> intends"),
    ("Over deelname aan EDIP wordt uw Kamer na de zomer geïnformeerd.",
     "Over deelname aan EDIP wordt uw Kamer na de zomer geïnformeerd; Nederland zal deelnemen.",
     {"position_changed"}, "no stated position -> will"),
    ("Het kabinet verkent de mogelijkheden van deelname aan EDIP.",
     "Het kabinet bestudeert de mogelijkheden van deelname aan EDIP.", {"reworded"},
     "investigating in other words: the same bottom rung"),
    # --- timeline_changed -------------------------------------------------------------------
    (NOTA, NOTA.replace("Defensienota 2026", "Defensienota 2027"), {"timeline_changed"},
     "Defensienota 2026 -> 2027"),
    (NOTA, NOTA.replace("in de Defensienota 2026", "na het zomerreces in de Defensienota 2026"),
     {"timeline_changed"}, "a moment added"),
    ("Uw Kamer ontvangt de Defensienota voor de zomer.",
     "Uw Kamer ontvangt de Defensienota in het najaar.", {"timeline_changed"},
     "voor de zomer -> in het najaar"),
    ("Het besluit over deelname aan EDIP volgt in het eerste kwartaal van 2027.",
     "Het besluit over deelname aan EDIP volgt in het tweede kwartaal van 2027.",
     {"timeline_changed"}, "quarter moved"),
    ("Nederland is voornemens om per 1 januari 2027 deel te nemen aan EDIP.",
     "Nederland is voornemens om per 1 juli 2027 deel te nemen aan EDIP.",
     {"timeline_changed"}, "start date moved"),
    # --- figures_changed --------------------------------------------------------------------
    ("Nederland draagt € 25 miljoen bij aan EDIP.", "Nederland draagt € 40 miljoen bij aan EDIP.",
     {"figures_changed"}, "amount"),
    ("Ongeveer 10 procent van het budget gaat naar EDIP-projecten.",
     "Ongeveer 15% van het budget gaat naar EDIP-projecten.", {"figures_changed"}, "percentage"),
    ("Nederland neemt deel aan drie EDIP-projecten.",
     "Nederland neemt deel aan vijf EDIP-projecten.", {"figures_changed"}, "number words"),
    (SCALE + " Het gaat om 1,5 miljard euro.", SCALE + " Het gaat om 2 miljard euro.",
     {"figures_changed"}, "billions"),
    # --- negation_flipped -------------------------------------------------------------------
    ("De exacte omvang van die opschaling is nu nog niet goed in te schatten.",
     "De exacte omvang van die opschaling is nu goed in te schatten.", {"negation_flipped"},
     "negation removed"),
    ("Het kabinet doet publiekelijk inhoudelijke uitspraken over afhankelijkheden van EDIP.",
     "Het kabinet doet publiekelijk geen inhoudelijke uitspraken over afhankelijkheden van EDIP.",
     {"negation_flipped"}, "geen added"),
    # --- fulfilled --------------------------------------------------------------------------
    (NOTA, NOTA.replace("wordt uw Kamer", "is uw Kamer"), {"fulfilled"},
     "wordt geïnformeerd -> is geïnformeerd"),
    (NOTA, "In de Defensienota 2026, die op 9 september 2026 aan uw Kamer is gestuurd, is "
           "rekening gehouden met de vereisten die moderne oorlogsvoering aan de krijgsmacht "
           "stelt.", {"fulfilled"}, "sent, with the date it was sent"),
    ("Ik zal uw Kamer voor de zomer informeren over deelname aan EDIP.",
     "Ik heb uw Kamer op 12 juni geïnformeerd over deelname aan EDIP.", {"fulfilled"},
     "zal informeren -> heb geïnformeerd"),
    ("De Defensienota wordt na het zomerreces aan uw Kamer toegestuurd.",
     "De Defensienota is op 15 september aan uw Kamer toegestuurd.", {"fulfilled"},
     "toegestuurd"),
    # --- several at once --------------------------------------------------------------------
    (EDIP, "Nederland neemt vanaf 2027 deel aan het Europees Defensie-Industrie Programma (EDIP).",
     {"position_changed", "timeline_changed"}, "does, with a start year"),
    (EDIP, "Nederland zal niet deelnemen aan het Europees Defensie-Industrie Programma (EDIP).",
     {"position_changed", "negation_flipped"}, "will not"),
    (NOTA, NOTA.replace("Defensienota 2026 nader geïnformeerd",
                        "Defensienota 2027 nader geïnformeerd over 3 nieuwe brigades"),
     {"timeline_changed", "figures_changed"}, "slips and adds a figure"),
    # --- changed: a sensitive word moved that no rule reads with confidence ----------------------
    ("Nederland neemt deel aan EDIP.", "Nederland moet deelnemen aan EDIP.", {"changed"},
     "an obligation: not a rung of the ladder"),
    ("Het kabinet informeert uw Kamer over de uitkomst.",
     "Het kabinet informeert uw Kamer over de uitkomst, als die er is.", {"changed"},
     "a condition added"),
]
