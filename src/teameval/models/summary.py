"""Summary generation jobs (the truth about each job) and the summaries they produce."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped, UTCDateTime
from teameval.summaries.enums import JobStatus

# The partial index's predicate: summaries.enums.ACTIVE, as SQL (the migration wrote it so).
_ACTIVE = f"status IN ('{JobStatus.QUEUED}', '{JobStatus.PROCESSING}')"


class SummaryGenerationJob(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """One request for a student's summary; the row, not Redis, says where it stands."""

    __tablename__ = "summary_generation_jobs"
    __table_args__ = (
        # At most one active job per (evaluation, student): the database enforces the dedupe.
        Index(
            "uq_summary_generation_jobs_active",
            "evaluation_id",
            "student_id",
            unique=True,
            sqlite_where=text(_ACTIVE),
            postgresql_where=text(_ACTIVE),
        ),
        Index("ix_summary_generation_jobs_evaluation_created", "evaluation_id", "created_at"),
        # Counts per status and the status filter of one evaluation (migration 0003).
        Index(
            "ix_summary_generation_jobs_evaluation_status", "evaluation_id", "status", "created_at"
        ),
        Index("ix_summary_generation_jobs_status_lease", "status", "lease_until"),
        # The progress bar's observed rate: the jobs finished in the last minutes (0008).
        Index("ix_summary_generation_jobs_completed_at", "completed_at"),
    )

    job_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), nullable=False
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3, nullable=False)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker_name: Mapped[str | None] = mapped_column(String(200))
    feedback_hash: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error_message: Mapped[str | None] = mapped_column(Text)
    force: Mapped[bool] = mapped_column(default=False, nullable=False)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FeedbackSummary(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """The summary of the feedback one student received in one evaluation: one row, upserted."""

    __tablename__ = "feedback_summary"
    __table_args__ = (UniqueConstraint("evaluation_id", "student_id"),)

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    summary_text: Mapped[str] = mapped_column(Text, nullable=False)
    # {summary, strengths[], improvements[], action} when the LLM answered in structure.
    structured: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # summaries.enums.GenerationMethod
    generation_method: Mapped[str] = mapped_column(String(16), nullable=False)
    feedback_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    feedback_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    provider: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # A teacher's edit (either release mode), and when the summary was published (teacher_review).
    edited_text: Mapped[str | None] = mapped_column(Text)
    edited_feedback_hash: Mapped[str | None] = mapped_column(String(64))
    edited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Held back by a teacher (either release mode): the student sees no summary until released.
    held_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
