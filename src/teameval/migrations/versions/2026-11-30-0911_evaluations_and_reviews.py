"""Evaluations, rubric criteria, review allocations and scores

Revision ID: 0001c
Revises: 0001b
Create Date: 2026-11-30 09:09:30.701324
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import teameval.models.base

revision: str = "0001c"
down_revision: str | None = "0001b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("include_self", sa.Boolean(), nullable=False),
        sa.Column("deadline", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("summary_release", sa.String(length=16), nullable=False),
        sa.Column("adjustment_method", sa.String(length=16), nullable=False),
        sa.Column("non_submitter_policy", sa.String(length=16), nullable=False),
        sa.Column("adjustment_min", sa.Double(), nullable=True),
        sa.Column("adjustment_max", sa.Double(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", teameval.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_evaluation_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_evaluation_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_evaluation_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_school_id"), ["school_id"], unique=False)

    op.create_table(
        "criterion",
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_criterion_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_criterion_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
    )
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_criterion_evaluation_id"), ["evaluation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_criterion_school_id"), ["school_id"], unique=False)

    op.create_table(
        "review_allocation",
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("reviewee_id", sa.Integer(), nullable=False),
        sa.Column("is_self", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", teameval.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluation.id"],
            name=op.f("fk_review_allocation_evaluation_id_evaluation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewee_id"],
            ["user_account.id"],
            name=op.f("fk_review_allocation_reviewee_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_review_allocation_reviewer_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_review_allocation_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_review_allocation_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_allocation")),
        sa.UniqueConstraint(
            "evaluation_id",
            "reviewer_id",
            "reviewee_id",
            name=op.f("uq_review_allocation_evaluation_id_reviewer_id_reviewee_id"),
        ),
    )
    with op.batch_alter_table("review_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_allocation_evaluation_id"), ["evaluation_id"], unique=False
        )
        batch_op.create_index(
            "ix_review_allocation_evaluation_reviewee",
            ["evaluation_id", "reviewee_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_review_allocation_reviewee_id"), ["reviewee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_allocation_reviewer_id"), ["reviewer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_allocation_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_allocation_team_id"), ["team_id"], unique=False)

    op.create_table(
        "review_score",
        sa.Column("allocation_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["review_allocation.id"],
            name=op.f("fk_review_score_allocation_id_review_allocation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_review_score_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_review_score_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_score")),
        sa.UniqueConstraint(
            "allocation_id", "criterion_id", name=op.f("uq_review_score_allocation_id_criterion_id")
        ),
    )
    with op.batch_alter_table("review_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_score_allocation_id"), ["allocation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_score_criterion_id"), ["criterion_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_score_school_id"), ["school_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_score_school_id"))
        batch_op.drop_index(batch_op.f("ix_review_score_criterion_id"))
        batch_op.drop_index(batch_op.f("ix_review_score_allocation_id"))

    op.drop_table("review_score")
    with op.batch_alter_table("review_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_allocation_team_id"))
        batch_op.drop_index(batch_op.f("ix_review_allocation_school_id"))
        batch_op.drop_index(batch_op.f("ix_review_allocation_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_review_allocation_reviewee_id"))
        batch_op.drop_index("ix_review_allocation_evaluation_reviewee")
        batch_op.drop_index(batch_op.f("ix_review_allocation_evaluation_id"))

    op.drop_table("review_allocation")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_school_id"))
        batch_op.drop_index(batch_op.f("ix_criterion_evaluation_id"))

    op.drop_table("criterion")
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_school_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_course_id"))

    op.drop_table("evaluation")
