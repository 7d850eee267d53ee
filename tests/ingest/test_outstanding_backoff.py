"""The retry wait of a failed document: doubling from ``retry_first_minutes``, capped at a day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from monitor.config import Settings, SourceSettings
from monitor.ingest.outstanding import MAX_BACKOFF, backoff


@pytest.mark.parametrize(("attempts", "minutes"), [
    (0, 15), (1, 15), (2, 30), (3, 60), (4, 120), (7, 960), (8, 1440), (9, 1440), (500, 1440),
])
def test_the_wait_doubles_from_the_first_and_stops_at_a_day(attempts: int, minutes: int) -> None:
    settings = Settings(source=SourceSettings(retry_first_minutes=15.0))
    assert backoff(settings, attempts) == timedelta(minutes=minutes)


@pytest.mark.parametrize("first", [0.5, 1.0, 15.0, 60.0, 2000.0])
def test_the_wait_never_shrinks_and_never_passes_the_cap(first: float) -> None:
    settings = Settings(source=SourceSettings(retry_first_minutes=first))
    waits = [backoff(settings, n) for n in range(1, 80)]
    assert waits == sorted(waits)
    assert waits[0] == min(timedelta(minutes=first), MAX_BACKOFF)
    assert waits[-1] == MAX_BACKOFF
