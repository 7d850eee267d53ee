"""The emulator's corpus: publications, their versions and manifestation files.

Folder format (one folder per publication version, files read lazily so a large corpus costs
little memory)::

    DIR/<identifier>/v<version>/record.json      # SRU metadata, dt.modified, stamp, file names
    DIR/<identifier>/v<version>/<identifier>.xml # manifestations, as listed in record.json
    DIR/<identifier>/v<version>/metadata_owms.xml ...

The SRU endpoint serves the newest version of every publication; the document URLs of every
version stay reachable.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from monitor.errors import CorpusError, NotFound

MANIFESTATION_FILES = {"metadata": "metadata.xml", "metadataowms": "metadata_owms.xml"}
MANIFESTATION_TYPES = {
    "xml": "application/xml; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "metadata": "application/xml; charset=utf-8",
    "metadataowms": "application/xml; charset=utf-8",
    "odt": "application/vnd.oasis.opendocument.text",
}
# Order of the gzd:itemUrl elements in real records (alphabetical).
MANIFESTATION_ORDER = ("html", "metadata", "metadataowms", "odt", "pdf", "xml")


def file_name(identifier: str, manifestation: str) -> str:
    return MANIFESTATION_FILES.get(manifestation, f"{identifier}.{manifestation}")


@dataclass
class Entry:
    """One version of one publication, as the SRU service and the repository know it."""

    identifier: str
    modified: date
    stamp: str  # cd:datumTijdstipWijzigingExpression
    version: int = 1
    timestamp: str = ""  # gzd:timestamp (defaults to the stamp)
    title: str = ""
    doc_type: str = "Aanhangsel van de Handelingen"
    creator: str = "Tweede Kamer der Staten-Generaal"
    publicatienaam: str = "Kamervragen (Aanhangsel)"
    subrubriek: str = "Antwoord"
    aanhangselnummer: str = ""
    vraagnummer: str = ""
    vergaderjaar: str = ""
    indieners: list[str] = field(default_factory=list)
    ontvangers: list[str] = field(default_factory=list)
    date_received: date | None = None
    date_sent: date | None = None
    available: date | None = None
    content_area: str = ""  # "officielepublicaties/ah-tk/20202021"
    subjects: list[str] = field(default_factory=list)
    documentstatus: str = "Opgemaakt na onopgemaakt"
    # manifestation -> bytes (in memory), Path (read on request) or None (listed, but 404)
    files: dict[str, bytes | Path | None] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int]:
        return (self.identifier, self.version)

    def path(self, manifestation: str) -> str:
        """The URL path of a manifestation (host-less), shaped like the live repository's."""
        area = self.content_area or "officielepublicaties"
        name = file_name(self.identifier, manifestation)
        return f"/frbr/{area}/{self.identifier}/{self.version}/{manifestation}/{name}"

    def content(self, manifestation: str) -> bytes | None:
        value = self.files.get(manifestation)
        if isinstance(value, Path):
            return value.read_bytes()
        return value

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            k: getattr(self, k)
            for k in (
                "identifier", "version", "stamp", "timestamp", "title", "doc_type", "creator",
                "publicatienaam", "subrubriek", "aanhangselnummer", "vraagnummer",
                "vergaderjaar", "indieners", "ontvangers", "content_area", "subjects",
                "documentstatus",
            )
        }
        for k in ("modified", "date_received", "date_sent", "available"):
            value = getattr(self, k)
            data[k] = value.isoformat() if value else None
        data["files"] = {
            m: (None if v is None else file_name(self.identifier, m)) for m, v in self.files.items()
        }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], folder: Path) -> Entry:
        kwargs = dict(data)
        for k in ("modified", "date_received", "date_sent", "available"):
            kwargs[k] = date.fromisoformat(data[k]) if data.get(k) else None
        files: dict[str, bytes | Path | None] = {}
        for manifestation, name in data.get("files", {}).items():
            files[manifestation] = None if name is None else folder / name
        kwargs["files"] = files
        if kwargs["modified"] is None:
            raise CorpusError(f"{folder}: record.json has no modified date")
        return cls(**kwargs)


