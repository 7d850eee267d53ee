"""What one SRU record tells us about a publication (before its document is fetched)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class SruRecord:
    identifier: str
    modified: date  # dt.modified (day granularity)
    stamp: str  # finest modification stamp available: identifier + stamp de-duplicates
    title: str = ""
    doc_type: str = ""  # dcterms:type
    creator: str = ""  # "Tweede Kamer der Staten-Generaal" / "Eerste Kamer der Staten-Generaal"
    publicatienaam: str = ""
    subrubriek: str = ""  # "Antwoord", "Mededeling", "Schriftelijke vragen", ...
    aanhangselnummer: str = ""
    vraagnummer: str = ""  # the Zaak number
    vergaderjaar: str = ""
    indieners: list[str] = field(default_factory=list)
    ontvangers: list[str] = field(default_factory=list)
    date_received: date | None = None  # datumOntvangst
    date_sent: date | None = None  # datumIndiening
    available: date | None = None
    content_area: str = ""
    preferred_url: str = ""
    item_urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL
    aanhangsel: str = ""  # on a question: the identifier of the answer, when known
    position: int = 0  # sru:recordPosition

    @property
    def chamber(self) -> str:
        if "Eerste Kamer" in self.creator or self.identifier.startswith(("ah-ek", "kv-ek")):
            return "ek"
        return "tk"
