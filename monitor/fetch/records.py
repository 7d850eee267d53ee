"""What one SRU record tells us about a publication (before its document is fetched), and the
record as JSON: stored with every version, read back to re-parse without the network."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


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


def record_json(record: SruRecord) -> dict[str, Any]:
    """The SRU record as JSON, kept with every version (dates as ISO strings)."""
    # Not dataclasses.asdict: its recursive deep copy was a measurable part of the writer's time.
    data: dict[str, Any] = {}
    for f in _RECORD_FIELDS:
        value = getattr(record, f)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list | dict):
            value = value.copy()
        data[f] = value
    return data


_RECORD_FIELDS = tuple(f.name for f in fields(SruRecord))
_RECORD_DATES = ("modified", "date_received", "date_sent", "available")


def record_from_json(data: dict[str, Any]) -> SruRecord:
    """Inverse of :func:`record_json` (the SRU record kept with every version)."""
    values = dict(data)
    for key in _RECORD_DATES:
        if values.get(key):
            values[key] = date.fromisoformat(values[key])
    return SruRecord(**values)
