"""The timeline in pages (newest first, --limit/--before) and the change-log filters served by
indexes (the verdict side table filled by a trigger), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from alembic import command
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from sqlalchemy import insert, text, update

from monitor.config import CommitmentSettings, DatabaseSettings, Settings
from monitor.errors import BadQuery
from monitor.store.db import Database, alembic_config, make_engine
from monitor.store.tables import Publication, PublicationVersion
from monitor.track.queries import (
    commitment_timeline,
    list_changes,
    parse_before,
)
from monitor.track.tables import ChangeRecord, Statement

COMMITMENTS = ["edip", "nota"]
VERDICT_SETS = [
    ["first_seen"], ["restated"], ["position_changed"], ["timeline_changed"], ["fulfilled"],
    ["position_changed", "negation_flipped"], ["figures_changed", "timeline_changed"],
]  # fmt: skip
DAY0 = date(2024, 1, 1)


def _settings(url: str) -> Settings:
    return Settings(
        database=DatabaseSettings(url=url),
        commitments=[CommitmentSettings(id=c, title=c.upper(), terms=[c]) for c in COMMITMENTS],
    )


def fill(db: Database, days: list[int], seed: int = 1) -> list[dict[str, Any]]:
    """Statements on the given day offsets (several may share a day), alternately on the two
    commitments, each with a change record; some records retracted. Returns the records."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    count = len(days)
    if not count:
        return []
    with db.engine.begin() as conn:
        conn.execute(insert(Publication), [
            {"id": i + 1, "identifier": f"ah-{900000 + i}", "kind": "answer", "chamber": "tk",
             "vergaderjaar": "", "aanhangsel_number": "", "zaak": "", "title": "",
             "ministry": "Defensie", "answer_identifier": "", "postpones_identifier": "",
             "preferred_url": "", "parse_status": "ok", "first_seen": now, "updated_at": now,
             "date_received": DAY0 + timedelta(days=days[i])}
            for i in range(count)
        ])  # fmt: skip
        conn.execute(insert(PublicationVersion), [
            {"id": i + 1, "publication_id": i + 1, "number": 1, "modified": DAY0, "stamp": "s",
             "fetched_at": now, "manifestation": "xml", "source_url": "", "item_urls": {},
             "record": {}, "parse_status": "ok", "parse_error": "", "parser_version": ""}
            for i in range(count)
        ])  # fmt: skip
        statements = [
            {"id": i + 1, "commitment": COMMITMENTS[i % 2], "publication_id": i + 1,
             "version_id": i + 1, "identifier": f"ah-{900000 + i}", "answer_position": 0,
             "questions": [1], "start": 0, "end": 10, "text": f"statement {i + 1}",
             "received": DAY0 + timedelta(days=days[i]), "minister": "", "ministry": "",
             "active": i % 7 != 6, "extractor_version": "t", "created_at": now}
            for i in range(count)
        ]  # fmt: skip
        conn.execute(insert(Statement), statements)
        records = [
            {"id": i + 1, "commitment": s["commitment"], "statement_id": s["id"],
             "previous_id": None, "verdicts": rng.choice(VERDICT_SETS), "verdict_tags": "",
             "triggers": {}, "diff_kind": "diff", "diff_text": "", "diff_html": "",
             "received": s["received"], "identifier": s["identifier"],
             "extractor_version": "t", "created_at": now,
             "retracted_at": now if rng.random() < 0.15 else None, "corrects": []}
            for i, s in enumerate(statements)
        ]  # fmt: skip
        for r in records:
            r["verdict_tags"] = "|" + "|".join(cast(list[str], r["verdicts"])) + "|"
        conn.execute(insert(ChangeRecord), records)
        if not db.is_sqlite:  # explicit ids: move the sequences past them, as migrate-db does
            for name in ("publication", "publicationversion", "statement", "changerecord"):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                    f" (SELECT MAX(id) FROM {name}))"
                ))  # fmt: skip
    return records


def _all_pages(db: Database, settings: Settings, commitment: str, limit: int) -> list[int]:
    seen: list[int] = []
    cursor = None
    for _ in range(1000):
        with db.reader() as session:
            page = commitment_timeline(session, settings, commitment, limit=limit, before=cursor)
        assert len(page.entries) <= limit
        seen += [e.statement.id or 0 for e in page.entries]
        if page.next_before is None:
            return seen
        assert len(page.entries) == limit
        cursor = parse_before(page.next_before)
    raise AssertionError("paging did not end")


