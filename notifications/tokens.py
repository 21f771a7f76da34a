"""Signed unsubscribe tokens: they stand for one person and one kind of email (or all).

No expiry: an unsubscribe link in a years-old email must still work (RFC 8058). Rotating
``SECRET_KEY`` invalidates every link; the settings page stays reachable after logging in.
"""

from django.core import signing

from notifications.models import EventKind

_SALT = "notifications.unsubscribe"
ALL_KINDS = "all"


def unsubscribe_token(*, user_id: int, kind: str | None) -> str:
    return signing.Signer(salt=_SALT).sign_object([user_id, kind or ALL_KINDS], compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str | None]:
    """``(user_id, kind or None for all)``; raises ``signing.BadSignature`` if forged."""
    user_id, kind = signing.Signer(salt=_SALT).unsign_object(token)
    if not isinstance(user_id, int) or kind not in (*EventKind.values, ALL_KINDS):
        raise signing.BadSignature("unexpected token content")
    return user_id, None if kind == ALL_KINDS else kind
