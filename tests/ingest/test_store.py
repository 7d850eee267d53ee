"""Storing publication versions: history, de-duplication, failures, links by Zaak number."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from monitor.errors import NotFound
from monitor.fetch.records import SruRecord, record_from_json, record_json
from monitor.ingest.versions import (
    load_document,
    seen_stamps,
    store_version,
)
from monitor.model import Answer, Document, Kind, Question
from monitor.store.db import Database
from monitor.store.tables import (
    AnswerQuestion,
    AnswerRow,
    Publication,
    PublicationVersion,
    QuestionRow,
)


def _record(identifier: str, stamp: str, *, sub: str = "Antwoord", zaak: str = "2026Z00001",
            name: str = "Kamervragen (Aanhangsel)") -> SruRecord:
    return SruRecord(identifier=identifier, modified=date.fromisoformat(stamp[:10]), stamp=stamp,
                     subrubriek=sub, publicatienaam=name, vraagnummer=zaak,
                     item_urls={"xml": f"http://x/{identifier}.xml"})


def _doc(identifier: str, answer: str = "Ja.", kind: Kind = Kind.ANSWER) -> Document:
    return Document(
        identifier=identifier, kind=kind, zaak="2026Z00001", ministry="Defensie",
        date_received=date(2026, 5, 19),
        questions=[Question(1, "Klopt het?"), Question(2, "Waarom?")],
        answers=[Answer([1, 2], [answer, "Tweede alinea."], refers_to=[])]
        if kind == Kind.ANSWER else [],
    )


def _store(db: Database, rec: SruRecord, doc: Document | None, content: bytes, error: str = ""):
    with db.writer() as s:
        return store_version(s, rec, manifestation="xml", url="http://x", content=content,
                             document=doc, error=error).outcome


def test_versions_history_and_dedup(database_url: str) -> None:
    db = Database(database_url)
    rec1 = _record("ah-tk-20252026-1", "2026-05-19T10:00:00+02:00")
    assert _store(db, rec1, _doc("ah-tk-20252026-1"), b"<v1/>") == "added"
    # Same bytes re-published under a new stamp: a version, but nothing changed.
    rec2 = _record("ah-tk-20252026-1", "2026-05-20T10:00:00+02:00")
    assert _store(db, rec2, _doc("ah-tk-20252026-1"), b"<v1/>") == "unchanged"
    rec3 = _record("ah-tk-20252026-1", "2026-06-01T09:00:00+02:00")
    assert _store(db, rec3, _doc("ah-tk-20252026-1", "Nee."), b"<v2/>") == "changed"
    with db.reader() as s:
        pubs = s.exec(select(Publication)).all()
        assert len(pubs) == 1
        versions = s.exec(select(PublicationVersion).order_by(PublicationVersion.number)).all()
        assert [v.number for v in versions] == [1, 2, 3]
        assert pubs[0].current_version_id == versions[-1].id
        assert seen_stamps(s, ["ah-tk-20252026-1"]) == {
            ("ah-tk-20252026-1", r.stamp) for r in (rec1, rec2, rec3)}
        # The structure is stored per version: questions, answers, and their links.
        qs = s.exec(select(QuestionRow).where(QuestionRow.version_id == versions[-1].id)).all()
        assert [q.number for q in qs] == [1, 2]
        ans = s.exec(select(AnswerRow).where(AnswerRow.version_id == versions[-1].id)).one()
        assert ans.text == "Nee.\n\nTweede alinea."
        links = s.exec(select(AnswerQuestion).where(AnswerQuestion.answer_id == ans.id)).all()
        assert sorted(link.question_number for link in links) == [1, 2]
    doc = load_document(db, "ah-tk-20252026-1")
    assert doc.answers[0].paragraphs == ["Nee.", "Tweede alinea."]
    assert doc.version == 3
    db.dispose()


def test_failed_document_never_replaces_a_good_one(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    ident = "ah-tk-20252026-2"
    _store(db, _record(ident, "2026-05-19T10:00:00+02:00"), _doc(ident), b"<good/>")
    outcome = _store(db, _record(ident, "2026-05-21T10:00:00+02:00"), None, b"<broken",
                     error=f"{ident}: not well-formed XML")
    assert outcome == "failed"
    doc = load_document(db, ident)
    assert doc.answers[0].paragraphs[0] == "Ja."
    with db.reader() as s:
        pub = s.exec(select(Publication)).one()
        assert pub.parse_status == "ok"
        failed = s.exec(select(PublicationVersion).where(
            PublicationVersion.parse_status == "failed")).one()
        assert "not well-formed" in failed.parse_error
        assert failed.blob_sha256  # raw bytes kept for a later re-parse


def test_first_version_failing_is_shown_as_failure(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    ident = "ah-1251487"
    assert _store(db, _record(ident, "2026-05-19"), None, b"%PDF-broken",
                  error=f"{ident}: no text layer") == "failed"
    with pytest.raises(NotFound, match="parse failure"):
        load_document(db, ident)
    with pytest.raises(NotFound, match="no such publication"):
        load_document(db, "ah-0")


def test_questions_answers_and_postponements_link_by_zaak(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    kv = _record("kv-tk-2026Z00001", "2026-04-01", sub="Schriftelijke vragen",
                 name="Kamervragen zonder antwoord")
    _store(db, kv, _doc("kv-tk-2026Z00001", kind=Kind.QUESTIONS), b"<kv/>")
    med = _record("ah-tk-20252026-9", "2026-04-25", sub="Mededeling")
    _store(db, med, _doc("ah-tk-20252026-9", kind=Kind.POSTPONEMENT), b"<m/>")
    _store(db, _record("ah-tk-20252026-10", "2026-05-19"), _doc("ah-tk-20252026-10"), b"<a/>")
    with db.reader() as s:
        by_id = {p.identifier: p for p in s.exec(select(Publication)).all()}
    assert by_id["kv-tk-2026Z00001"].answer_identifier == "ah-tk-20252026-10"
    assert by_id["ah-tk-20252026-9"].kind == "postponement"
    assert by_id["ah-tk-20252026-9"].postpones_identifier == "kv-tk-2026Z00001"


@given(
    identifier=st.from_regex(r"ah-tk-20\d{6}-\d{1,5}", fullmatch=True),
    modified=st.dates(),
    received=st.none() | st.dates(),
    indieners=st.lists(st.text(max_size=20), max_size=3),
    urls=st.dictionaries(st.sampled_from(["xml", "html", "pdf"]), st.text(max_size=30)),
)
def test_record_json_round_trips(identifier: str, modified: date, received: date | None,
                                 indieners: list[str], urls: dict[str, str]) -> None:
    record = SruRecord(identifier=identifier, modified=modified, stamp=modified.isoformat(),
                       date_received=received, indieners=indieners, item_urls=urls)
    data = record_json(record)
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert record_from_json(data) == record
    data["indieners"].append("changed")  # a copy, not the record's own list
    assert record.indieners == indieners
