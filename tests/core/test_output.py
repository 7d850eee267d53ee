"""The one output helper behind every listing: table, JSON and CSV from the same rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from monitor.clitypes import ELLIPSIS, Column, emit, render_csv, render_table

COLUMNS = (Column("id", "id", right=True), Column("name", "name"),
           Column("text", "text", shrink=True, min_width=8))
ROWS = [{"id": 7, "name": "edip", "text": "Het kabinet neemt deel aan EDIP " * 3},
        {"id": 12, "name": "nota", "text": None}]


def test_a_table_that_fits_is_not_cut() -> None:
    lines = render_table(ROWS, COLUMNS, width=None).splitlines()
    assert lines[0].split() == ["id", "name", "text"]
    assert lines[1].startswith(" 7  edip  Het kabinet neemt deel aan EDIP Het kabinet")
    assert lines[2] == "12  nota"
    assert ELLIPSIS not in "\n".join(lines)


def test_a_narrow_terminal_cuts_the_shrinkable_column_visibly() -> None:
    lines = render_table(ROWS, COLUMNS, width=30).splitlines()
    assert all(len(line) <= 30 for line in lines)
    assert lines[1].endswith(ELLIPSIS) and lines[1].startswith(" 7  edip  Het kabinet")


@given(
    st.lists(st.fixed_dictionaries({"id": st.integers(0, 10**6),
                                    "name": st.text(max_size=30),
                                    "text": st.text(max_size=200)}), max_size=8),
    st.integers(min_value=1, max_value=200),
)
def test_no_line_is_ever_wider_than_the_terminal(rows: list[dict[str, object]],
                                                  width: int) -> None:
    for line in render_table(rows, COLUMNS, width=width).splitlines():
        assert len(line) <= width


def test_csv_round_trips_with_lists_joined() -> None:
    rows = [{"id": 1, "name": "a,b", "text": ["x", "y"]}]
    parsed = list(csv.reader(io.StringIO(render_csv(rows, COLUMNS))))
    assert parsed == [["id", "name", "text"], ["1", "a,b", "x y"]]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_emit_formats(fmt: str) -> None:
    import click

    @click.command()
    def show() -> None:
        emit(fmt, ROWS, COLUMNS, empty="nothing", full={"all": ROWS}, heading="Heading")

    out = CliRunner().invoke(show, env={"COLUMNS": "40"}).output
    if fmt == "json":
        assert json.loads(out) == {"all": ROWS}
    elif fmt == "csv":
        assert out.splitlines()[0] == "id,name,text" and len(out.splitlines()) == 3
    else:
        assert out.splitlines()[0] == "Heading" and all(len(x) <= 40 for x in out.splitlines())


def test_emit_says_when_there_is_nothing() -> None:
    import click

    @click.command()
    def show() -> None:
        emit("table", [], COLUMNS, empty="no rows here")

    assert CliRunner().invoke(show).output == "no rows here\n"


def test_a_log_line_after_its_stream_closed_does_not_raise() -> None:
    import io
    import logging

    from monitor.logs import configure, event

    stream = io.StringIO()
    configure("INFO")
    logger = logging.getLogger("monitor.test")
    handler = logging.getLogger("monitor").handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    event(logger, "before", n=1)
    assert "info before n=1" in stream.getvalue()
    assert "+00:00 info before" in stream.getvalue()  # UTC, with its offset
    stream.close()
    event(logger, "after_close")  # reported by logging's own handleError, never raised
