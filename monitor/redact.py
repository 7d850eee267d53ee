"""Keeping secrets out of output and links: credentials in URLs, schemes that are not links.

Every command that prints a URL from the configuration or the database (webhooks, database
URLs) prints it through :func:`redact_url`; every URL taken from a publication that becomes a
link goes through :func:`safe_link` (only http and https are links: never ``javascript:``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^/@:]*)(:[^/@]*)?@")
_TOKEN_PARAM = re.compile(
    r"(?i)([?&;](?:[^=&;#]*(?:token|secret|key|sig|signature|password|passwd|pwd|auth|code)"
    r"[^=&;#]*)=)[^&;#]*")


def redact_url(url: str, *, keep_path: bool = False) -> str:
    """``url`` with its password, query secrets and (unless ``keep_path``) path hidden.

    Webhook URLs often carry their token in the path (``/hooks/T000/B000/XXXX``), so by
    default only scheme, host and port are shown, with "/…" when more was there. Works on
    text that is not a valid URL too (it is masked, not parsed, first).
    """
    masked = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}{':***' if m[3] else ''}@", url)
    masked = _TOKEN_PARAM.sub(r"\1***", masked)
    if keep_path:
        return masked
    try:
        parts = urlsplit(masked)
    except ValueError:
        return "(invalid URL)"
    if not parts.scheme or not parts.netloc:
        return masked
    netloc = parts.netloc
    hidden = "/…" if parts.path not in ("", "/") or parts.query or parts.fragment else ""
    return f"{parts.scheme}://{netloc}{hidden}"


def redact_text(text: str) -> str:
    """Any URL credentials inside a message (an error that quotes a URL) masked."""
    masked = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}{':***' if m[3] else ''}@", text)
    return _TOKEN_PARAM.sub(r"\1***", masked)


def safe_link(url: object) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else "" (no link at all)."""
    text = str(url or "").strip()
    if not text or any(c in text for c in "\r\n\t\x00 <>\"'`"):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return text
