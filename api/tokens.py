"""Token secrets: made once, shown once, stored as a hash."""

import hashlib
import secrets

TOKEN_PREFIX = "cc_"
PREFIX_LENGTH = 10


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 is enough here: the secret has 256 random bits, so there is nothing to
    guess, and the lookup by hash stays one indexed query."""
    return hashlib.sha256(secret.encode()).hexdigest()


def display_prefix(secret: str) -> str:
    return secret[:PREFIX_LENGTH]
