"""Factories for the summary pipeline: a class with submitted peer feedback, built with the models.

Built directly (not through the evaluation endpoints) so the pipeline's tests set up hundreds of
students in a second and do not depend on how reviews are entered.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
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


@dataclass
class FeedbackClass:
    """A course whose students received submitted peer feedback in one evaluation."""

    school: School
    teacher: User
    course: Course
    students: list[User]
    evaluation: Evaluation
    criteria: list[Criterion]


def principal_of(user: User) -> Principal:
    """The principal `user` acts as (for calling services directly)."""
    return Principal(
        user_id=user.id,
        school_id=user.school_id,
        role=user.role,  # type: ignore[arg-type]
        language="nl",
        session_id=0,
    )


def submit_review(
    session: Session,
    evaluation: Evaluation,
    criteria: Sequence[Criterion],
    reviewer: User,
    reviewee: User,
    score: int = 4,
    comment: str = "Werkt fijn samen en denkt mee.",
    team_id: int | None = None,
) -> ReviewAllocation:
    """A submitted review of `reviewee` by `reviewer` (a new allocation, or the existing one)."""
    allocation = (
        session.query(ReviewAllocation)
        .filter_by(evaluation_id=evaluation.id, reviewer_id=reviewer.id, reviewee_id=reviewee.id)
        .one_or_none()
    )
    if allocation is None:
        if team_id is None:
            team_id = (
                session.query(TeamMember.team_id)
                .filter_by(course_id=evaluation.course_id, student_id=reviewee.id)
                .scalar()
            )
        allocation = ReviewAllocation(
            school_id=evaluation.school_id,
            evaluation_id=evaluation.id,
            team_id=team_id,
            reviewer_id=reviewer.id,
            reviewee_id=reviewee.id,
            is_self=reviewer.id == reviewee.id,
        )
        session.add(allocation)
        session.flush()
    allocation.status = "submitted"
    allocation.submitted_at = utcnow()
    for criterion in criteria:
        session.add(
            ReviewScore(
                school_id=evaluation.school_id,
                allocation_id=allocation.id,
                criterion_id=criterion.id,
                score=score,
                comment=comment,
            )
        )
    session.commit()
    return allocation


def make_feedback_class(
    session: Session,
    school: School,
    students: int = 3,
    team_size: int = 3,
    status: str = "closed",
    feedback: bool = True,
    **evaluation_overrides: Any,
) -> FeedbackClass:
    """Teams of `team_size`; with `feedback`, every student reviewed every teammate (submitted)."""
    n = next(_seq)
    teacher = make_user(session, school, "teacher")
    course = Course(school_id=school.id, name=f"Course {n}", teacher_id=teacher.id)
    session.add(course)
    session.flush()
    people = [
        User(
            school_id=school.id,
            role="student",
            email=f"s{n}-{i}@school{school.id}.example",
            name=f"Leerling {n}-{i}",
            password_hash=teacher.password_hash,
        )
        for i in range(students)
    ]
    session.add_all(people)
    values: dict[str, Any] = {
        "school_id": school.id,
        "course_id": course.id,
        "title": f"Evaluatie {n}",
        "status": status,
        "closed_at": utcnow() if status == "closed" else None,
    } | evaluation_overrides
    evaluation = Evaluation(**values)
    session.add(evaluation)
    session.flush()
    criteria = [
        Criterion(school_id=school.id, evaluation_id=evaluation.id, name=name, position=i)
        for i, name in enumerate(("Samenwerking", "Inzet"))
    ]
    session.add_all(criteria)
    for t, start in enumerate(range(0, students, team_size)):
        members = people[start : start + team_size]
        team = Team(school_id=school.id, course_id=course.id, name=f"Team {t + 1}")
        session.add(team)
        session.flush()
        for member in members:
            session.add(
                TeamMember(
                    school_id=school.id, team_id=team.id, course_id=course.id, student_id=member.id
                )
            )
            session.add(Enrolment(school_id=school.id, course_id=course.id, student_id=member.id))
        if feedback:
            _all_review_all(session, evaluation, criteria, team, members)
    session.commit()
    return FeedbackClass(school, teacher, course, people, evaluation, criteria)


def _all_review_all(
    session: Session,
    evaluation: Evaluation,
    criteria: Sequence[Criterion],
    team: Team,
    members: Sequence[User],
) -> None:
    for reviewer in members:
        for reviewee in members:
            if reviewer is reviewee:
                continue
            allocation = ReviewAllocation(
                school_id=evaluation.school_id,
                evaluation_id=evaluation.id,
                team_id=team.id,
                reviewer_id=reviewer.id,
                reviewee_id=reviewee.id,
                status="submitted",
                submitted_at=utcnow(),
            )
            session.add(allocation)
            session.flush()
            session.add_all(
                ReviewScore(
                    school_id=evaluation.school_id,
                    allocation_id=allocation.id,
                    criterion_id=c.id,
                    score=4,
                    comment=f"{reviewer.name} vindt dat {reviewee.name} goed meedenkt.",
                )
                for c in criteria
            )
