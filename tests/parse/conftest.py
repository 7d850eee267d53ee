from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data" / "parse"


@pytest.fixture
def data_dir() -> Path:
    return DATA
