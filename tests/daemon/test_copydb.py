"""`monitor migrate-db`: every row moves, in foreign-key order, into an empty database only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from monitor.cli import cli
from monitor.daemon.copydb import copy_database
from monitor.errors import StoreError
from monitor.schema import metadata
from monitor.store.db import Database
from monitor.store.tables import (
    AnswerQuestion,
    AnswerRow,
    Blob,
    PollRun,
    Publication,
    PublicationVersion,
    QuestionRow,
)

AT = datetime(2026, 5, 19, 10, 30, tzinfo=UTC)


def fill(db: Database) -> None:
    with db.writer() as s:
        s.add(Blob(sha256="a" * 64, size=3, compressed=b"\x00\x01\x02"))
        pub = Publication(identifier="ah-1251487", kind="answer", title="Europese afhankelijkheden",
                          first_seen=AT, updated_at=AT)  # fmt: skip
        s.add(pub)
        s.flush()
        assert pub.id is not None
        version = PublicationVersion(publication_id=pub.id, number=1, modified=date(2026, 5, 19),
                                     stamp="2026-05-19", blob_sha256="a" * 64,
                                     item_urls={"pdf": "https://x/ah.pdf"}, fetched_at=AT,
                                     document={"questions": [1, 2], "ë": "é"})  # fmt: skip
        s.add(version)
        s.flush()
        assert version.id is not None
        pub.current_version_id = version.id
        s.add(QuestionRow(version_id=version.id, number=8, text="Neemt Nederland deel aan EDIP?"))
        answer = AnswerRow(version_id=version.id, position=0, text="Nederland is voornemens…",
                        refers_to=[1, 4])  # fmt: skip
        s.add(answer)
        s.flush()
        assert answer.id is not None
        s.add(AnswerQuestion(answer_id=answer.id, question_number=8))
        s.add(PollRun(started_at=AT, finished_at=AT, status="ok", added=1))


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    with db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*pk)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def test_copy_sqlite_to_database(tmp_path: Path, database_url: str) -> None:
    source = Database(f"sqlite:///{tmp_path / 'old.db'}")
    fill(source)
    target = Database(database_url)
    counts = copy_database(source, target)
    assert counts["publication"] == 1 and counts["answerquestion"] == 1
    assert snapshot(target) == snapshot(source)
    # new rows after the move get fresh ids (PostgreSQL sequences were moved past the copies)
    with target.writer() as s:
        run = PollRun(started_at=AT, status="ok")
        s.add(run)
        s.flush()
        assert run.id == 2
    # a second copy into the now non-empty target is refused, and changes nothing
    with pytest.raises(StoreError, match="not empty"):
        copy_database(source, target)
    with target.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Publication.__table__)).scalar() == 1
    target.dispose()


def test_cli_migrate_db(tmp_path: Path) -> None:
    old = f"sqlite:///{tmp_path / 'old.db'}"
    new = f"sqlite:///{tmp_path / 'new.db'}"
    fill(Database(old))
    result = CliRunner().invoke(cli, ["migrate-db", "--to", new], env={"MONITOR_DATABASE_URL": old})
    assert result.exit_code == 0, result.output
    assert "publication: 1 rows" in result.output
    assert snapshot(Database(new)) == snapshot(Database(old))
