"""Sign-in queries. These run before a school is known, so they are the one unscoped repository."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from teameval.auth.sign_in_cache import sign_ins_changed
from teameval.models import AuthSession, LoginFailure, School, SessionPurpose, User


class AuthRepository:
    """Users by e-mail across schools, sign-in sessions and failed-login bookkeeping."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def active_users_by_email(self, email: str) -> Sequence[User]:
        """Every active user with this e-mail, in any school (e-mail is unique per school only)."""
        stmt = select(User).where(func.lower(User.email) == email.lower(), User.is_active)
        return self.session.scalars(stmt).all()

    def add_session(
        self, user: User, expires_at: datetime, purpose: SessionPurpose = SessionPurpose.SIGN_IN
    ) -> AuthSession:
        """Record a new sign-in of `user`, for `purpose`."""
        auth_session = AuthSession(
            user_id=user.id, school_id=user.school_id, expires_at=expires_at, purpose=purpose
        )
        self.session.add(auth_session)
        self.session.flush()
        return auth_session

    def session_with_user(
        self, session_id: int, user_id: int
    ) -> tuple[AuthSession, User, School] | None:
        """The sign-in session, its user and their school, in one query."""
        stmt = (
            select(AuthSession, User, School)
            .join(User, User.id == AuthSession.user_id)
            .join(School, School.id == User.school_id)
            .where(AuthSession.id == session_id, User.id == user_id)
        )
        row = self.session.execute(stmt).first()
        return (row[0], row[1], row[2]) if row else None

    def recent_session_ids(self, user_id: int, limit: int) -> Sequence[int]:
        """The ids of the user's latest sign-in sessions, newest first (revoked ones too)."""
        stmt = (
            select(AuthSession.id)
            .where(AuthSession.user_id == user_id)
            .order_by(AuthSession.id.desc())
            .limit(limit)
        )
        return self.session.scalars(stmt).all()

    def session_owner(self, session_id: int, user_id: int) -> tuple[Any, ...] | None:
        """What checking a token needs of its sign-in session, user and school, in one query.

        Plain columns, not ORM objects: every request runs this, and loading three mapped rows
        (with the password hash) cost more than the query itself.
        """
        stmt = (
            select(
                AuthSession.id,
                AuthSession.revoked_at,
                AuthSession.expires_at,
                AuthSession.purpose,
                User.id,
                User.school_id,
                User.role,
                User.name,
                User.language,
                User.is_active,
                School.name,
                School.language,
            )
            .join(User, User.id == AuthSession.user_id)
            .join(School, School.id == User.school_id)
            .where(AuthSession.id == session_id, User.id == user_id)
        )
        row = self.session.execute(stmt).first()
        return tuple(row) if row else None

    def revoke_sessions_of(self, user_id: int) -> None:
        """Sign a user out everywhere (their password changed)."""
        self.session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=func.now())
        )
        sign_ins_changed(self.session, user_id)

    def get_session(self, session_id: int) -> AuthSession | None:
        """A sign-in session by id."""
        return self.session.get(AuthSession, session_id)

    def school(self, school_id: int) -> School | None:
        """A school by id."""
        return self.session.get(School, school_id)

    def count_failures_since(self, email: str, since: datetime) -> tuple[int, datetime | None]:
        """How many failed sign-ins for `email` since `since`, and the oldest of them."""
        stmt = select(func.count(), func.min(LoginFailure.created_at)).where(
            LoginFailure.email == email.lower(), LoginFailure.created_at >= since
        )
        count, oldest = self.session.execute(stmt).one()
        return int(count), oldest

    def add_failure(self, email: str) -> LoginFailure:
        """Record a failed (or not yet checked) sign-in for `email`."""
        failure = LoginFailure(email=email.lower())
        self.session.add(failure)
        return failure

    def delete_failure(self, failure: LoginFailure) -> None:
        """Take back one recorded attempt (it was refused before its password was checked)."""
        self.session.execute(delete(LoginFailure).where(LoginFailure.id == failure.id))

    def clear_failures(self, email: str) -> None:
        """Forget the failures of `email` after a successful sign-in."""
        self.session.execute(delete(LoginFailure).where(LoginFailure.email == email.lower()))
