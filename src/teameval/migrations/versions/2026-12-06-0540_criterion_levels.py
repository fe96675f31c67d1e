"""criterion levels: a sentence per score level of a criterion (anchored scales)

Revision ID: 0007_criterion_levels
Revises: 0006_course_staff_and_deadlines
Create Date: 2026-12-06 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_criterion_levels"
down_revision: str | None = "0006_course_staff_and_deadlines"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (a literal default): a rebuilt criterion table would take every
    # review score with it through ON DELETE CASCADE on SQLite (tests/test_migration_data.py).
    op.add_column("criterion", sa.Column("levels", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    op.drop_column("criterion", "levels")
