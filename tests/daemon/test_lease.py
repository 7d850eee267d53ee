"""The poller lease: one holder at a time, renewable, taken over once it expires."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.daemon.lease import acquire_lease, current_lease, release_lease
from monitor.store.db import Database

T0 = datetime(2026, 5, 19, 9, 0, tzinfo=UTC)


def test_acquire_renew_block_and_take_over(database_url: str) -> None:
    db = Database(database_url)
    try:
        assert acquire_lease(db, "poller", "a", 60, now=T0)
        assert not acquire_lease(db, "poller", "b", 60, now=T0 + timedelta(seconds=30))
        assert acquire_lease(db, "poller", "a", 60, now=T0 + timedelta(seconds=50))  # renew
        # a's renewal moved the expiry: b is still refused after the first term would have ended
        assert not acquire_lease(db, "poller", "b", 60, now=T0 + timedelta(seconds=90))
        assert acquire_lease(db, "poller", "b", 60, now=T0 + timedelta(seconds=111))
        lease = current_lease(db, "poller")
        assert lease is not None and lease.holder == "b"
        assert lease.acquired_at == T0 + timedelta(seconds=111)
        assert not acquire_lease(db, "poller", "a", 60, now=T0 + timedelta(seconds=112))
    finally:
        db.dispose()


def test_release_frees_the_lease_at_once(database_url: str) -> None:
    db = Database(database_url)
    try:
        assert acquire_lease(db, "poller", "a", 600)
        assert not release_lease(db, "poller", "b")  # not b's to give
        assert not acquire_lease(db, "poller", "b", 600)
        assert release_lease(db, "poller", "a")
        assert acquire_lease(db, "poller", "b", 600)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("lease") / "lease.db"
    return Database(f"sqlite:///{path}")


_names = itertools.count()


@settings(
    max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(min_value=0, max_value=90)),
        min_size=1,
        max_size=25,
    ),
)
def test_lease_matches_a_model(shared_db: Database, steps: list[tuple[str, int]]) -> None:
    """Against a model: a holder gets the lease iff it is free, expired, or already its own."""
    lease_name = f"model-{next(_names)}"
    now = T0
    holder: str | None = None
    expires = T0
    for who, advance in steps:
        now += timedelta(seconds=advance)
        expected = holder is None or expires < now or holder == who
        assert acquire_lease(shared_db, lease_name, who, 60, now=now) is expected
        if expected:
            holder, expires = who, now + timedelta(seconds=60)


WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from monitor.daemon.lease import acquire_lease
    from monitor.store.db import Database

    url, me, out, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    db = Database(url, migrate_schema=False)
    (folder / f"{me}.ready").touch()
    while not (folder / "go").exists():  # both start contending together
        time.sleep(0.01)
    with out.open("a") as fh:
        def grant(now):
            fh.write(f"{now.timestamp()}\\n")
            fh.flush()
        while not (folder / "stop").exists():
            now = datetime.now(UTC)
            if acquire_lease(db, "poller", me, 0.3, now=now):
                grant(now)
                # hold it for a while, renewing, then stall long enough for it to expire
                hold_until = time.monotonic() + 0.3
                while time.monotonic() < hold_until:
                    time.sleep(0.05)
                    now = datetime.now(UTC)
                    if acquire_lease(db, "poller", me, 0.3, now=now):
                        grant(now)
                time.sleep(0.45)
            time.sleep(0.01)
    """
)


def _grants(folder: Path) -> list[tuple[float, str]]:
    return sorted(
        (float(line), who)
        for who in ("p1", "p2")
        if (folder / f"{who}.txt").exists()
        for line in (folder / f"{who}.txt").read_text().split()
    )


def _handovers(grants: list[tuple[float, str]]) -> int:
    return sum(1 for (_, a), (_, b) in itertools.pairwise(grants) if a != b)


def test_two_processes_never_hold_it_together(database_url: str, tmp_path: Path) -> None:
    """Two real processes contend for a short lease: grants of different holders never overlap."""
    Database(database_url).dispose()  # migrate once, before the contenders start
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), database_url, who, str(tmp_path / f"{who}.txt"),
             str(tmp_path)]
        )
        for who in ("p1", "p2")
    ]
    try:
        # Contend only once both are up (start-up takes seconds on a busy machine), and until
        # the lease has changed hands a few times: observable events, not a fixed duration.
        deadline = time.monotonic() + 120
        while not all((tmp_path / f"{who}.ready").exists() for who in ("p1", "p2")):
            assert time.monotonic() < deadline, "the contenders never started"
            assert all(p.poll() is None for p in procs), "a contender died at start"
            time.sleep(0.05)
        (tmp_path / "go").touch()
        while _handovers(_grants(tmp_path)) < 3 and time.monotonic() < deadline:
            assert all(p.poll() is None for p in procs), "a contender died"
            time.sleep(0.05)
    finally:
        (tmp_path / "stop").touch()
        for proc in procs:
            assert proc.wait(timeout=60) == 0
    grants = _grants(tmp_path)
    assert grants, "nobody ever got the lease"
    # One process's lease only passes to the other after it expired (0.3 s after its last grant).
    last_of: dict[str, float] = {}
    previous: str | None = None
    handovers = 0
    for t, who in grants:
        for other, last in last_of.items():
            if other != who:
                assert t >= last + 0.3, f"{who} got the lease {last + 0.3 - t:.3f}s early"
        handovers += previous is not None and previous != who
        previous = who
        last_of[who] = t
    assert handovers >= 2, "the lease never passed between the processes"