class Corpus:
    """In-memory index of the corpus (thread-safe; ``generation`` changes on every edit)."""

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self._versions: dict[str, list[Entry]] = {}
        self._lock = threading.RLock()
        self.generation = 0
        self._current: list[Entry] | None = None
        for entry in entries or []:
            self.add(entry)

    # --- loading and saving -------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path) -> Corpus:
        """Read a corpus folder (files stay on disk until requested)."""
        root = Path(path)
        if not root.is_dir():
            raise CorpusError(f"{root}: corpus folder not found")
        corpus = cls()
        for record in sorted(root.glob("*/v*/record.json")):
            try:
                data = json.loads(record.read_text(encoding="utf-8"))
                corpus.add(Entry.from_json(data, record.parent))
            except (ValueError, TypeError, KeyError) as exc:
                raise CorpusError(f"{record}: invalid record ({exc})") from None
        return corpus

    def save(self, path: str | Path) -> None:
        """Write the corpus in the folder format (see the module docstring)."""
        root = Path(path)
        with self._lock:
            entries = [e for versions in self._versions.values() for e in versions]
        for entry in entries:
            folder = root / entry.identifier / f"v{entry.version}"
            folder.mkdir(parents=True, exist_ok=True)
            for manifestation, value in entry.files.items():
                target = folder / file_name(entry.identifier, manifestation)
                if value is None or (isinstance(value, Path) and value == target):
                    continue  # listed-but-missing, or already written in place
                content = value.read_bytes() if isinstance(value, Path) else value
                target.write_bytes(content)
            (folder / "record.json").write_text(
                json.dumps(entry.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
            )

    # --- edits --------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.generation += 1
        self._current = None

    def add(self, entry: Entry) -> Entry:
        """Add a publication version (replacing one with the same identifier and version)."""
        if not entry.timestamp:
            entry.timestamp = entry.stamp
        with self._lock:
            versions = [v for v in self._versions.get(entry.identifier, [])
                        if v.version != entry.version]
            versions.append(entry)
            versions.sort(key=lambda e: e.version)
            self._versions[entry.identifier] = versions
            self._changed()
        return entry

    def republish(
        self,
        identifier: str,
        *,
        modified: date,
        stamp: str | None = None,
        files: dict[str, bytes | None] | None = None,
        **changes: Any,
    ) -> Entry:
        """A new version of a publication with a later dt.modified (and changed content/metadata).

        ``files`` replaces manifestations (``None`` drops one); other keyword arguments change
        record fields such as ``title`` or ``subrubriek``.
        """
        with self._lock:
            latest = self.get(identifier)
            if modified < latest.modified:
                raise CorpusError(
                    f"{identifier}: republished on {modified} before its current {latest.modified}"
                )
            new_files = dict(latest.files)
            for manifestation, content in (files or {}).items():
                if content is None:
                    new_files.pop(manifestation, None)
                else:
                    new_files[manifestation] = content
            new_stamp = stamp or f"{modified.isoformat()}T12:00:00.0000000+02:00"
            entry = replace(latest, version=latest.version + 1, modified=modified,
                            stamp=new_stamp, timestamp=new_stamp, files=new_files, **changes)
            return self.add(entry)

    def remove_manifestation(
        self, identifier: str, manifestation: str, *, keep_listed: bool = False
    ) -> None:
        """Drop a manifestation of the newest version; ``keep_listed`` leaves its itemUrl in the
        record (the URL then answers 404, like the live service now and then)."""
        with self._lock:
            entry = self.get(identifier)
            if keep_listed:
                entry.files[manifestation] = None
            else:
                entry.files.pop(manifestation, None)
            self._changed()

    # --- queries ------------------------------------------------------------------------------
    def get(self, identifier: str, version: int | None = None) -> Entry:
        with self._lock:
            versions = self._versions.get(identifier)
            if not versions:
                raise NotFound(f"publication {identifier} is not in the emulator corpus")
            if version is None:
                return versions[-1]
            for entry in versions:
                if entry.version == version:
                    return entry
        raise NotFound(f"publication {identifier} has no version {version} in the emulator corpus")

    def current(self) -> list[Entry]:
        """The newest version of every publication, ascending by (dt.modified, stamp, id)."""
        with self._lock:
            if self._current is None:
                self._current = sorted(
                    (versions[-1] for versions in self._versions.values()),
                    key=lambda e: (e.modified, e.stamp, e.identifier),
                )
            return self._current

    def identifiers(self) -> list[str]:
        with self._lock:
            return sorted(self._versions)

    def __len__(self) -> int:
        with self._lock:
            return len(self._versions)
