"""Plain rows for Core inserts, and the bulk store of first versions that uses them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import object_session
from sqlmodel import select

from monitor.fetch.records import SruRecord
from monitor.ingest.blobs import Raw
from monitor.ingest.versions import FirstVersion, store_first_versions, store_version
from monitor.model import Answer, Document, Kind, Question
from monitor.store.db import Database
from monitor.store.rows import full_row, loaded
from monitor.store.tables import Publication, PublicationVersion, ReconcileRun


def test_full_row_fills_defaults_and_never_shares_a_mutable_one() -> None:
    a = full_row(ReconcileRun, {"scope": "full"})
    b = full_row(ReconcileRun, {})
    assert a["scope"] == "full" and b["scope"] == "recent"
    assert a["status"] == "running" and a["windows"] == 0 and a["since"] is None
    assert a["started_at"] is not None  # the default factory ran
    assert "id" not in a
    a["short"].append({"stream": "x"})
    assert b["short"] == []


def test_full_row_names_a_column_without_value_or_default() -> None:
    with pytest.raises(KeyError, match=r"Publication\.identifier"):
        full_row(Publication, {"kind": "answer"})


def test_loaded_object_reads_its_row_and_belongs_to_no_session() -> None:
    row = full_row(Publication, {"identifier": "ah-tk-1", "kind": "answer", "zaak": "2026Z1"})
    pub = loaded(Publication, {**row, "id": 7})
    assert (pub.id, pub.identifier, pub.kind, pub.zaak, pub.chamber) == (
        7, "ah-tk-1", "answer", "2026Z1", "tk")
    assert object_session(pub) is None


def _record(identifier: str) -> SruRecord:
    return SruRecord(identifier=identifier, modified=date(2026, 5, 19),
                     stamp="2026-05-19T10:00:00+02:00", subrubriek="Antwoord",
                     publicatienaam="Kamervragen (Aanhangsel)",
                     vraagnummer=f"2026Z{identifier[-1]}",
                     item_urls={"xml": f"http://x/{identifier}.xml"})


def _doc(identifier: str) -> Document:
    return Document(
        identifier=identifier, kind=Kind.ANSWER, zaak=f"2026Z{identifier[-1]}",
        ministry="Defensie", title="Vragen over de kazerne", date_received=date(2026, 5, 19),
        questions=[Question(1, "Klopt het?")], answers=[Answer([1], ["Ja."], refers_to=[])],
    )


_VOLATILE = {"id", "publication_id", "current_version_id", "first_seen", "updated_at",
             "fetched_at"}


def _columns(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in obj.model_dump().items() if k not in _VOLATILE}


def test_bulk_and_single_store_write_the_same_rows(database_url: str) -> None:
    db = Database(database_url)
    one, many = "ah-tk-20252026-1", "ah-tk-20252026-2"
    doc = _doc(one)
    with db.writer() as s:
        single = store_version(s, _record(one), manifestation="xml", url="http://x/1",
                               content=b"<a/>", document=doc, document_json=doc.to_json())
    bulk_doc = _doc(many)
    with db.writer() as s:
        [bulk] = store_first_versions(s, [FirstVersion(
            _record(many), "xml", "http://x/1", Raw.of(b"<a/>"), bulk_doc, bulk_doc.to_json())])
        # What the bulk store hands to tracking is what it wrote.
        assert bulk.version is not None and bulk.publication.id is not None
        assert bulk.publication.current_version_id == bulk.version.id
        assert bulk.outcome == single.outcome == "added"
    with db.reader() as s:
        pubs = {p.identifier: p for p in s.exec(select(Publication)).all()}
        versions = {v.publication_id: v for v in s.exec(select(PublicationVersion)).all()}
        stored_one, stored_many = pubs[one], pubs[many]
        assert stored_many.current_version_id == versions[stored_many.id].id  # type: ignore[index]
        a = _columns(stored_one) | {"identifier": "", "zaak": "", "preferred_url": ""}
        b = _columns(stored_many) | {"identifier": "", "zaak": "", "preferred_url": ""}
        assert a == b
        va = _columns(versions[stored_one.id])  # type: ignore[index]
        vb = _columns(versions[stored_many.id])  # type: ignore[index]
        for v in (va, vb):
            v["document"] = {k: x for k, x in v["document"].items()
                             if k not in ("identifier", "zaak")}
            v["item_urls"] = {}
            v["record"] = {k: x for k, x in v["record"].items()
                           if k not in ("identifier", "vraagnummer", "item_urls")}
        assert va == vb
        assert _columns(bulk.publication) | {"identifier": "", "zaak": "", "preferred_url": ""} \
            == b
