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
    with op.batch_alter_table("criterion") as batch:
        batch.add_column(sa.Column("levels", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("criterion") as batch:
        batch.drop_column("levels")
