"""Sending mail: SMTP settings from the environment only, and one send with clear errors."""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Literal, cast

Security = Literal["starttls", "ssl", "none"]
_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class DigestError(Exception):
    """Root of the digest's errors."""


class SmtpConfigError(DigestError, ValueError):
    """A DEFWATCH_SMTP_* variable is missing or wrong; the message names it."""


class DigestSendError(DigestError):
    """The SMTP server could not be reached or refused the message; the week stays retryable."""

    def __init__(self, message: str, week: str | None = None) -> None:
        super().__init__(message)
        self.week = week



@dataclass(frozen=True)
class SmtpSettings:
    host: str
    sender: str
    port: int = 587
    security: Security = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        """Read DEFWATCH_SMTP_*; nothing else (no file) holds SMTP settings or passwords."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(f"DEFWATCH_SMTP_{name}", "").strip()
            return value or None

        host, sender = get("HOST"), get("FROM")
        if not host:
            raise SmtpConfigError("set DEFWATCH_SMTP_HOST to your SMTP server's host name")
        if not sender or "@" not in sender:
            raise SmtpConfigError("set DEFWATCH_SMTP_FROM to the sender address, e.g. defwatch@example.org")
        security = (get("SECURITY") or "starttls").lower()
        if security not in _DEFAULT_PORTS:
            raise SmtpConfigError(f"DEFWATCH_SMTP_SECURITY must be starttls, ssl or none; got {security!r}")
        port_text = get("PORT")
        try:
            port = int(port_text) if port_text else _DEFAULT_PORTS[security]
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise SmtpConfigError(f"DEFWATCH_SMTP_PORT must be a port number 1-65535; got {port_text!r}")
        user, password = get("USER"), env.get("DEFWATCH_SMTP_PASSWORD") or None
        if bool(user) != bool(password):
            missing = "DEFWATCH_SMTP_PASSWORD" if user else "DEFWATCH_SMTP_USER"
            raise SmtpConfigError(f"set {missing} too: SMTP login needs both user and password, or neither")
        if user and security == "none" and not _is_loopback(host):
            raise SmtpConfigError(
                "DEFWATCH_SMTP_SECURITY=none would send the password unencrypted to "
                f"{host}; set DEFWATCH_SMTP_SECURITY to starttls or ssl"
            )
        return cls(host, sender, port, cast(Security, security), user, password)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def send_message(
    msg: EmailMessage, settings: SmtpSettings, recipients: Sequence[str], timeout: float = 30
) -> dict[str, tuple[int, bytes]]:
    """Send through SMTP; sets From, To and (when absent) Message-ID on ``msg``.

    Returns the recipients the server refused (empty when all were accepted); raises
    DigestSendError when nothing was sent.
    """
    if not recipients:
        raise DigestSendError("no recipients: set digest.recipients in feeds.yml or pass --to")
    for header in ("From", "To"):
        del msg[header]
    msg["From"] = settings.sender
    msg["To"] = ", ".join(recipients)
    if not msg["Message-ID"]:
        msg["Message-ID"] = make_msgid(idstring="defwatch", domain=settings.sender.rpartition("@")[2])
    where = f"{settings.host}:{settings.port} ({settings.security})"
    try:
        context = ssl.create_default_context()
        client = (
            smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
            if settings.security == "ssl" else smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        )
        try:
            if settings.security == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise DigestSendError(
                        f"{where} does not offer STARTTLS: set DEFWATCH_SMTP_SECURITY to ssl"
                        " (or none on a local relay)"
                    )
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            return client.send_message(msg, from_addr=settings.sender, to_addrs=list(recipients))
        finally:
            try:  # the message is already accepted: a failed QUIT must not count as a failed send
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    except smtplib.SMTPAuthenticationError as exc:
        raise DigestSendError(
            f"SMTP login to {where} refused: check DEFWATCH_SMTP_USER and DEFWATCH_SMTP_PASSWORD ({exc})"
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DigestSendError(f"could not send through {where}: {type(exc).__name__}: {exc}") from exc
