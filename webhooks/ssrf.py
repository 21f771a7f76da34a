"""Refusing webhook URLs that point into our own network (SSRF).

A URL is allowed when it is http(s) and every address its host resolves to is a public
unicast address: private, loopback, link-local (cloud metadata at 169.254.169.254),
multicast, reserved, unspecified and shared (100.64/10) addresses are refused, for IPv4,
IPv6 and IPv4-mapped IPv6. ``settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (tests, local
development) lifts the address check, never the scheme check.

The check runs when an endpoint is saved and again right before each request, and
``check_url`` returns the vetted address: ``sending`` connects to that address (keeping the
host name for the Host header, TLS SNI and certificate check), so a DNS answer that changes
after the check (DNS rebinding) is never used. ``sending`` also refuses redirects and
ignores proxy environment variables.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class UnsafeURL(ValueError):
    pass


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    refused = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not refused


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeURL(_("The host name %(host)s cannot be resolved.") % {"host": host}) from None
    return sorted({info[4][0] for info in infos})


def check_url(url: str) -> str | None:
    """Raise ``UnsafeURL`` (with a message for the brand) unless ``url`` may be called;
    return the checked address to connect to (``None`` when the address check is off)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("Use an http:// or https:// URL."))
    if parts.username or parts.password:
        raise UnsafeURL(_("Leave user names and passwords out of the URL."))
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeURL(_("The port in the URL is not valid.")) from None
    addresses = resolve(parts.hostname, port)
    for address in addresses:
        if not is_public(address):
            raise UnsafeURL(
                _(
                    "%(host)s points to a private, loopback or link-local address (%(ip)s): "
                    "webhooks only go to public addresses."
                )
                % {"host": parts.hostname, "ip": address}
            )
    return addresses[0]
