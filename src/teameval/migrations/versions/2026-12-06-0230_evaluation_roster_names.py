"""evaluation roster names: the roster frozen at closing

A closed evaluation's quotes and summaries are anonymised against the roster it had when it
closed, so adding a student later (a "Mila Laat") never changes them. Evaluations closed before
this migration get the roster they have now, the best that can be known.

Revision ID: 0005_evaluation_roster_names
Revises: 0004_sign_in_code
Create Date: 2026-12-06 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_evaluation_roster_names"
down_revision: str | None = "0004_sign_in_code"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EVALUATION = sa.table(
    "evaluation",
    sa.column("id", sa.Integer),
    sa.column("course_id", sa.Integer),
    sa.column("school_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("roster_names", sa.JSON),
)
# The course roster as courses/repository.py reads it: enrolled, in a team, or the teacher.
_ROSTER = sa.text(
    "SELECT name FROM user_account WHERE school_id = :school AND id IN ("
    " SELECT student_id FROM enrolment WHERE course_id = :course"
    " UNION SELECT student_id FROM team_member WHERE course_id = :course"
    " UNION SELECT teacher_id FROM course WHERE id = :course) ORDER BY id"
)


def upgrade() -> None:
    op.add_column("evaluation", sa.Column("roster_names", sa.JSON(), nullable=True))
    conn = op.get_bind()
    closed = conn.execute(
        sa.select(_EVALUATION.c.id, _EVALUATION.c.course_id, _EVALUATION.c.school_id).where(
            _EVALUATION.c.status == "closed"
        )
    ).all()
    for evaluation_id, course_id, school_id in closed:
        names = conn.execute(_ROSTER, {"school": school_id, "course": course_id}).scalars()
        conn.execute(
            _EVALUATION.update()
            .where(_EVALUATION.c.id == evaluation_id)
            .values(roster_names=[n for n in names if n])
        )


def downgrade() -> None:
    op.drop_column("evaluation", "roster_names")
