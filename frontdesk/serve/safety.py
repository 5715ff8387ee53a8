"""Safe by default: what the server listens on decides what it requires.

Loopback needs nothing (only this host's programs, such as a reverse proxy,
reach it); any other address needs TLS, or the operator's explicit
``--insecure-http``, which is warned about on start and on every sign-in
screen.
"""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path

from frontdesk.i18n import t

TLS = "tls"
LOOPBACK = "loopback"
INSECURE = "insecure"
"""How the page reaches the server (the value of ``SERVED_VARIABLE``)."""


class Unsafe(Exception):
    """The options would expose the interface; the message says what to do."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listening_mode(host: str, *, tls: bool, insecure_http: bool) -> str:
    """``TLS``, ``LOOPBACK`` or ``INSECURE``; ``Unsafe`` when a non-loopback
    address has neither TLS nor ``--insecure-http``."""
    if tls:
        return TLS
    if is_loopback(host):
        return LOOPBACK
    if insecure_http:
        return INSECURE
    raise Unsafe(t("serve.err.needs_tls", host=host))


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server context for the office's certificate and key (TLS 1.2 at least)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(str(cert), str(key))
    except (ssl.SSLError, OSError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or str(error)
        raise Unsafe(t("serve.err.tls_files", cert=cert, key=key, reason=reason)) from error
    return context
