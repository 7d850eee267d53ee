"""The issue's "Done when": the 2026 answer and a sequence of later answers, end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlmodel import col, select

from monitor.config import DatabaseSettings, Settings
from monitor.model import Document
from monitor.store.db import Database
from monitor.track.extract import extract, matchers
from monitor.track.queries import (
    changes_json,
    commitment_timeline,
    commitments_overview,
    list_changes,
)
from monitor.track.tables import ChangeRecord, Statement

from .conftest import answer_2026, commitments_toml, ingest, make_answer, shipped_commitments

EDIP_2026 = (
    "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
    "Defensie-Industrie Programma (EDIP)."
)
NOTA_2026 = (
    "Hierbij wordt rekening gehouden met de vereisten die moderne oorlogsvoering aan de "
    "krijgsmacht stelt. Hierover wordt uw Kamer in de Defensienota 2026 nader geïnformeerd."
)
FILLER = "Defensie werkt nauw samen met Europese partners."


def later_answers() -> list[Document]:
    """Plausible continuations: restate, reword + move a deadline, act + fulfil, a figure."""
    return [
        # 2: both restated (a footnote mark, other hyphenation, a leaked page header)
        make_answer("ah-1250002", date(2026, 6, 2), [
            ([1], FILLER),
            ([2], "Daarnaast is Nederland voornemens om ook deel te nemen aan het Europees "
                  "Defensie-industrieprogramma (EDIP)1."),
            ([3, 4], "Hierbij wordt rekening gehouden met de vereisten die moderne "
                     "oorlogsvoering aan de krijgsmacht stelt. Tweede Kamer, vergaderjaar "
                     "2025–2026, Aanhangsel Hierover wordt uw Kamer in de Defensienota 2026 "
                     "nader geïnformeerd."),
        ]),
        # 3: EDIP reworded ("zoals eerder gemeld", reordered), the Defensienota slips
        make_answer("ah-1250003", date(2026, 6, 20), [
            ([1], "Zoals eerder gemeld is Nederland voornemens eveneens deel te nemen aan het "
                  "Europees Defensie-Industrie Programma (EDIP)."),
            ([2], FILLER + " Hierbij wordt rekening gehouden met de vereisten die moderne "
                  "oorlogsvoering aan de krijgsmacht stelt. Hierover wordt uw Kamer in de "
                  "Defensienota 2027 nader geïnformeerd."),
        ]),
        # 4: the Netherlands now takes part; the Defensienota was sent
        make_answer("ah-1250004", date(2026, 9, 15), [
            ([1, 2], "Nederland neemt inmiddels deel aan het Europees Defensie-Industrie "
                     "Programma (EDIP)."),
            ([3], "In de Defensienota 2027, die op 9 september 2026 aan uw Kamer is gestuurd, "
                  "is rekening gehouden met de vereisten die moderne oorlogsvoering aan de "
                  "krijgsmacht stelt."),
            ([4], "Zie antwoord op de vragen 1 en 2."),
        ], refers={2: [1, 2]}),
        # 5: a figure appears
        make_answer("ah-1250005", date(2026, 11, 10), [
            ([1], "Nederland neemt deel aan het Europees Defensie-Industrie Programma (EDIP) "
                  "met een bijdrage van € 25 miljoen."),
        ]),
    ]


EXPECTED = {
    # (commitment, identifier): (verdicts, previous identifier)
    ("edip-participation", "ah-1250001"): (["first_seen"], None),
    ("defensienota-2026", "ah-1250001"): (["first_seen"], None),
    ("edip-participation", "ah-1250002"): (["restated"], "ah-1250001"),
    ("defensienota-2026", "ah-1250002"): (["restated"], "ah-1250001"),
    ("edip-participation", "ah-1250003"): (["reworded"], "ah-1250002"),
    ("defensienota-2026", "ah-1250003"): (["timeline_changed"], "ah-1250002"),
    ("edip-participation", "ah-1250004"): (["position_changed"], "ah-1250003"),
    ("defensienota-2026", "ah-1250004"): (["fulfilled"], "ah-1250003"),
    ("edip-participation", "ah-1250005"): (["figures_changed"], "ah-1250004"),
}


def _log(db: Database) -> dict[tuple[str, str], tuple[list[str], str | None]]:
    with db.reader() as session:
        records = session.exec(
            select(ChangeRecord).where(col(ChangeRecord.retracted_at).is_(None))
        ).all()
        out = {}
        for r in records:
            prev = session.get(Statement, r.previous_id) if r.previous_id else None
            key = (r.commitment, r.identifier)
            assert key not in out, f"two live records for {key}"
            out[key] = (list(r.verdicts), prev.identifier if prev else None)
        return out


def test_2026_answer_yields_one_statement_per_commitment(db: Database, settings: Settings) -> None:
    document = answer_2026()
    changes = ingest(db, settings, document)
    assert sorted((c["commitment"], c["verdicts"][0]) for c in changes) == [
        ("defensienota-2026", "first_seen"), ("edip-participation", "first_seen"),
    ]
    by = {c["commitment"]: c for c in changes}
    assert by["edip-participation"]["current"]["text"] == EDIP_2026
    assert by["edip-participation"]["current"]["questions"] == [8]
    assert by["defensienota-2026"]["current"]["text"] == NOTA_2026
    assert by["defensienota-2026"]["current"]["questions"] == [7]
    # Exact spans into the stored answer text.
    for change in changes:
        current = change["current"]
        answer = document.answers[current["answer_position"]].text
        start, end = current["span"]
        assert answer[start:end] == current["text"]
        assert current["received"] == "2026-05-19"
        assert current["url"] == "https://zoek.officielebekendmakingen.nl/ah-1250001.html"
        assert change["previous"] is None
        assert change["ministry"] == "Defensie"
        assert change["extractor_version"]
    # Answer 9 mentions EDIP too, but about Dutch companies, not about Dutch participation.
    with db.reader() as session:
        assert len(session.exec(select(Statement)).all()) == 2


def test_sequence_gives_exactly_the_expected_records(db: Database, settings: Settings) -> None:
    ingest(db, settings, answer_2026())
    for document in later_answers():
        ingest(db, settings, document)
    assert _log(db) == EXPECTED
    with db.reader() as session:
        records = list_changes(session, settings, commitment="edip-participation", limit=None)
        items = changes_json(session, settings, records)
    assert [i["current"]["identifier"] for i in items] == [
        "ah-1250005", "ah-1250004", "ah-1250003", "ah-1250002", "ah-1250001",
    ]
    position = items[1]
    assert position["verdicts"] == ["position_changed"]
    assert position["triggers"]["position_changed"] == ["voornemens", "neemt inmiddels deel"]
    assert position["diff"]["text"] == (
        "[-Zoals eerder gemeld is Nederland voornemens eveneens deel te nemen-]"
        "{+Nederland neemt inmiddels deel+} aan het Europees Defensie-Industrie Programma (EDIP)."
    )
    # The refer-only answer 4 adds its question to the statement it points at.
    assert position["current"]["questions"] == [1, 2, 4]
    figures = items[0]
    assert figures["diff"]["text"] == (
        "Nederland neemt [-inmiddels -]deel aan het Europees Defensie-Industrie Programma "
        "(EDIP){+ met een bijdrage van € 25 miljoen+}."
    )
    assert "<ins> met een bijdrage van € 25 miljoen</ins>." in figures["diff"]["html"]
    assert figures["triggers"]["figures_changed"] == ["€ 25 mln"]
    with db.reader() as session:
        nota = changes_json(session, settings, list_changes(
            session, settings, commitment="defensienota-2026", verdicts=["timeline_changed"]))
    assert len(nota) == 1
    assert nota[0]["diff"]["text"].endswith(
        "in de Defensienota [-2026-]{+2027+} nader geïnformeerd."
    )
    assert nota[0]["triggers"]["timeline_changed"] == ["Defensienota 2026", "Defensienota 2027"]


def test_republishing_unchanged_records_nothing(db: Database, settings: Settings) -> None:
    ingest(db, settings, answer_2026())
    again = answer_2026()
    again.answers[0].paragraphs.append("Een toegevoegde alinea over iets anders.")
    assert ingest(db, settings, again) == []
    with db.reader() as session:
        assert len(session.exec(select(ChangeRecord)).all()) == 2
        statements = session.exec(select(Statement)).all()
        assert len(statements) == 2 and all(s.active for s in statements)


def test_new_version_supersedes_its_statements(db: Database, settings: Settings) -> None:
    ingest(db, settings, answer_2026())
    later = later_answers()
    ingest(db, settings, later[0])
    corrected = answer_2026()
    corrected.answers[4].paragraphs[-1] = corrected.answers[4].paragraphs[-1].replace(
        "is Nederland voornemens", "overweegt Nederland")
    changes = ingest(db, settings, corrected)
    # The corrected version's statement is new; the next answer is re-linked to it.
    assert sorted(c["current"]["identifier"] for c in changes) == ["ah-1250001", "ah-1250002"]
    relinked = next(c for c in changes if c["current"]["identifier"] == "ah-1250002")
    assert relinked["verdicts"] == ["position_changed"]
    assert relinked["corrects"], "the re-linked record names the record it replaces"
    with db.reader() as session:
        active = session.exec(
            select(Statement).where(Statement.commitment == "edip-participation",
                                    col(Statement.active).is_(True))
        ).all()
        assert sorted(s.identifier for s in active) == ["ah-1250001", "ah-1250002"]
        assert "overweegt" in next(s.text for s in active if s.identifier == "ah-1250001")


def test_older_answer_arriving_later_relinks(db: Database, settings: Settings) -> None:
    docs = [answer_2026(), *later_answers()]
    for i in (0, 1, 3, 4, 2):
        ingest(db, settings, docs[i])
    assert _log(db) == EXPECTED
    with db.reader() as session:
        retracted = session.exec(
            select(ChangeRecord).where(col(ChangeRecord.retracted_at).is_not(None))
        ).all()
    # The records that compared answer 4 with answer 2 were corrected, not deleted.
    assert {r.identifier for r in retracted} == {"ah-1250004"}


@hsettings(
    max_examples=8, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.permutations(range(5)))
def test_change_log_does_not_depend_on_arrival_order(tmp_path: Path, order: list[int]) -> None:
    url = f"sqlite:///{tmp_path / ('p' + ''.join(map(str, order)) + '.db')}"
    settings = Settings(database=DatabaseSettings(url=url), commitments=shipped_commitments())
    db = Database(url)
    try:
        docs = [answer_2026(), *later_answers()]
        for i in order:
            ingest(db, settings, docs[i])
        assert _log(db) == EXPECTED
    finally:
        db.dispose()


def test_refer_only_answer_inherits_statements_without_duplicates() -> None:
    document = answer_2026()
    found = extract(document, matchers(shipped_commitments()))
    assert [(f.commitment, f.questions) for f in found] == [
        ("edip-participation", [8]), ("defensienota-2026", [7]),
    ]
    document = make_answer("ah-1250009", date(2026, 7, 1), [
        ([1], EDIP_2026),
        ([2], "Zie antwoord op vraag 1."),
        ([3], "Zie antwoord op vraag 1."),
    ], refers={1: [1], 2: [1]})
    found = extract(document, matchers(shipped_commitments()))
    assert [(f.commitment, f.questions) for f in found] == [("edip-participation", [1, 2, 3])]


def test_queries_timeline_and_overview(db: Database, settings: Settings) -> None:
    for document in [answer_2026(), *later_answers()]:
        ingest(db, settings, document)
    with db.reader() as session:
        timeline = commitment_timeline(session, settings, "defensienota-2026")
        overview = {c.id: c for c in commitments_overview(session, settings)}
        since = list_changes(session, settings, since=date(2026, 9, 1), until=date(2026, 9, 30))
    # newest first (paged: see tests/track/test_queries_paging.py)
    assert [e.statement.identifier for e in timeline.entries] == [
        "ah-1250004", "ah-1250003", "ah-1250002", "ah-1250001",
    ]
    assert [e.record.verdicts if e.record else None for e in timeline.entries] == [
        ["fulfilled"], ["timeline_changed"], ["restated"], ["first_seen"],
    ]
    assert overview["edip-participation"].statements == 5
    assert overview["edip-participation"].last_change is not None
    assert overview["edip-participation"].last_change.verdicts == ["figures_changed"]
    assert sorted(r.commitment for r in since) == ["defensienota-2026", "edip-participation"]


def cli_group() -> Any:
    from monitor.cli import cli

    return cli


def _cli(tmp_path: Path, db_url: str, *args: str) -> Any:
    from monitor.cli import cli

    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{db_url}"\n\n' + commitments_toml(), encoding="utf-8")
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=True)


def test_cli_changes_commitment_commitments(
    tmp_path: Path, db: Database, settings: Settings
) -> None:
    for document in [answer_2026(), *later_answers()]:
        ingest(db, settings, document)
    url = settings.database.url
    result = _cli(tmp_path, url, "changes", "--format", "json", "--commitment",
                  "defensienota-2026")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["verdicts"] for i in items] == [
        ["fulfilled"], ["timeline_changed"], ["restated"], ["first_seen"],
    ]
    assert items[0]["previous"]["identifier"] == "ah-1250003"
    assert items[0]["current"]["url"] == "https://zoek.officielebekendmakingen.nl/ah-1250004.html"

    result = _cli(tmp_path, url, "changes", "--verdict", "position_changed")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "received", "commitment", "verdicts", "identifier",
                                "vragen", "diff"]
    assert len(lines) == 2
    assert "edip-participation  position_changed  ah-1250004" in lines[1]
    assert "{+" in lines[1]
    narrow = CliRunner().invoke(cli_group(), ["--config", str(tmp_path / "config.toml"),
                                              "changes"], env={"COLUMNS": "90"})
    assert narrow.exit_code == 0, narrow.output
    assert all(len(line) <= 90 for line in narrow.output.splitlines())
    assert any(line.endswith("…") for line in narrow.output.splitlines())

    result = _cli(tmp_path, url, "changes", "--format", "csv", "--since", "2026-11-01")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0].startswith("id,received,commitment,verdicts")
    assert len(rows) == 2 and "figures_changed" in rows[1]

    result = _cli(tmp_path, url, "commitment", "edip-participation")
    assert result.exit_code == 0, result.output
    heading, header, *rows = result.output.splitlines()
    assert heading.startswith("edip-participation: ") and header.startswith("received")
    assert len(rows) == 5 and any("position_changed" in r and "{+" in r for r in rows)
    result = _cli(tmp_path, url, "commitment", "edip-participation", "--format", "json")
    timeline = json.loads(result.output)
    assert timeline["commitment"] == "edip-participation" and len(timeline["entries"]) == 5
    assert [e["verdicts"] for e in timeline["entries"]].count(["position_changed"]) == 1

    result = _cli(tmp_path, url, "commitments")
    assert result.exit_code == 0, result.output
    assert any(line.split()[:2] == ["edip-participation", "5"]
               for line in result.output.splitlines())
    result = _cli(tmp_path, url, "commitments", "--format", "csv")
    assert result.output.splitlines()[0].startswith("id,statements,latest_received")
    result = _cli(tmp_path, url, "commitments", "--format", "json")
    edip = next(c for c in json.loads(result.output) if c["id"] == "edip-participation")
    assert edip["statements"] == 5 and edip["latest"]["identifier"].startswith("ah-")


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        # bad option values are usage errors (2), like every command's; unknown things are 1
        (["changes", "--since", "2026-02-30"],
         "monitor changes: Invalid value for '--since': '2026-02-30' is not a real date", 2),
        (["changes", "--verdict", "changed_mind"],
         "monitor changes: Invalid value for '--verdict': 'changed_mind' is not one of", 2),
        (["changes", "--commitment", "nope"], "unknown commitment 'nope'", 1),
        (["commitment", "nope"], "unknown commitment 'nope'", 1),
    ],
)
def test_cli_errors_are_one_line(
    tmp_path: Path, db: Database, settings: Settings, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str, code: int,
) -> None:
    from monitor.cli import main

    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{settings.database.url}"\n\n' + commitments_toml(), encoding="utf-8"
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["--config", str(config), *args])
    assert exit_info.value.code == code
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err


def test_lineage_through_references_and_other_editions(db: Database, settings: Settings) -> None:
    """Later answers in other words: a statement by reference joins the EDIP lineage (without
    the sentence it leans on, whose date would read as a new deadline); a report about the
    Defensienota 2024 and another country's participation join no lineage (so they cannot
    fulfil or change anything)."""
    ingest(db, settings, answer_2026())
    context = "Over het Europees Defensie-Industrie Programma is in Brussel een akkoord bereikt."
    changes = ingest(db, settings, make_answer("ah-1250006", date(2026, 7, 7), [
        ([1], f"{context} Ons land zal hieraan deelnemen."),
        ([2], "In de Defensienota 2024 is uw Kamer hierover geïnformeerd. Ook Polen neemt deel "
              "aan EDIP."),
        ([3], "Nederlandse bedrijven nemen deel aan EDIP-consortia."),
    ]))
    assert [(c["commitment"], c["current"]["text"], c["previous"]["identifier"])
            for c in changes] == [
        ("edip-participation", "Ons land zal hieraan deelnemen.", "ah-1250001"),
    ]
    assert changes[0]["current"]["questions"] == [1]
    assert "restated" not in changes[0]["verdicts"] and "reworded" not in changes[0]["verdicts"]
    with db.reader() as session:
        nota = session.exec(select(Statement).where(
            Statement.commitment == "defensienota-2026")).all()
    assert [s.identifier for s in nota] == ["ah-1250001"]
