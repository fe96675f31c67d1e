"""job evaluation+status index: the jobs list's counts per status and status filter stay flat

The jobs list and the teacher's evaluation page count an evaluation's jobs per status. Without
this index SQLite answered that by scanning the whole table through the (status, lease_until)
index, so those requests slowed down as other evaluations' jobs piled up (bench/growth.py
measures it; docs/BENCHMARKS.md has the plans).

Revision ID: 0003_job_evaluation_status_index
Revises: 0002_evaluation_reminder
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_job_evaluation_status_index"
down_revision: str | None = "0002_evaluation_reminder"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_summary_generation_jobs_evaluation_status",
        "summary_generation_jobs",
        ["evaluation_id", "status", "created_at"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_summary_generation_jobs_evaluation_status", table_name="summary_generation_jobs"
    )
