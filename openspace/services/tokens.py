"""Random ids, join codes and tokens; tokens are stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L: a join code is read off a projector and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes: not found by enumeration behind rate limits
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def new_id(length: int = 12) -> str:
    """Return a random, URL-safe id."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def new_join_code() -> str:
    """Return a random join code."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(raw: str) -> str:
    """Return ``raw`` as a join code: upper case, without spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch not in " -\t")


def new_token() -> str:
    """Return a new secret token."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """Return the stored form of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
