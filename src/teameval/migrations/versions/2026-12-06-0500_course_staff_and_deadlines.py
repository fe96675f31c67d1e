"""course staff and deadlines: co-teachers, per-student deadline extensions, closing at the deadline

Revision ID: 0006_course_staff_and_deadlines
Revises: 0005_evaluation_roster_names
Create Date: 2026-12-06 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from teameval.models.base import UTCDateTime

revision: str = "0006_course_staff_and_deadlines"
down_revision: str | None = "0005_evaluation_roster_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _scoped_table(name: str, parent: tuple[str, str], *columns: sa.Column[object]) -> None:
    """A school-owned table with an id, created_at, school_id, a parent and a user column."""
    (parent_column, parent_table), user_column = parent, columns[0].name
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column(parent_column, sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f(f"fk_{name}_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [parent_column],
            [f"{parent_table}.id"],
            name=op.f(f"fk_{name}_{parent_column}_{parent_table}"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            [user_column],
            ["user_account.id"],
            name=op.f(f"fk_{name}_{user_column}_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(
            parent_column, user_column, name=op.f(f"uq_{name}_{parent_column}_{user_column}")
        ),
    )
    for column in ("school_id", parent_column, user_column):
        op.create_index(op.f(f"ix_{name}_{column}"), name, [column])


def upgrade() -> None:
    _scoped_table(
        "course_teacher",
        ("course_id", "course"),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
    )
    _scoped_table(
        "deadline_extension",
        ("evaluation_id", "evaluation"),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("deadline", UTCDateTime(timezone=True), nullable=False),
    )
    # A plain ADD COLUMN with a literal default: SQLite would rebuild the table for an SQL
    # expression default (sa.false()), and dropping the old evaluation table deletes every
    # criterion, allocation and score through ON DELETE CASCADE (tests/test_migration_data.py).
    op.add_column(
        "evaluation",
        sa.Column("close_at_deadline", sa.Boolean(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("evaluation", "close_at_deadline")  # not rebuilt: see upgrade()
    for name, parent, user in (
        ("deadline_extension", "evaluation_id", "student_id"),
        ("course_teacher", "course_id", "teacher_id"),
    ):
        for column in (user, parent, "school_id"):
            op.drop_index(op.f(f"ix_{name}_{column}"), table_name=name)
        op.drop_table(name)
