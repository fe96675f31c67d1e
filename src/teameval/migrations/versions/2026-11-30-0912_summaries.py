"""Summary generation jobs and the feedback summaries they produce

Revision ID: 0001d
Revises: 0001c
Create Date: 2026-11-30 09:09:30.701324
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import teameval.models.base

revision: str = "0001d"
down_revision: str | None = "0001c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_summary",
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("summary_text", sa.Text(), nullable=False),
        sa.Column("structured", sa.JSON(), nullable=True),
        sa.Column("generation_method", sa.String(length=16), nullable=False),
        sa.Column("feedback_hash", sa.String(length=64), nullable=False),
        sa.Column("feedback_count", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("generated_at", teameval.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edited_text", sa.Text(), nullable=True),
        sa.Column("edited_feedback_hash", sa.String(length=64), nullable=True),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", teameval.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_id"],
            ["user_account.id"],
            name=op.f("fk_feedback_summary_edited_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_feedback_summary_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_feedback_summary_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_feedback_summary_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_summary")),
        sa.UniqueConstraint(
            "evaluation_id", "student_id", name=op.f("uq_feedback_summary_evaluation_id_student_id")
        ),
    )
    with op.batch_alter_table("feedback_summary", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_summary_evaluation_id"), ["evaluation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_summary_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_summary_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "summary_generation_jobs",
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("worker_name", sa.String(length=200), nullable=True),
        sa.Column("feedback_hash", sa.String(length=64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("force", sa.Boolean(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("enqueued_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", teameval.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_summary_generation_jobs_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_summary_generation_jobs_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_summary_generation_jobs_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["user_account.id"],
            name=op.f("fk_summary_generation_jobs_student_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_generation_jobs")),
        sa.UniqueConstraint("job_id", name=op.f("uq_summary_generation_jobs_job_id")),
    )
    with op.batch_alter_table("summary_generation_jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_summary_generation_jobs_evaluation_created",
            ["evaluation_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_summary_generation_jobs_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            "ix_summary_generation_jobs_status_lease", ["status", "lease_until"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_summary_generation_jobs_student_id"), ["student_id"], unique=False
        )
        batch_op.create_index(
            "uq_summary_generation_jobs_active",
            ["evaluation_id", "student_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('queued', 'processing')"),
            postgresql_where=sa.text("status IN ('queued', 'processing')"),
        )


def downgrade() -> None:
    with op.batch_alter_table("summary_generation_jobs", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_summary_generation_jobs_active",
            sqlite_where=sa.text("status IN ('queued', 'processing')"),
            postgresql_where=sa.text("status IN ('queued', 'processing')"),
        )
        batch_op.drop_index(batch_op.f("ix_summary_generation_jobs_student_id"))
        batch_op.drop_index("ix_summary_generation_jobs_status_lease")
        batch_op.drop_index(batch_op.f("ix_summary_generation_jobs_school_id"))
        batch_op.drop_index("ix_summary_generation_jobs_evaluation_created")

    op.drop_table("summary_generation_jobs")
    with op.batch_alter_table("feedback_summary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_summary_student_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_summary_school_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_summary_evaluation_id"))

    op.drop_table("feedback_summary")
