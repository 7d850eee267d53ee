"""Lineage's index of open promises: it holds exactly the promises lineage may still move, so a
new answer is judged against those that share words with it, not against the whole history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from monitor.promises.lineage import WORDS
from monitor.promises.store import PromiseQuery, get_promise, list_promises
from monitor.store.db import Database

from .test_store_and_commands import _answer, _store_version


@pytest.fixture
def db(database_url: str) -> Database:
    return Database(database_url)


def _indexed(db: Database) -> dict[str, set[str]]:
    with db.reader() as s:
        rows = s.connection().execute(select(WORDS.c.promise_id, WORDS.c.word)).all()
    out: dict[str, set[str]] = {}
    for promise_id, word in rows:
        out.setdefault(promise_id, set()).add(word)
    return out


def _ids(db: Database) -> dict[str, str]:
    with db.reader() as s:
        return {p["identifier"]: p["id"] for p in list_promises(
            s, PromiseQuery(limit=None), today=date(2025, 1, 1))}


def test_closed_promises_leave_the_index_and_open_ones_stay(db: Database) -> None:
    _store_version(db, _answer("ah-1", date(2025, 2, 3), "Ik informeer uw Kamer vóór 1 mei "
                                "over de herziening van de vaarwegbeheerregels."), 1)
    _store_version(db, _answer("ah-2", date(2025, 2, 10), "Ik informeer uw Kamer voor de "
                                "zomer over de aanbesteding van de veerdiensten."), 1)
    ids = _ids(db)
    first = _indexed(db)
    assert set(first) == {ids["ah-1"], ids["ah-2"]}
    assert {"herziening", "vaarwegbeheerregels"} <= first[ids["ah-1"]]
    # Generic words and the act are never what two promises share.
    assert not first[ids["ah-1"]] & {"kamer", "informeren"}

    # A later deadline for the same subject: the first promise slipped and is no longer indexed.
    _store_version(db, _answer("ah-3", date(2025, 4, 20), "Ik informeer uw Kamer na de zomer "
                                "over de herziening van de vaarwegbeheerregels."), 1)
    ids = _ids(db)
    with db.reader() as s:
        assert get_promise(s, ids["ah-1"])["status"] == "slipped"
    assert set(_indexed(db)) == {ids["ah-2"], ids["ah-3"]}


def test_a_promise_gone_from_a_newer_version_leaves_the_index(db: Database) -> None:
    _store_version(db, _answer("ah-5", date(2025, 3, 3), "Ik stuur uw Kamer vóór 1 juli de "
                                "evaluatie van de subsidieregeling walstroom."), 1)
    assert len(_indexed(db)) == 1
    _store_version(db, _answer("ah-5", date(2025, 3, 3), "De evaluatie is afgerond."), 2)
    assert _indexed(db) == {}


def test_a_withdrawal_of_any_act_is_found_through_the_index(db: Database) -> None:
    _store_version(db, _answer("ah-7", date(2025, 1, 13), "Ik stuur uw Kamer voor de zomer een "
                                "evaluatie van de tolheffing op de ringweg."), 1)
    _store_version(db, _answer("ah-8", date(2025, 5, 12), "Ik zie af van een evaluatie van de "
                                "tolheffing op de ringweg."), 1)
    ids = _ids(db)
    with db.reader() as s:
        assert get_promise(s, ids["ah-7"])["status"] == "withdrawn"
    assert ids["ah-7"] not in _indexed(db)


def test_a_promise_that_shares_nothing_of_its_own_is_not_indexed(db: Database) -> None:
    # One subject word ("evaluatie") can never make two shared words: nothing to match.
    _store_version(db, _answer("ah-9", date(2025, 1, 20), "Ik informeer uw Kamer voor de zomer "
                                "over de evaluatie."), 1)
    assert len(_ids(db)) == 1
    assert _indexed(db) == {}
