"""Signing in with a code, and choosing one's own password afterwards.

A code opens a sign-in that may only choose a password (`SessionPurpose.SET_PASSWORD`, short
lived): every other route answers 403 `password_required` and every page leads to the
password form. Choosing the password ends all the person's sign-ins and opens a normal one.
Failed codes count as failed sign-ins of the address, with the passwords' throttling.
"""

from datetime import timedelta

from sqlalchemy.orm import Session

from teameval.access.codes import code_hash, normalised
from teameval.access.repository import SignInCodeRepository
from teameval.auth.principal import Principal
from teameval.auth.repository import AuthRepository
from teameval.auth.security import hash_password
from teameval.auth.service import AuthService, SignIn
from teameval.config import Settings
from teameval.errors import Forbidden, Invalid, Unauthorized
from teameval.models import SessionPurpose, User, utcnow
from teameval.users.repository import UserRepository
from teameval.users.schemas import MIN_PASSWORD_LENGTH


class CodeSignInService:
    """Sign-in codes used by the people they were issued to (no principal yet)."""

    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.auth = AuthService(session, settings)

    def sign_in(self, email: str, code: str) -> SignIn:
        """Use a code once: a sign-in that may only choose a password; one error for any miss."""
        email = email.strip()
        self.auth.claim_attempt(email)
        raw = normalised(code)
        now = utcnow()
        found: list[tuple[User, int]] = []
        if raw is not None:
            for user in AuthRepository(self.session).active_users_by_email(email):
                codes = SignInCodeRepository(self.session, user.school_id)
                row = codes.usable(user.id, code_hash(self.settings.signing_key, user.id, raw), now)
                if row is not None:
                    found.append((user, row.id))
        if len(found) != 1:
            raise Unauthorized("invalid_code")  # its failure is already recorded
        user, code_id = found[0]
        # Two requests with one code: the conditional update lets exactly one through.
        if not SignInCodeRepository(self.session, user.school_id).mark_used(code_id, now):
            self.session.rollback()
            raise Unauthorized("invalid_code")
        AuthRepository(self.session).clear_failures(email)
        expires_at = now + timedelta(minutes=self.settings.sign_in_code_session_minutes)
        return self.auth.open_session(user, SessionPurpose.SET_PASSWORD, expires_at)

    def choose_password(self, principal: Principal, password: str, confirmation: str) -> SignIn:
        """Set the password of a code sign-in; every earlier sign-in ends, a normal one opens."""
        if not principal.must_set_password:
            raise Forbidden("not_a_code_sign_in")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise Invalid("weak_password")
        if password != confirmation:
            raise Invalid("password_mismatch")
        user = UserRepository(self.session, principal.school_id).get_or_404(principal.user_id)
        user.password_hash = hash_password(password)
        AuthRepository(self.session).revoke_sessions_of(user.id)
        return self.auth.open_session(user)
