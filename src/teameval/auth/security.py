"""Password hashing (argon2), signed expiring tokens, and CSRF tokens bound to a session."""

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from teameval.config import get_settings
from teameval.models.base import utcnow

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


def _secret() -> str:
    return get_settings().signing_key


def create_access_token(user_id: int, session_id: int, expires_at: datetime) -> str:
    """A signed token naming the user and their sign-in session, valid until `expires_at`."""
    payload: dict[str, Any] = {"sub": str(user_id), "sid": session_id, "exp": expires_at}
    return jwt.encode(payload, _secret(), algorithm=_ALGORITHM)


def decode_access_token(token: str) -> tuple[int, int] | None:
    """(user_id, session_id) of a valid, unexpired token; None for anything else."""
    try:
        payload = jwt.decode(token, _secret(), algorithms=[_ALGORITHM])
        return int(payload["sub"]), int(payload["sid"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return None


def session_expiry() -> datetime:
    """When a sign-in made now expires."""
    return utcnow() + timedelta(minutes=get_settings().access_token_ttl_minutes)


def csrf_token(session_id: int) -> str:
    """The CSRF token of a sign-in session: forms and cookie-authenticated calls must send it."""
    return hmac.new(_secret().encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def csrf_token_valid(session_id: int, token: str | None) -> bool:
    """Whether `token` is the session's CSRF token (constant-time comparison)."""
    return token is not None and hmac.compare_digest(csrf_token(session_id), token)


def login_csrf_token(nonce: str) -> str:
    """The sign-in form's CSRF token for a browser's pre-session nonce (kept in its cookie)."""
    return hmac.new(_secret().encode(), f"login-csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def login_csrf_valid(nonce: str | None, token: str | None) -> bool:
    """Whether a posted sign-in form carries the token of the browser's own nonce."""
    return bool(nonce and token) and hmac.compare_digest(login_csrf_token(nonce or ""), token or "")
