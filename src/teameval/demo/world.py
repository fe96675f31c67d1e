"""One builder of made-up worlds: the demo school and the test factories write their rows here.

Rows are written with the models directly, not through the services, so that a world can hold
states the API only reaches over weeks (a closed evaluation from the past, drafts, a forgotten
self review) and a test can build hundreds of students in a second. Every row belongs to one
school and is flushed as it is added, so its id is known at once; the caller commits.

(The benchmarks' classes of 10,000 students are written in bulk with Core inserts instead,
`bench/dataset.py`: the same tables, thousands of rows per statement.)
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from teameval.models import (
    Course,
    Criterion,
    Enrolment,
    Evaluation,
    ReviewAllocation,
    ReviewScore,
    Team,
    TeamMember,
    User,
    utcnow,
)

T = TypeVar("T")
# A criterion by name, or by name and description.
CriterionSpec = str | tuple[str, str]
# One criterion's part of a review: (criterion id, score or None, comment).
ScoreSpec = tuple[int, int | None, str]


class WorldBuilder:
    """Writes the rows of one school: users, courses, teams, evaluations and reviews."""

    def __init__(self, session: Session, school_id: int) -> None:
        """A builder for the school `school_id` in `session`."""
        self.session = session
        self.school_id = school_id

    def add(self, row: T) -> T:
        """Add `row` to the school and flush it (its id is set)."""
        row.school_id = self.school_id  # type: ignore[attr-defined]
        self.session.add(row)
        self.session.flush()
        return row

    def user(self, role: str, email: str, name: str, **values: Any) -> User:
        """A user (password_hash, class_name, ... in `values`)."""
        return self.add(User(role=role, email=email, name=name, **values))

    def course(self, name: str, **values: Any) -> Course:
        """A course (teacher_id, code, ... in `values`)."""
        return self.add(Course(name=name, **values))

    def enrol(self, course: Course, student: User) -> Enrolment:
        """`student` takes `course`."""
        return self.add(Enrolment(course_id=course.id, student_id=student.id))

    def team(
        self, course: Course, name: str, members: Sequence[User], *, enrol: bool = True
    ) -> Team:
        """A team of `members` in `course` (enrolled in the course too, unless told not to)."""
        team = self.add(Team(course_id=course.id, name=name))
        for member in members:
            self.add(TeamMember(team_id=team.id, course_id=course.id, student_id=member.id))
            if enrol:
                self.enrol(course, member)
        return team

    def evaluation(
        self, course: Course, criteria: Sequence[CriterionSpec], **values: Any
    ) -> tuple[Evaluation, list[Criterion]]:
        """An evaluation of `course` (title, status, dates, ... in `values`) and its rubric."""
        evaluation = self.add(Evaluation(course_id=course.id, **values))
        rubric = []
        for position, spec in enumerate(criteria):
            name, description = (spec, None) if isinstance(spec, str) else spec
            criterion = Criterion(
                evaluation_id=evaluation.id, name=name, description=description, position=position
            )
            rubric.append(self.add(criterion))
        return evaluation, rubric

    def allocation(
        self,
        evaluation: Evaluation,
        team_id: int,
        reviewer: User,
        reviewee: User,
        status: str = "todo",
        submitted_at: datetime | None = None,
        **values: Any,
    ) -> ReviewAllocation:
        """`reviewer`'s review of `reviewee` in `evaluation`, allocated (todo) or further along."""
        return self.add(
            ReviewAllocation(
                evaluation_id=evaluation.id,
                team_id=team_id,
                reviewer_id=reviewer.id,
                reviewee_id=reviewee.id,
                is_self=reviewer.id == reviewee.id,
                status=status,
                submitted_at=submitted_at,
                **values,
            )
        )

    def scores(self, allocation: ReviewAllocation, scores: Iterable[ScoreSpec]) -> None:
        """The score and comment per criterion of a review."""
        for criterion_id, score, comment in scores:
            self.add(
                ReviewScore(
                    allocation_id=allocation.id,
                    criterion_id=criterion_id,
                    score=score,
                    comment=comment,
                )
            )

    def review(
        self,
        evaluation: Evaluation,
        team_id: int,
        reviewer: User,
        reviewee: User,
        scores: Iterable[ScoreSpec],
        *,
        submitted: bool = True,
    ) -> ReviewAllocation:
        """A whole review: submitted now, or a draft."""
        allocation = self.allocation(
            evaluation,
            team_id,
            reviewer,
            reviewee,
            status="submitted" if submitted else "draft",
            submitted_at=utcnow() if submitted else None,
        )
        self.scores(allocation, scores)
        return allocation
