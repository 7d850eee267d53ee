"""E-mail over SMTP (none / STARTTLS / TLS, optional login, timeouts): multipart text + HTML."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate

from monitor.config import SmtpSettings
from monitor.errors import DeliveryError
from monitor.notify.render import Rendered
from monitor.notify.tls import cached_context


def build_message(smtp: SmtpSettings, to: str, rendered: Rendered, key: str) -> EmailMessage:
    """The message; the idempotency key is both the Message-ID's left part and a header."""
    domain = smtp.sender.rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = rendered.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = f"<{key}@{domain}>"
    message["Idempotency-Key"] = key
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def tls_context() -> ssl.SSLContext:
    """The process's TLS context for SMTP (the system's CA store)."""
    return cached_context("smtp", ssl.create_default_context)


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.security == "tls":
        return smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=tls_context()
        )
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
    if smtp.security == "starttls":
        client.starttls(context=tls_context())
    return client


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def send_email(
    smtp: SmtpSettings,
    message: EmailMessage,
    *,
    delivery: str,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Send one message to its single recipient; raises :class:`DeliveryError` when not accepted.

    A 5xx refusal (unknown recipient, rejected sender or content) is permanent; 4xx replies,
    timeouts and connection failures are worth retrying.
    """
    env = os.environ if environ is None else environ
    where = f"delivery {delivery}: SMTP {smtp.host}:{smtp.port}"
    password = ""
    if smtp.username:
        password = env.get(smtp.password_env, "") if smtp.password_env else ""
        # MONITOR_SMTP_PASSWORD, the name every other setting's override would have, works too.
        password = password or env.get("MONITOR_SMTP_PASSWORD", "")
        if not password:
            raise DeliveryError(
                f"{where}: [smtp] username is set but neither "
                f"{smtp.password_env + ' nor ' if smtp.password_env else ''}"
                "MONITOR_SMTP_PASSWORD holds the password",
                permanent=True,
            )
    try:
        with _connect(smtp) as client:
            if smtp.username:
                client.login(smtp.username, password)
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{r}: {c} {m.decode(errors='replace')}" for r, (c, m) in exc.recipients.items()
        )
        raise DeliveryError(
            f"{where}: recipient refused: {detail}", permanent=all(_permanent(c) for c in codes)
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"{where}: login refused ({exc.smtp_code})", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
        raise DeliveryError(
            f"{where}: refused with {exc.smtp_code} {text}".rstrip(),
            permanent=_permanent(exc.smtp_code),
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from None
    if refused:
        raise DeliveryError(f"{where}: recipient refused: {refused}", permanent=True)
