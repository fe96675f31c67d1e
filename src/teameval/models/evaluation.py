"""Evaluations, their rubric criteria, the review allocations and the scores given."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teameval.evaluations.enums import EvaluationStatus, ReviewStatus
from teameval.models.base import Base, CreatedAtMixin, IdMixin, SchoolScoped, UTCDateTime, utcnow
from teameval.validation import NAME_MAX


class Evaluation(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """A peer evaluation of a course's teams: draft, then open for reviews, then closed."""

    __tablename__ = "evaluation"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=EvaluationStatus.DRAFT, nullable=False)
    scale_min: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    scale_max: Mapped[int] = mapped_column(Integer, default=5, nullable=False)
    include_self: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Closed by the scheduler once the deadline (and every extension) has passed.
    close_at_deadline: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    summary_release: Mapped[str] = mapped_column(String(16), default="auto", nullable=False)
    # How results are computed: "catme" (peer average / team average) or "webpa".
    adjustment_method: Mapped[str] = mapped_column(String(16), default="catme", nullable=False)
    # Students who did not submit: "flag" them, or count their missing ratings as "equal_share".
    non_submitter_policy: Mapped[str] = mapped_column(String(16), default="flag", nullable=False)
    adjustment_min: Mapped[float | None] = mapped_column()
    adjustment_max: Mapped[float | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The course roster's names as they were at closing: what a closed evaluation's quotes and
    # summaries are anonymised against, so a later roster change never rewrites them. None
    # while open (the live roster counts).
    roster_names: Mapped[list[str] | None] = mapped_column(JSON)


class Criterion(IdMixin, SchoolScoped, Base):
    """One rubric criterion of an evaluation, scored on the evaluation's scale."""

    __tablename__ = "criterion"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    name: Mapped[str] = mapped_column(String(NAME_MAX), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Anchored levels (as CATME's behaviourally anchored scales): [{"score": 1, "description":
    # "Doet niet mee"}, ...] by score, for any of the scale's scores; [] when none are described.
    levels: Mapped[list[dict[str, object]]] = mapped_column(
        JSON, default=list, server_default="[]", nullable=False
    )


class DeadlineExtension(IdMixin, CreatedAtMixin, SchoolScoped, Base):
    """One student's own, later deadline in an evaluation (their reviews stay open until it)."""

    __tablename__ = "deadline_extension"
    __table_args__ = (UniqueConstraint("evaluation_id", "student_id"),)

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    deadline: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ReviewAllocation(IdMixin, SchoolScoped, Base):
    """That `reviewer` reviews `reviewee` (themselves when is_self) in an evaluation."""

    __tablename__ = "review_allocation"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "reviewer_id", "reviewee_id"),
        Index("ix_review_allocation_evaluation_reviewee", "evaluation_id", "reviewee_id"),
    )

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    team_id: Mapped[int] = mapped_column(
        ForeignKey("team.id", ondelete="CASCADE"), index=True, nullable=False
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    reviewee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    is_self: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # todo: nothing saved; draft: saved, not counted; submitted: counts in results and summaries.
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.TODO, nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReviewScore(IdMixin, SchoolScoped, Base):
    """The score and comment one allocation gives on one criterion."""

    __tablename__ = "review_score"
    __table_args__ = (UniqueConstraint("allocation_id", "criterion_id"),)

    allocation_id: Mapped[int] = mapped_column(
        ForeignKey("review_allocation.id", ondelete="CASCADE"), index=True, nullable=False
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True, nullable=False
    )
    score: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="", nullable=False)
