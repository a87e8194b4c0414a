"""Secret tokens (invites, participant sessions, API tokens): made, shown once, stored hashed.

Each token carries 192 random bits, far above the 128 the threat model asks for, so a
plain SHA-256 digest is a safe way to store it: nobody can search a 2^192 space, and
unlike a password it needs no slow hash.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits

INVITE_PREFIX = "inv_"
SESSION_PREFIX = "ses_"
API_PREFIX = "tto_"


def new_token(prefix: str) -> str:
    """A fresh URL-safe token; the prefix tells a reader (and a secret scanner) what it is."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
