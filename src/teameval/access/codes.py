"""Sign-in codes themselves: made at random, typed back by people, kept only as a keyed hash.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in two
groups of five: about 49 bits, far beyond what the sign-in throttling lets anyone try in a
code's lifetime. What is stored is an HMAC-SHA256 of the code under the installation's secret
key, bound to the user: a copy of the database alone gives nothing to try codes against, and a
hash moved to another user's row matches nothing. Rotating the secret key voids every code.
"""

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
GROUP = 5


def new_code() -> str:
    """A fresh random code, grouped for reading (`K7MPQ-R2XWD`)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return grouped(raw)


def grouped(raw: str) -> str:
    """A code in groups of five joined by a hyphen."""
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalised(typed: str) -> str | None:
    """The code as typed, without case, spaces or hyphens; None when it cannot be a code."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return raw


def code_hash(key: str, user_id: int, code: str) -> str:
    """The stored form of `code` for `user_id` (hex HMAC-SHA256 under the secret key)."""
    raw = normalised(code) or ""
    message = f"sign-in-code:{user_id}:{raw}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
