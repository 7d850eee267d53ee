# ruff: noqa: E501  (sentence patterns read best unbroken)
"""Word material for generated Kamervragen: members, parties, ministers, ministries, topics and
sentence patterns of the kind written questions and answers use."""

from __future__ import annotations

# (surname as printed in the header, party)
MEMBERS: tuple[tuple[str, str], ...] = (
    ("Van Weyenberg", "D66"), ("Paternotte", "D66"), ("Sneller", "D66"), ("Podt", "D66"),
    ("Bontenbal", "CDA"), ("Inge van Dijk", "CDA"), ("Krul", "CDA"), ("Vijlbrief", "D66"),
    ("Boswijk", "CDA"), ("Kathmann", "GroenLinks-PvdA"), ("Thijssen", "GroenLinks-PvdA"),
    ("Bushoff", "GroenLinks-PvdA"), ("Kröger", "GroenLinks-PvdA"), ("Klaver", "GroenLinks-PvdA"),
    ("Dassen", "Volt"), ("Koekkoek", "Volt"), ("Grinwis", "ChristenUnie"),
    ("Bikker", "ChristenUnie"), ("Stoffer", "SGP"), ("Flach", "SGP"), ("Dobbe", "SP"),
    ("Van Nispen", "SP"), ("Beckerman", "SP"), ("Ouwehand", "PvdD"), ("Teunissen", "PvdD"),
    ("Eerdmans", "JA21"), ("Van Haga", "BVNL"), ("Michon-Derkzen", "VVD"), ("Erkens", "VVD"),
    ("Van Campen", "VVD"), ("Tielen", "VVD"), ("Kisteman", "VVD"), ("Wilders", "PVV"),
    ("Agema", "PVV"), ("Madlener", "PVV"), ("Kops", "PVV"), ("Vermeer", "BBB"),
    ("Van der Plas", "BBB"), ("Omtzigt", "NSC"), ("Six Dijkstra", "NSC"), ("Van Baarle", "DENK"),
    ("El Abassi", "DENK"),
)

# (ministry, abbreviation, [(role, surname)], [topic phrases])
MINISTRIES: tuple[tuple[str, str, tuple[tuple[str, str], ...], tuple[str, ...]], ...] = (
    ("Defensie", "DEF", (("Minister", "Brekelmans"), ("Staatssecretaris", "Boswijk")),
     ("de Europese defensie-industrie", "de levering van munitie", "het personeelstekort bij "
      "de krijgsmacht", "de aanschaf van onbemenste systemen", "de Defensienota 2026",
      "deelname aan het Europees Defensie-Industrie Programma (EDIP)")),
    ("Sociale Zaken en Werkgelegenheid", "SZW", (("Minister", "Koolmees"), ("Minister", "Paul")),
     ("de Tozo-lening", "het Bbz-krediet", "de hoogte van het minimumloon", "armoede onder "
      "werkende gezinnen", "de terugvordering van kinderopvangtoeslag")),
    ("Financiën", "FIN", (("Minister", "Heinen"), ("Staatssecretaris", "Van Oostenbruggen")),
     ("de negatieve spaarrente", "de belasting op vermogen in box 3", "het toezicht op "
      "cryptobedrijven", "de herstelregeling voor toeslagen")),
    ("Volksgezondheid, Welzijn en Sport", "VWS", (("Minister", "Agema"), ("Staatssecretaris",
     "Karremans")), ("wachtlijsten in de jeugdzorg", "het tekort aan huisartsen", "de "
     "vergoeding van fysiotherapie", "de sluiting van spoedeisende hulpposten")),
    ("Infrastructuur en Waterstaat", "IenW", (("Minister", "Madlener"), ("Staatssecretaris",
     "Jansen")), ("het onderhoud van bruggen en viaducten", "de dienstregeling van de NS",
     "de uitstoot van PFAS", "de verdieping van de vaargeul")),
    ("Justitie en Veiligheid", "JenV", (("Minister", "Van Weel"), ("Staatssecretaris",
     "Struycken")), ("de capaciteit van het gevangeniswezen", "de doorlooptijden in de "
     "strafrechtketen", "ondermijning in havens", "online fraude met bankpassen")),
    ("Onderwijs, Cultuur en Wetenschap", "OCW", (("Minister", "Bruins"),),
     ("het lerarentekort", "de bezuinigingen op het hoger onderwijs", "de toekomst van de "
      "publieke omroep", "leesvaardigheid in het basisonderwijs")),
    ("Economische Zaken", "EZ", (("Minister", "Beljaarts"),),
     ("de netcongestie op het elektriciteitsnet", "de gaswinning in Groningen",
      "steun voor de chipindustrie", "de positie van het mkb")),
    ("Buitenlandse Zaken", "BZ", (("Minister", "Veldkamp"),),
     ("de sancties tegen Rusland", "de humanitaire situatie in Gaza", "de export van "
      "dual-use goederen")),
    ("Landbouw, Visserij, Voedselzekerheid en Natuur", "LVVN", (("Minister", "Wiersma"),),
     ("de stikstofdepositie rond Natura 2000-gebieden", "de uitkoopregeling voor "
      "veehouders", "de mestmarkt", "de vogelgriep op pluimveebedrijven")),
)

