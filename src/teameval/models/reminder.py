"""Reminder e-mails sent for an evaluation: the record that makes the automatic one go once."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped, UTCDateTime


class EvaluationReminder(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """One round of reminder e-mails to the students of an evaluation who had not submitted."""

    __tablename__ = "evaluation_reminder"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # manual | auto
    # "auto:<evaluation id>" for the automatic reminder, NULL for the button: the unique index
    # lets two schedulers race and still send the automatic reminder once.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="sending", nullable=False)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recipient_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    sent_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
