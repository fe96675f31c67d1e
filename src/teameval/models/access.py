"""Sign-in codes: how a person without a password gets in once to choose one."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped, UTCDateTime


class SignInCode(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A single-use, expiring code staff issued to a user; only its keyed hash is kept.

    A code is usable while `used_at` and `revoked_at` are empty and `expires_at` is ahead;
    issuing a new code for a user revokes their older unused ones.
    """

    __tablename__ = "sign_in_code"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
