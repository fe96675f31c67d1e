"""Signing in and out, with throttling of repeated failures."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal, Role
from teameval.auth.repository import AuthRepository
from teameval.auth.security import (
    create_access_token,
    csrf_token_valid,
    decode_access_token,
    verify_password,
)
from teameval.auth.sign_in_cache import sign_ins_changed
from teameval.config import Settings
from teameval.errors import TooManyRequests, Unauthorized
from teameval.models import AuthSession, School, SessionPurpose, User, utcnow

# How many of a user's latest sign-ins a carried form may come from (a school day's worth).
_RECENT_SIGN_INS = 20


@dataclass(frozen=True)
class SignIn:
    """The outcome of a successful sign-in."""

    token: str
    user: User
    auth_session: AuthSession


@dataclass(frozen=True)
class TokenOwner:
    """Who a valid token signs in: the principal, and the names the page header shows."""

    principal: Principal
    user_name: str
    school_name: str
    # When the sign-in session ends (a cached sign-in never outlives it).
    expires_at: datetime


class AuthService:
    """Sign-in, sign-out and turning a token back into a principal."""

    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = AuthRepository(session)

    def login(self, email: str, password: str) -> SignIn:
        """Check the password and open a sign-in session; the same error for any mismatch."""
        email = email.strip()
        self.claim_attempt(email)
        candidates = self.repo.active_users_by_email(email)
        matched = [u for u in candidates if verify_password(u.password_hash, password)]
        if not candidates:
            verify_password(None, password)  # same work as a wrong password: leak nothing
        if len(matched) != 1:
            raise Unauthorized("invalid_credentials")  # its failure is already recorded
        self.repo.clear_failures(email)
        return self.open_session(matched[0])

    def claim_attempt(self, email: str) -> None:
        """Count a sign-in attempt of `email` (a password or a sign-in code) before checking it.

        The attempt is recorded as a failure and committed before the secret is checked, and
        then counted with every other one: of attempts arriving at once, each sees those
        committed before it, so at most `login_max_failures` secrets are checked per window
        however many arrive together. A refused attempt takes its record back (it checked
        nothing, and must not prolong the lock); a successful one clears them all
        (`repo.clear_failures`).
        """
        settings = self.settings
        window = timedelta(seconds=settings.login_failure_window_s)
        attempt = self.repo.add_failure(email)
        self.session.commit()
        failures, oldest = self.repo.count_failures_since(email, utcnow() - window)
        if failures > settings.login_max_failures:
            self.repo.delete_failure(attempt)
            self.session.commit()
            wait = (oldest or utcnow()) + window - utcnow()
            raise TooManyRequests(
                "login_throttled", retry_after=max(1, math.ceil(wait.total_seconds()))
            )

    def open_session(
        self,
        user: User,
        purpose: SessionPurpose = SessionPurpose.SIGN_IN,
        expires_at: datetime | None = None,
    ) -> SignIn:
        """Open a sign-in session of `user` (committed) and sign its token."""
        if expires_at is None:
            expires_at = utcnow() + timedelta(minutes=self.settings.access_token_ttl_minutes)
        auth_session = self.repo.add_session(user, expires_at, purpose)
        token = create_access_token(
            self.settings.signing_key, user.id, auth_session.id, auth_session.expires_at
        )
        self.session.commit()
        return SignIn(token=token, user=user, auth_session=auth_session)

    def logout(self, principal: Principal) -> None:
        """Revoke the principal's sign-in session: its token and cookie stop working."""
        auth_session = self.repo.get_session(principal.session_id)
        if auth_session is not None and auth_session.revoked_at is None:
            auth_session.revoked_at = utcnow()
            sign_ins_changed(self.session, principal.user_id)
            self.session.commit()

    def issued_form_to(self, user_id: int, form_csrf: str) -> bool:
        """Whether a form's CSRF token was given to one of the user's recent sign-ins.

        A form post interrupted by an expired sign-in is carried through signing in again and
        then replayed, but only for the person whose page it was (on a shared computer another
        pupil signing in must not post it as theirs).
        """
        key = self.settings.signing_key
        recent = self.repo.recent_session_ids(user_id, _RECENT_SIGN_INS)
        return any(csrf_token_valid(key, session_id, form_csrf) for session_id in recent)

    def current_user(self, principal: Principal) -> tuple[Principal, User, School]:
        """The principal's user and school rows."""
        found = self.repo.session_with_user(principal.session_id, principal.user_id)
        if found is None:
            raise Unauthorized()
        return principal, found[1], found[2]

    def principal_from_token(self, token: str) -> TokenOwner:
        """The principal a token signs in, if the token, its session and its user are all valid."""
        decoded = decode_access_token(self.settings.signing_key, token)
        if decoded is None:
            raise Unauthorized()
        user_id, session_id = decoded
        row = self.repo.session_owner(session_id, user_id)
        if row is None:
            raise Unauthorized()
        (sid, revoked_at, expires_at, purpose, uid, school_id, role, name, language, active,
         school_name, school_language) = row  # fmt: skip
        if revoked_at is not None or expires_at <= utcnow() or not active:
            raise Unauthorized()
        principal = Principal(
            user_id=uid,
            school_id=school_id,
            role=cast(Role, role),
            language=language or school_language,
            session_id=sid,
            must_set_password=purpose == SessionPurpose.SET_PASSWORD,
        )
        return TokenOwner(
            principal=principal, user_name=name, school_name=school_name, expires_at=expires_at
        )