@hyp_settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.integers(0, 6), min_size=0, max_size=40), limit=st.integers(1, 7))
def test_pages_concatenate_to_the_whole_timeline_newest_first(
    tmp_path_factory: pytest.TempPathFactory, days: list[int], limit: int
) -> None:
    # Few distinct days: many statements share a day, so the cursor must carry the id.
    url = f"sqlite:///{tmp_path_factory.mktemp('paging') / 'monitor.db'}"
    db = Database(url)
    settings = _settings(url)
    fill(db, days)
    with db.reader() as session:
        whole = commitment_timeline(session, settings, "edip", limit=None)
    assert whole.next_before is None
    expected = sorted(
        (i + 1 for i in range(len(days)) if i % 2 == 0 and i % 7 != 6),
        key=lambda s: (days[s - 1], s), reverse=True,
    )  # fmt: skip
    assert [e.statement.id for e in whole.entries] == expected
    assert _all_pages(db, settings, "edip", limit) == expected
    db.dispose()


def test_timeline_page_carries_each_statements_live_record(database_url: str) -> None:
    db = Database(database_url)
    settings = _settings(database_url)
    records = fill(db, [i // 3 for i in range(30)])
    live = {r["statement_id"]: r["id"] for r in records if r["retracted_at"] is None}
    with db.reader() as session:
        first = commitment_timeline(session, settings, "nota", limit=4)
        day_only = commitment_timeline(
            session, settings, "nota", limit=None, before=parse_before("2024-01-05")
        )
    assert first.next_before is not None
    for entry in first.entries:
        expected = live.get(entry.statement.id or 0)
        assert (entry.record.id if entry.record else None) == expected
    assert day_only.entries and all(
        e.statement.received < date(2024, 1, 5) for e in day_only.entries
    )
    db.dispose()


@pytest.mark.parametrize(
    "value", ["2024-13-01", "yesterday", "2024-01-01/abc", "2024-01-01/-3"]
)
def test_bad_cursor_is_one_clear_error(value: str) -> None:
    with pytest.raises(BadQuery, match="--before"):
        parse_before(value)


def _expected_changes(
    records: list[dict[str, Any]], verdicts: list[str], commitment: str | None = None,
    since: date | None = None, until: date | None = None, limit: int | None = 100,
    retracted: bool = False,
) -> list[int]:  # fmt: skip
    out = [
        r for r in records
        if (retracted or r["retracted_at"] is None) and set(r["verdicts"]) & set(verdicts)
        and (commitment is None or r["commitment"] == commitment)
        and (since is None or r["received"] >= since)
        and (until is None or r["received"] <= until)
    ]  # fmt: skip
    out.sort(key=lambda r: (r["received"], r["id"]), reverse=True)
    return [r["id"] for r in out][:limit] if limit else [r["id"] for r in out]


@pytest.mark.parametrize(
    "query",
    [
        {"verdicts": ["fulfilled"]},
        {"verdicts": ["position_changed", "timeline_changed"], "limit": 7},
        {"verdicts": ["timeline_changed"], "commitment": "edip", "since": date(2024, 1, 10)},
        {"verdicts": ["negation_flipped", "fulfilled", "restated"], "until": date(2024, 2, 1),
         "limit": None},
        {"verdicts": ["fulfilled", "first_seen"], "retracted": True, "limit": 30},
    ],
)  # fmt: skip
def test_verdict_filter_from_the_side_table_equals_a_full_scan(
    database_url: str, query: dict[str, Any]
) -> None:
    db = Database(database_url)
    settings = _settings(database_url)
    records = fill(db, [i // 4 for i in range(400)], seed=3)
    with db.reader() as session:
        found = list_changes(session, settings, **query)
    assert [r.id for r in found] == _expected_changes(records, **query)
    assert found  # the filters select something: the comparison is not vacuous
    db.dispose()


def test_records_written_by_the_orm_are_indexed_and_retraction_hides_them(
    database_url: str,
) -> None:
    db = Database(database_url)
    settings = _settings(database_url)
    records = fill(db, [0, 1, 2, 3], seed=5)
    with db.writer() as session:
        # as track_version writes them
        session.add(ChangeRecord(
            commitment="edip", statement_id=1, verdicts=["fulfilled", "fulfilled"],
            verdict_tags="|fulfilled|", received=date(2024, 3, 1), identifier="ah-900000",
            extractor_version="t",
        ))  # fmt: skip
    with db.reader() as session:
        [newest] = list_changes(session, settings, verdicts=["fulfilled"], limit=1)
    assert newest.received == date(2024, 3, 1) and newest.id == len(records) + 1
    with db.writer() as session:
        session.execute(
            update(ChangeRecord).where(ChangeRecord.id == newest.id)  # type: ignore[arg-type]
            .values(retracted_at=datetime.now(UTC))
        )  # fmt: skip
    with db.reader() as session:
        after = list_changes(session, settings, verdicts=["fulfilled"])
    assert newest.id not in [r.id for r in after]
    db.dispose()


def test_migration_indexes_records_that_existed_before_it(database_url: str) -> None:
    engine = make_engine(database_url)
    command.upgrade(alembic_config(engine), "t0001_track")
    command.upgrade(alembic_config(engine), "0001_ingest")
    engine.dispose()
    db = Database(database_url, migrate_schema=False)
    with db.engine.connect() as conn:
        heads = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    assert "speed0001_query_indexes" not in heads
    records = fill(db, [0, 5, 9], seed=11)
    db.dispose()
    db = Database(database_url)  # upgrades to every head
    settings = _settings(database_url)
    every = sorted({v for r in records for v in r["verdicts"]})
    with db.reader() as session:
        found = list_changes(session, settings, verdicts=every, limit=None)
    assert [r.id for r in found] == _expected_changes(records, every, limit=None)
    db.dispose()


def test_sqlite_plan_uses_the_indexes(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    fill(db, [0, 1])
    with db.engine.connect() as conn:
        plan = " ".join(
            str(row[-1]) for row in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT v.change_id FROM changeverdict v JOIN changerecord c"
                " ON c.id = v.change_id WHERE v.verdict = 'fulfilled' AND v.commitment = 'edip'"
                " AND c.retracted_at IS NULL ORDER BY v.received DESC, v.change_id DESC LIMIT 5"
            ))
        )  # fmt: skip
        timeline = " ".join(
            str(row[-1]) for row in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT id FROM statement WHERE commitment = 'edip' AND"
                " active = 1 AND (received, id) < ('2024-01-02', 5)"
                " ORDER BY received DESC, id DESC LIMIT 5"
            ))
        )  # fmt: skip
    assert "ix_changeverdict_commitment" in plan and "TEMP B-TREE" not in plan
    assert "ix_statement_timeline" in timeline and "TEMP B-TREE" not in timeline
    db.dispose()


def test_cli_pages_with_before_cursor(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from monitor.cli import cli

    db = Database(sqlite_url)
    fill(db, [i // 2 for i in range(12)])
    db.dispose()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{sqlite_url}"\n\n'
        + "".join(f'[[commitments]]\nid = "{c}"\ntitle = "{c}"\nterms = ["{c}"]\n\n'
                  for c in COMMITMENTS),
        encoding="utf-8",
    )  # fmt: skip
    runner = CliRunner()
    first = runner.invoke(cli, ["--config", str(config), "commitment", "edip", "--limit", "2"])
    assert first.exit_code == 0, first.output
    hint = [line for line in first.output.splitlines() if line.startswith("older:")]
    assert len(hint) == 1
    cursor = hint[0].split("--before ", 1)[1]
    second = runner.invoke(
        cli, ["--config", str(config), "commitment", "edip", "--limit", "2", "--before", cursor]
    )
    assert second.exit_code == 0, second.output
    shown = [line.split()[1] for line in first.output.splitlines() + second.output.splitlines()
             if line.startswith("2024-")]  # fmt: skip
    assert len(shown) == 4 and len(set(shown)) == 4
    from monitor.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--config", str(config), "commitment", "edip", "--before", "soon"])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "--before 'soon' is not a date" in err and len(err.strip().splitlines()) == 1
