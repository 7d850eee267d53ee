"""Replaying history after configuration or extractor changes; the same on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect
from sqlmodel import col, select

from monitor.config import DatabaseSettings, Settings
from monitor.store.db import Database
from monitor.track import extract as extract_module
from monitor.track import pipeline
from monitor.track.classify import Verdict, classify
from monitor.track.reprocess import reprocess
from monitor.track.tables import ChangeRecord, Statement

from .conftest import answer_2026, commitments_toml, ingest, shipped_commitments
from .test_lineage import EXPECTED, _log, later_answers


def _only(settings: Settings, *ids: str) -> Settings:
    keep = [c for c in shipped_commitments() if c.id in ids]
    return Settings(database=settings.database, commitments=keep)


def test_reprocess_applies_added_and_removed_commitments(db: Database, settings: Settings) -> None:
    edip_only = _only(settings, "edip-participation")
    for document in [answer_2026(), *later_answers()]:
        ingest(db, edip_only, document)
    assert {k[0] for k in _log(db)} == {"edip-participation"}

    added = reprocess(db, settings)  # the Defensienota commitment is added to the config
    assert added.answers == 5
    assert added.statements_added == 4 and added.statements_removed == 0
    assert added.records_created == 4 and added.records_retracted == 0
    assert _log(db) == EXPECTED

    again = reprocess(db, settings)
    assert not again.changed and again.verdicts_changed == 0

    removed = reprocess(db, _only(settings, "defensienota-2026"))
    assert removed.statements_removed == 5 and removed.records_retracted == 5
    assert {k[0] for k in _log(db)} == {"defensienota-2026"}
    with db.reader() as session:  # kept for audit, no longer active
        assert len(session.exec(select(Statement)).all()) == 9
        assert not session.exec(select(Statement).where(
            Statement.commitment == "edip-participation", col(Statement.active).is_(True))).all()


def test_reprocess_reports_changed_verdicts(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for document in [answer_2026(), *later_answers()]:
        ingest(db, settings, document)

    def stricter(old: str | None, new: str, **dates: Any) -> Verdict:
        verdict = classify(old, new, **dates)
        if verdict.verdicts == ["restated"]:
            return Verdict(["reworded"], {})
        return verdict

    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "track-test")
    monkeypatch.setattr(pipeline, "classify", stricter)
    report = reprocess(db, settings)
    assert report.verdicts_changed == 2  # the two restatements in answer 2
    assert report.statements_added == report.statements_removed == 0
    assert any("restated -> reworded" in line for line in report.details)
    with db.reader() as session:
        live = session.exec(select(ChangeRecord).where(
            col(ChangeRecord.retracted_at).is_(None))).all()
    versions = {r.identifier: r.extractor_version for r in live if r.verdicts == ["reworded"]}
    assert versions["ah-1250002"] == "track-test"
    # Unchanged judgements keep the version that made them.
    assert {r.extractor_version for r in live if r.identifier == "ah-1250001"} != {"track-test"}


def test_cli_reprocess(tmp_path: Path, db: Database, settings: Settings) -> None:
    from monitor.cli import cli

    for document in [answer_2026(), *later_answers()]:
        ingest(db, _only(settings, "edip-participation"), document)
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{settings.database.url}"\n\n' + commitments_toml(),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "reprocess"])
    assert result.exit_code == 0, result.output
    assert "reprocessed 5 answers" in result.output
    assert "statements +4 -0" in result.output


@pytest.mark.postgres
def test_migration_and_lineage_on_postgres(postgres_url: str) -> None:
    settings = Settings(database=DatabaseSettings(url=postgres_url),
                        commitments=shipped_commitments())
    db = Database(postgres_url)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"statement", "changerecord"} <= tables
        docs = [answer_2026(), *later_answers()]
        for i in (4, 0, 2, 1, 3):
            ingest(db, settings, docs[i])
        assert _log(db) == EXPECTED
        assert not reprocess(db, settings).changed
    finally:
        db.dispose()


def test_migration_on_sqlite_creates_only_track_tables_on_its_branch(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from monitor.store.db import alembic_config

    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        script = ScriptDirectory.from_config(alembic_config(db.engine))
        rev = script.get_revision("t0001_track")
        assert rev is not None and rev.down_revision == "0001_ingest"
        assert "track" in rev.branch_labels
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("changerecord")}
        assert "ix_changerecord_log" in indexes
    finally:
        db.dispose()
