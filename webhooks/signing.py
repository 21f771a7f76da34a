"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The secret is ``whsec_`` followed by base64 of 32 random bytes; the signed content is
``{Webhook-Id}.{Webhook-Timestamp}.{body}`` and the ``Webhook-Signature`` header holds
``v1,<base64 of HMAC-SHA256>`` (several signatures separated by spaces are allowed, which
is how a receiver would accept both secrets while rotating). ``verify`` is written to be
copied into a receiver as is: it needs only the standard library.
"""

import base64
import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


class InvalidSignature(Exception):
    pass


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``Webhook-Signature`` header value for this message."""
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, headers, body: bytes, *, now: float | None = None) -> None:
    """Raise ``InvalidSignature`` unless ``body`` was signed with ``secret`` within the last
    (or next) five minutes. ``headers`` is any mapping with the three webhook headers."""
    try:
        message_id = headers["Webhook-Id"]
        timestamp = int(headers["Webhook-Timestamp"])
        signatures = headers["Webhook-Signature"]
    except (KeyError, ValueError):
        raise InvalidSignature("Missing or malformed webhook headers.") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise InvalidSignature("The timestamp is too old or too new.")
    expected = sign(secret, message_id, timestamp, body).split(",", 1)[1]
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return
    raise InvalidSignature("No signature matches.")
