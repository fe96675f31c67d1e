"""Password hashing (argon2), signed expiring tokens, and CSRF tokens bound to a session."""

import hashlib
import hmac
from datetime import datetime
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("teameval-dummy-password")
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; a missing hash is checked against a dummy to keep timing even."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# Every function below takes the signing key (`Settings.signing_key`) from its caller.


def create_access_token(key: str, user_id: int, session_id: int, expires_at: datetime) -> str:
    """A signed token naming the user and their sign-in session, valid until `expires_at`."""
    payload: dict[str, Any] = {"sub": str(user_id), "sid": session_id, "exp": expires_at}
    return jwt.encode(payload, key, algorithm=_ALGORITHM)


def decode_access_token(key: str, token: str) -> tuple[int, int] | None:
    """(user_id, session_id) of a valid, unexpired token; None for anything else."""
    try:
        payload = jwt.decode(token, key, algorithms=[_ALGORITHM])
        return int(payload["sub"]), int(payload["sid"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def csrf_token(key: str, session_id: int) -> str:
    """The CSRF token of a sign-in session: forms and cookie-authenticated calls must send it."""
    return hmac.new(key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def csrf_token_valid(key: str, session_id: int, token: str | None) -> bool:
    """Whether `token` is the session's CSRF token (constant-time comparison)."""
    return token is not None and hmac.compare_digest(csrf_token(key, session_id), token)


def login_csrf_token(key: str, nonce: str) -> str:
    """The sign-in form's CSRF token for a browser's pre-session nonce (kept in its cookie)."""
    return hmac.new(key.encode(), f"login-csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def login_csrf_valid(key: str, nonce: str | None, token: str | None) -> bool:
    """Whether a posted sign-in form carries the token of the browser's own nonce."""
    expected = login_csrf_token(key, nonce or "")
    return bool(nonce and token) and hmac.compare_digest(expected, token or "")
