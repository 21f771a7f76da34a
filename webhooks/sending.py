"""One HTTP attempt of a webhook delivery. No database access here: callers record it."""

import json
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

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
        ssrf.check_url(url)
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
            response = session.post(
                url,
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


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
