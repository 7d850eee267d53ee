"""The poller lease: one holder at a time, renewable, taken over once it expires."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
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
    import json, sys, time
    from datetime import UTC, datetime
    from monitor.daemon.lease import acquire_lease
    from monitor.store.db import Database

    url, me, out = sys.argv[1], sys.argv[2], sys.argv[3]
    db = Database(url, migrate_schema=False)
    grants = []
    end = time.monotonic() + 2.0
    while time.monotonic() < end:
        now = datetime.now(UTC)
        if acquire_lease(db, "poller", me, 0.3, now=now):
            grants.append(now.timestamp())
            # hold it for a while, renewing, then stall long enough for it to expire
            hold_until = time.monotonic() + 0.3
            while time.monotonic() < hold_until:
                time.sleep(0.05)
                now = datetime.now(UTC)
                if acquire_lease(db, "poller", me, 0.3, now=now):
                    grants.append(now.timestamp())
            time.sleep(0.45)
        time.sleep(0.01)
    with open(out, "w") as fh:
        json.dump(grants, fh)
    """
)


def test_two_processes_never_hold_it_together(database_url: str, tmp_path: Path) -> None:
    """Two real processes contend for a short lease: grants of different holders never overlap."""
    Database(database_url).dispose()  # migrate once, before the contenders start
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), database_url, who, str(tmp_path / f"{who}.json")]
        )
        for who in ("p1", "p2")
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    grants = sorted(
        (t, who) for who in ("p1", "p2") for t in json.loads((tmp_path / f"{who}.json").read_text())
    )
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
