"""Serving: `monitor web`, the web server beside `monitor run`, and refusing a taken port."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from monitor.cli import cli, main
from monitor.config import Settings
from monitor.daemon.service import run_daemon
from monitor.errors import ConfigError
from monitor.store.db import Database
from monitor.web import start_web
from monitor.web.server import WebThread
from tests.net import free_port
from tests.waiting import wait_until

from .conftest import make_settings


def _wait_for(url: str, timeout: float = 30) -> httpx.Response:
    """The first answer from ``url`` once its server is up."""
    answers: list[httpx.Response] = []

    def answered() -> bool:
        try:
            answers.append(httpx.get(url, timeout=5))
        except httpx.TransportError:
            return False
        return True

    wait_until(answered, timeout, f"{url} to answer")
    return answers[0]


def test_daemon_serves_the_pages_when_enabled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    port = free_port()
    base = make_settings(url)
    settings = Settings.model_validate({
        **base.model_dump(), "web": {"enabled": True, "host": "127.0.0.1", "port": port},
    })
    db = Database(url)
    stop = threading.Event()
    calls: list[str] = []

    def idle(*_args: Any) -> None:
        calls.append("job")

    runner = threading.Thread(target=run_daemon, args=(db, settings), kwargs={
        "poll": idle, "deliver": idle, "stop": stop, "install_signals": False,
        "shutdown_grace_seconds": 5, "beside": [start_web]})
    runner.start()
    try:
        r = _wait_for(f"http://127.0.0.1:{port}/status")
        assert r.status_code == 200 and "Status" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        stop.set()
        runner.join(30)
    assert not runner.is_alive()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/status", timeout=2)
    db.dispose()


def test_a_taken_port_is_one_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    db = Database(url)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}"):
            WebThread(make_settings(url), db, host="127.0.0.1", port=port)
    db.dispose()


def test_cli_web_has_help_and_binds_loopback_by_default() -> None:
    result = CliRunner().invoke(cli, ["web", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output
    assert Settings().web.host == "127.0.0.1"


def test_cli_web_on_a_taken_port_exits_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("MONITOR_CONFIG", str(Path(__file__).resolve().parents[2] / "config.toml"))
    from monitor.store.db import Database

    Database(f"sqlite:///{tmp_path / 'c.db'}").dispose()  # `monitor web` never creates one
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exit_info:
            main(["web", "--port", str(port)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: web: cannot listen on 127.0.0.1:")
    assert "Traceback" not in "\n".join(err)


def test_a_new_publication_changes_the_etag_and_the_page(tmp_path: Path) -> None:
    """Bodies are kept per ETag: new data must give a new ETag and a fresh page."""
    from datetime import date

    from monitor.store.tables import Publication

    url = f"sqlite:///{tmp_path / 'e.db'}"
    db = Database(url)
    server = WebThread(make_settings(url), db, host="127.0.0.1", port=0)
    server.start()
    try:
        first = httpx.get(server.url + "/api/v1/answers", timeout=10)
        assert first.json()["items"] == []
        again = httpx.get(server.url + "/api/v1/answers", timeout=10)
        assert again.headers["etag"] == first.headers["etag"]
        with db.writer() as session:
            session.add(Publication(identifier="ah-tk-20252026-1", kind="answer",
                                    ministry="Defensie", date_received=date(2026, 6, 1)))
        fresh = httpx.get(server.url + "/api/v1/answers", timeout=10,
                          headers={"If-None-Match": first.headers["etag"]})
        assert fresh.status_code == 200 and fresh.headers["etag"] != first.headers["etag"]
        assert [a["identifier"] for a in fresh.json()["items"]] == ["ah-tk-20252026-1"]
    finally:
        server.stop()
        db.dispose()
