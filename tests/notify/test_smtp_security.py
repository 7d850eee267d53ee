"""SMTP over STARTTLS and implicit TLS, with login, against aiosmtpd (self-signed test cert)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from monitor.notify.claims import list_deliveries
from monitor.notify.worker import deliver_due
from monitor.statuses import DeliveryStatus
from monitor.store.db import Database

from .conftest import DATA, MailHandler, enqueue, free_port, make_change, make_settings

# aiosmtpd warns (per connection) about AUTH without STARTTLS; with implicit TLS the whole
# session is encrypted, so the warning does not apply to the "tls" case.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

CERT = DATA / "smtp-test-cert.pem"
KEY = DATA / "smtp-test-key.pem"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"monitor", b"pw-123")
    return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535


@pytest.fixture(autouse=True)
def _trust_test_cert(monkeypatch: pytest.MonkeyPatch) -> None:
    # ssl.create_default_context() reads SSL_CERT_FILE: the monitor trusts our test CA only here.
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    monkeypatch.setenv("SMTP_TEST_PASSWORD", "pw-123")


def _context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(CERT, KEY)
    return context


@pytest.fixture(params=["starttls", "tls"])
def secure_smtp(request: pytest.FixtureRequest) -> Iterator[tuple[MailHandler, int, str]]:
    handler = MailHandler()
    port = free_port()
    options: dict[str, Any] = {"authenticator": authenticator, "auth_required": True}
    if request.param == "starttls":
        options.update(tls_context=_context(), require_starttls=True)
    else:
        # aiosmtpd only counts STARTTLS as secure; with implicit TLS the whole session is.
        options.update(ssl_context=_context(), auth_require_tls=False)
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, server_hostname="localhost", **options
    )
    controller.start()
    yield handler, port, request.param
    controller.stop()


def _settings(url: str, port: int, security: str, password_env: str = "SMTP_TEST_PASSWORD") -> Any:
    settings = make_settings(url, [{"name": "a", "email": ["a@example.org"]}], smtp_port=port)
    smtp = settings.smtp.model_copy(
        update={"host": "localhost", "security": security, "username": "monitor",
                "password_env": password_env}
    )  # fmt: skip
    return settings.model_copy(update={"smtp": smtp})


def test_secure_login_and_send(sqlite_url: str, secure_smtp: tuple[MailHandler, int, str]) -> None:
    handler, port, security = secure_smtp
    settings = _settings(sqlite_url, port, security)
    db = Database(sqlite_url)
    enqueue(db, settings, make_change(1))
    assert deliver_due(db, settings).sent == 1
    assert [m.recipients for m in handler.mails] == [["a@example.org"]]
    assert list_deliveries(db)[0].status == DeliveryStatus.SENT


def test_wrong_password_is_permanent_and_not_logged(
    sqlite_url: str, secure_smtp: tuple[MailHandler, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port, security = secure_smtp
    monkeypatch.setenv("SMTP_TEST_PASSWORD", "wrong-pw")
    settings = _settings(sqlite_url, port, security)
    db = Database(sqlite_url)
    enqueue(db, settings, make_change(1))
    assert deliver_due(db, settings).failed == 1
    [row] = list_deliveries(db)
    assert row.status == DeliveryStatus.FAILED and "login refused" in row.last_error
    assert "wrong-pw" not in row.last_error and handler.mails == []
