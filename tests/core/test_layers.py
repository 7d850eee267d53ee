"""The import graph keeps the layers declared in pyproject.toml ([tool.importlinter]).

The graph is grimp's (every import statement, also inside functions and under TYPE_CHECKING)
plus the edges of the CLI registry, whose module paths are strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.cli import COMMANDS

importlinter = pytest.importorskip("importlinter", reason="import-linter is a test extra")
from importlinter.adapters.building import GraphBuilder  # noqa: E402
from importlinter.application.app_config import settings  # noqa: E402
from importlinter.application.use_cases import lint_imports  # noqa: E402
from importlinter.configuration import configure  # noqa: E402

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


class _WithEdges(GraphBuilder):
    """grimp's graph, plus the registry's edges and any ``extra`` (importer, imported) edges."""

    def __init__(self, extra: tuple[tuple[str, str], ...] = ()) -> None:
        self.extra = extra

    def build(self, *args: Any, **kwargs: Any) -> Any:
        graph = super().build(*args, **kwargs)
        registry = {("monitor.cli", lazy.module) for lazy in COMMANDS.values()}
        for importer, imported in sorted(registry | set(self.extra)):
            if importer != imported:
                graph.add_import(
                    importer=importer,
                    imported=imported,
                    line_number=1,
                    line_contents=f"import {imported}",
                )
        return graph


@pytest.fixture
def lint(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    configure()

    def run(*extra: tuple[str, str]) -> bool:
        # The library's use case, not its CLI: the CLI reconfigures logging for the process.
        settings.configure(GRAPH_BUILDER=_WithEdges(extra))
        return bool(lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True))

    monkeypatch.chdir(PYPROJECT.parent)
    yield run
    configure()


def test_the_import_graph_keeps_its_layers(lint: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(), capsys.readouterr().out
    assert "3 kept, 0 broken" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("monitor.store.db", "monitor.cli"),  # e.g. a lazy import inside a store function
        ("monitor.track.pipeline", "monitor.notify.outbox"),
        ("monitor.config", "monitor.track.classify"),
        ("monitor.ingest.poll", "monitor.emulator.server"),  # production code into the emulator
        ("monitor.emulator.sru", "monitor.fetch.sru"),  # the emulator into a stage
    ],
)
def test_a_new_back_edge_breaks_the_check(
    lint: Any, capsys: pytest.CaptureFixture[str], importer: str, imported: str
) -> None:
    assert not lint((importer, imported))
    out = capsys.readouterr().out
    assert re.search(r"\b[1-9]\d* broken", out) and f"{importer} -> {imported}" in out, out


def test_the_registry_points_only_at_command_modules() -> None:
    # The CLI's lazy registry is the one place the graph learns from strings: keep it to the
    # modules that hold commands, so it cannot smuggle in a dependency of anything else.
    for name, lazy in COMMANDS.items():
        last = lazy.module.rsplit(".", 1)[-1]
        assert lazy.module == "monitor.cli" or last == "commands" or last.endswith("_command"), (
            name,
            lazy.module,
        )
