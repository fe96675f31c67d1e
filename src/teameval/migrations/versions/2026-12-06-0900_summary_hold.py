"""summary hold: a teacher holds a summary back from the student, in either release mode;
an index on jobs' completed_at for the progress bar's observed rate

Revision ID: 0008_summary_hold
Revises: 0007_criterion_levels
Create Date: 2026-12-06 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from teameval.models.base import UTCDateTime

revision: str = "0008_summary_hold"
down_revision: str | None = "0007_criterion_levels"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain nullable ADD COLUMN: no table rebuild on SQLite, no rewrite on PostgreSQL.
    op.add_column(
        "feedback_summary", sa.Column("held_back_at", UTCDateTime(timezone=True), nullable=True)
    )
    # The progress bar's observed rate reads the jobs finished in the last minutes.
    op.create_index(
        "ix_summary_generation_jobs_completed_at", "summary_generation_jobs", ["completed_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_summary_generation_jobs_completed_at", "summary_generation_jobs")
    op.drop_column("feedback_summary", "held_back_at")
