"""A team with realistic names and hand-written reviews, for the summary content tests.

`make_team_feedback` takes the students' names and, per (reviewer, reviewee) pair of indexes,
the scores and comments per criterion, so a test can put a roster name or an e-mail address in
one exact comment and check where it ends up.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from teameval.models import (
    Course,
    Criterion,
    Enrolment,
    Evaluation,
    ReviewAllocation,
    ReviewScore,
    School,
    Team,
    TeamMember,
    User,
    utcnow,
)
from tests.factories.school import make_user

_seq = count(1)
# Per criterion name: (score, comment).
Review = Mapping[str, tuple[int | None, str]]


@dataclass
class TeamFeedback:
    """A course with one team, an evaluation and the reviews its members gave."""

    school: School
    teacher: User
    course: Course
    team: Team
    students: list[User]
    evaluation: Evaluation
    criteria: list[Criterion]


def make_team_feedback(
    session: Session,
    school: School,
    names: Sequence[str],
    criteria: Sequence[str],
    reviews: Mapping[tuple[int, int], Review],
    *,
    status: str = "closed",
    drafts: Mapping[tuple[int, int], Review] | None = None,
    teacher_name: str | None = None,
    **evaluation_overrides: Any,
) -> TeamFeedback:
    """A team of students called `names`; `reviews[(i, j)]` is i's submitted review of j."""
    n = next(_seq)
    teacher = make_user(session, school, "teacher", name=teacher_name or f"Docent {n}")
    course = Course(school_id=school.id, name=f"Project {n}", teacher_id=teacher.id)
    session.add(course)
    session.flush()
    students = [
        make_user(session, school, "student", name=name, email=f"fb{n}-{i}@school.example")
        for i, name in enumerate(names)
    ]
    team = Team(school_id=school.id, course_id=course.id, name=f"Team {n}")
    session.add(team)
    session.flush()
    for student in students:
        session.add(
            TeamMember(
                school_id=school.id, team_id=team.id, course_id=course.id, student_id=student.id
            )
        )
        session.add(Enrolment(school_id=school.id, course_id=course.id, student_id=student.id))
    values: dict[str, Any] = {
        "school_id": school.id,
        "course_id": course.id,
        "title": f"Projectevaluatie {n}",
        "status": status,
        "closed_at": utcnow() if status == "closed" else None,
    } | evaluation_overrides
    evaluation = Evaluation(**values)
    session.add(evaluation)
    session.flush()
    rubric = [
        Criterion(school_id=school.id, evaluation_id=evaluation.id, name=name, position=i)
        for i, name in enumerate(criteria)
    ]
    session.add_all(rubric)
    session.flush()
    by_name = {c.name: c for c in rubric}
    for submitted, given in ((True, reviews), (False, drafts or {})):
        for (i, j), review in given.items():
            allocation = ReviewAllocation(
                school_id=school.id,
                evaluation_id=evaluation.id,
                team_id=team.id,
                reviewer_id=students[i].id,
                reviewee_id=students[j].id,
                is_self=i == j,
                status="submitted" if submitted else "draft",
                submitted_at=utcnow() if submitted else None,
            )
            session.add(allocation)
            session.flush()
            for criterion_name, (score, comment) in review.items():
                session.add(
                    ReviewScore(
                        school_id=school.id,
                        allocation_id=allocation.id,
                        criterion_id=by_name[criterion_name].id,
                        score=score,
                        comment=comment,
                    )
                )
    session.commit()
    return TeamFeedback(school, teacher, course, team, students, evaluation, rubric)
