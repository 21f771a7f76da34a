"""One HTTP attempt of a webhook delivery. No database access here: callers record it."""

import ipaddress
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from requests.adapters import HTTPAdapter

from webhooks import signing, ssrf

USER_AGENT = "Cocreate-Webhooks/1"


@dataclass(frozen=True)
class Attempt:
    status_code: int | None
    response_ms: int | None
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def encode(payload: dict) -> bytes:
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def post(*, url: str, secret: str, message_id: str, payload: dict) -> Attempt:
    """POST ``payload`` signed with ``secret``. Only a 2xx answer counts as delivered: a
    redirect is not followed (it would lead past the address check) and counts as a
    failure, as do timeouts (``WEBHOOKS_TIMEOUT_SECONDS`` to connect, and between bytes of
    the answer) and refused addresses."""
    try:
        address = ssrf.check_url(url)
    except ssrf.UnsafeURL as error:
        return Attempt(None, None, f"Refused: {error}")
    body = encode(payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": message_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signing.sign(secret, message_id, timestamp, body),
    }
    started = time.monotonic()
    try:
        with requests.Session() as session:
            session.trust_env = False  # no proxy from the environment: we call what we checked
            target = url
            if address is not None:
                target, headers["Host"] = _pinned(url, address)
                session.mount(target, PinnedAdapter(urlsplit(url).hostname))
            response = session.post(
                target,
                data=body,
                headers=headers,
                timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
                allow_redirects=False,
                stream=True,
            )
            response.close()
    except requests.RequestException as error:
        return Attempt(None, _elapsed_ms(started), f"{type(error).__name__}: {error}"[:2000])
    attempt = Attempt(response.status_code, _elapsed_ms(started))
    if attempt.succeeded:
        return attempt
    return Attempt(attempt.status_code, attempt.response_ms, f"HTTP {response.status_code}")


class PinnedAdapter(HTTPAdapter):
    """Connects to an address given in the URL while TLS still names, and checks the
    certificate of, the endpoint's host."""

    def __init__(self, hostname: str):
        self.hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["server_hostname"] = self.hostname
        kwargs["assert_hostname"] = self.hostname
        super().init_poolmanager(*args, **kwargs)


def _pinned(url: str, address: str) -> tuple[str, str]:
    """``url`` with its host replaced by the checked ``address``, and the Host header."""
    parts = urlsplit(url)
    host = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    host_header = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    return urlunsplit(parts._replace(netloc=netloc)), host_header


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