QUESTION_PATTERNS: tuple[str, ...] = (
    "Bent u bekend met het bericht over {topic}?",
    "Klopt het dat {topic} de afgelopen jaren sterk is veranderd? Kunt u dit toelichten met cijfers over {year}?",
    "Hoe beoordeelt u de gevolgen van {topic} voor gemeenten, burgers en ondernemers?",
    "Welke maatregelen heeft u sinds {year} genomen met betrekking tot {topic}, en wat is het effect daarvan geweest?",
    "Kunt u aangeven hoeveel middelen er in de begroting voor {year} beschikbaar zijn voor {topic}?",
    "Deelt u de mening dat de huidige aanpak van {topic} tekortschiet? Zo nee, waarom niet?",
    "Bent u bereid de Kamer vóór de zomer te informeren over de voortgang rond {topic}?",
    "Welke afspraken zijn er op Europees niveau gemaakt over {topic}, en hoe verhoudt Nederland zich daartoe?",
    "In hoeverre is er overleg gevoerd met de betrokken sectororganisaties over {topic}?",
    "Kunt u toelichten waarom er nog geen besluit is genomen over {topic}?",
    "Wat is de stand van zaken van de toezegging om de Kamer te informeren over {topic}?",
    "Bent u bereid om in gesprek te gaan met de betrokken partijen over {topic} en de Kamer over de uitkomsten te informeren?",
)

ANSWER_SENTENCES: tuple[str, ...] = (
    "Ja, ik ben bekend met het bericht.",
    "Het kabinet hecht groot belang aan een zorgvuldige aanpak van {topic}.",
    "In {year} is een eerste evaluatie uitgevoerd, waarvan de resultaten met uw Kamer zijn gedeeld.",
    "Uit de beschikbare gegevens blijkt dat het aantal meldingen in {year} met {pct} procent is gestegen ten opzichte van het jaar daarvoor.",
    "Voor {topic} is in de begroting voor {year} een bedrag van {amount} miljoen euro gereserveerd.",
    "Ik deel de mening dat verbetering nodig is, maar een aanpak vraagt om zorgvuldige afstemming met gemeenten en uitvoeringsorganisaties.",
    "Hierover wordt uw Kamer voor het einde van het jaar nader geïnformeerd.",
    "Op dit moment is het niet mogelijk om een volledig beeld te geven, omdat de benodigde cijfers nog niet beschikbaar zijn.",
    "Het ministerie voert hierover regelmatig overleg met de betrokken sectororganisaties en toezichthouders.",
    "Op Europees niveau wordt gewerkt aan gezamenlijke afspraken, waarbij Nederland zich actief inzet voor een ambitieuze uitkomst.",
    "De uitvoering ligt primair bij de decentrale overheden, die hiervoor middelen ontvangen via het gemeentefonds.",
    "Ik ben voornemens om in het voorjaar van {next_year} met een nadere uitwerking te komen.",
    "Een besluit hierover wordt meegenomen in de integrale afweging bij de voorjaarsbesluitvorming.",
    "Daarbij wordt nadrukkelijk gekeken naar de gevolgen voor de uitvoerbaarheid en de administratieve lasten.",
    "De toezichthouder heeft aangegeven de ontwikkelingen nauwlettend te volgen en zo nodig handhavend op te treden.",
    "Ik zie op dit moment geen aanleiding om de bestaande regelgeving aan te passen.",
    "Wel ben ik bereid om samen met de betrokken partijen te verkennen welke aanvullende maatregelen mogelijk zijn.",
    "Zoals toegezegd tijdens het commissiedebat van {month} {year}, wordt de Kamer halfjaarlijks over de voortgang geïnformeerd.",
    "Het gaat hierbij om een complex vraagstuk waarbij verschillende belangen zorgvuldig tegen elkaar moeten worden afgewogen.",
    "In totaal zijn er in {year} ongeveer {count} aanvragen ontvangen, waarvan het merendeel binnen de wettelijke termijn is afgehandeld.",
)

NOTICE = (
    "De vragen van {who} over {topic} (ingezonden {sent}) kunnen tot mijn spijt niet binnen de "
    "gebruikelijke termijn van drie weken worden beantwoord. De reden van het uitstel is dat voor "
    "de beantwoording afstemming met andere departementen nodig is. Ik streef ernaar de vragen zo "
    "spoedig mogelijk te beantwoorden."
)

INITIALS = ("A.", "B.", "C.J.", "D.", "E.M.", "F.", "G.", "H.", "I.", "J.", "J.W.", "K.", "L.",
            "M.", "M.C.", "N.", "P.A.", "R.", "S.", "T.", "W.")
