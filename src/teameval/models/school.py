"""Schools (the tenants), their users, and sign-in bookkeeping."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped, UTCDateTime
from teameval.validation import LABEL_MAX, NAME_MAX


class School(IdMixin, CreatedAtMixin, Base):
    """A school: the tenant. No school ever sees another's rows."""

    __tablename__ = "school"

    name: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    language: Mapped[str] = mapped_column(String(2), default="nl", nullable=False)


class User(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A person who signs in: admin, teacher or student of one school."""

    __tablename__ = "user_account"
    __table_args__ = (UniqueConstraint("school_id", "email"),)

    role: Mapped[str] = mapped_column(String(16), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    class_name: Mapped[str | None] = mapped_column(String(LABEL_MAX))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(2))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class SessionPurpose(StrEnum):
    """What a sign-in session may do."""

    # Everything the user's role allows.
    SIGN_IN = "sign_in"
    # Only choose a password: a sign-in with a one-time code, until the user has one.
    SET_PASSWORD = "set_password"  # noqa: S105 - a purpose, not a password


class AuthSession(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """One sign-in: tokens and cookies name it, so logging out revokes them."""

    __tablename__ = "auth_session"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purpose: Mapped[str] = mapped_column(
        String(16), default=SessionPurpose.SIGN_IN, server_default="sign_in", nullable=False
    )


class LoginFailure(IdMixin, CreatedAtMixin, Base):
    """A failed sign-in, counted per e-mail to throttle guessing (no school is known yet)."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_email_created_at", "email", "created_at"),)

    email: Mapped[str] = mapped_column(String(254), nullable=False)
