"""Signed webhooks: the envelope, the ``X-Monitor-Signature`` header, and its verification.

Signature: ``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`` keyed with the
subscription's secret. Receivers call :func:`verify_signature` on the raw body before parsing
it, and drop repeats by the ``Idempotency-Key`` header.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from email.utils import parsedate_to_datetime

import httpx

from monitor.errors import WebhookRefused

SIGNATURE_HEADER = "X-Monitor-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
USER_AGENT = "kamervragen-monitor-webhook/1"


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def sign(secret: str | bytes, body: bytes, timestamp: int) -> str:
    """The header value for ``body`` sent at ``timestamp`` (unix seconds)."""
    mac = hmac.new(_as_bytes(secret), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_signature(
    secret: str | bytes,
    header: str,
    body: bytes,
    tolerance: int = 300,
    *,
    now: float | None = None,
) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and is at most ``tolerance`` s old.

    The time window rejects replays of a captured request; the comparison is constant-time.
    Several ``v1=`` values are accepted (a sender rotating its secret may send both).
    """
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif name == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, c) for c in candidates)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def redact(url: str) -> str:
    """The URL without path, query or credentials: many webhook URLs embed a token."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "(invalid URL)"
    port = f":{parsed.port}" if parsed.port else ""
    hidden = "/…" if parsed.path not in ("", "/") or parsed.query else ""
    return f"{parsed.scheme}://{parsed.host}{port}{hidden}"


def post(
    client: httpx.Client,
    url: str,
    body: bytes,
    *,
    key: str,
    secret: str,
    delivery: str,
) -> int:
    """POST ``body`` signed; returns the 2xx status or raises :class:`WebhookRefused`."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        IDEMPOTENCY_HEADER: key,
        SIGNATURE_HEADER: sign(secret, body, int(time.time())),
        "User-Agent": USER_AGENT,
    }
    where = f"delivery {delivery}: webhook {redact(url)}"
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        raise WebhookRefused(f"{where} timed out") from None
    except httpx.HTTPError as exc:
        raise WebhookRefused(f"{where} unreachable: {type(exc).__name__}") from None
    status = response.status_code
    if 200 <= status < 300:
        return status
    # 408 and 429 ask us to come back later; other 4xx (410 Gone, 400, 401...) will not heal.
    permanent = 400 <= status < 500 and status not in (408, 429)
    raise WebhookRefused(
        f"{where} answered HTTP {status}",
        permanent=permanent,
        retry_after=_retry_after(response),
    )
