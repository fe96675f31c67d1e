"""Factories for evaluations, and a ready-made class with a team in an open evaluation."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.evaluations.service import EvaluationService
from teameval.models import Course, Criterion, Evaluation, School, Team, User, utcnow
from tests.factories.course import make_course, make_team
from tests.factories.school import make_user

_seq = count(1)
CRITERIA = (("Samenwerking", "Werkt goed samen"), ("Inzet", "Doet zijn deel"))


def make_evaluation(
    session: Session,
    course: Course,
    criteria: Sequence[tuple[str, str]] = CRITERIA,
    **overrides: Any,
) -> Evaluation:
    """A draft evaluation of `course` with `criteria` (name, description); committed."""
    values: dict[str, Any] = {
        "school_id": course.school_id,
        "course_id": course.id,
        "title": f"Evaluation {next(_seq)}",
        "status": "draft",
        "deadline": utcnow() + timedelta(days=7),
    } | overrides
    evaluation = Evaluation(**values)
    session.add(evaluation)
    session.flush()
    for position, (name, description) in enumerate(criteria):
        session.add(
            Criterion(
                school_id=course.school_id,
                evaluation_id=evaluation.id,
                name=name,
                description=description,
                position=position,
            )
        )
    session.commit()
    return evaluation


def open_evaluation(session: Session, evaluation: Evaluation, staff: User) -> Evaluation:
    """Open `evaluation` through the service, as `staff` would: reviews are allocated."""
    principal = Principal(
        user_id=staff.id, school_id=staff.school_id, role="teacher", language="nl", session_id=0
    )
    EvaluationService(session, principal).open_evaluation(evaluation.id)
    session.refresh(evaluation)
    return evaluation


def criteria_of(session: Session, evaluation: Evaluation) -> list[Criterion]:
    """The evaluation's criteria in rubric order."""
    rows = session.query(Criterion).filter_by(evaluation_id=evaluation.id)
    return sorted(rows, key=lambda c: c.position)


@dataclass
class ClassWithTeam:
    """A teacher's course with one team of students in an open evaluation."""

    school: School
    teacher: User
    course: Course
    team: Team
    students: list[User]
    evaluation: Evaluation
    criteria: list[Criterion] = field(default_factory=list)


def make_class_with_team(
    session: Session,
    school: School,
    team_size: int = 3,
    status: str = "open",
    name_prefix: str = "",
    **evaluation_overrides: Any,
) -> ClassWithTeam:
    """A teacher, a course, a team of `team_size` students and an evaluation in `status`."""
    teacher = make_user(session, school, "teacher", name=f"{name_prefix}Teacher {next(_seq)}")
    course = make_course(session, school, name=f"{name_prefix}Course {next(_seq)}")
    students = [
        make_user(session, school, "student", name=f"{name_prefix}Student {next(_seq)}")
        for _ in range(team_size)
    ]
    team = make_team(session, course, students, name=f"{name_prefix}Team {next(_seq)}")
    evaluation = make_evaluation(session, course, **evaluation_overrides)
    if status in ("open", "closed"):
        open_evaluation(session, evaluation, teacher)
    if status == "closed":
        evaluation.status = "closed"
        evaluation.closed_at = utcnow()
        session.commit()
    return ClassWithTeam(
        school=school,
        teacher=teacher,
        course=course,
        team=team,
        students=students,
        evaluation=evaluation,
        criteria=criteria_of(session, evaluation),
    )
