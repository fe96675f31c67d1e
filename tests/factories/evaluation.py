"""Factories for evaluations, and a ready-made class with a team in an open evaluation."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from teameval.auth.principal import Principal
from teameval.demo.world import WorldBuilder
from teameval.evaluations.service import EvaluationService
from teameval.models import (
    Course,
    Criterion,
    Evaluation,
    FeedbackSummary,
    ReviewAllocation,
    ReviewScore,
    School,
    SummaryGenerationJob,
    Team,
    User,
    utcnow,
)
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
        "title": f"Evaluation {next(_seq)}",
        "status": "draft",
        "deadline": utcnow() + timedelta(days=7),
    } | overrides
    evaluation, _rubric = WorldBuilder(session, course.school_id).evaluation(
        course, criteria, **values
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
    course = make_course(
        session, school, name=f"{name_prefix}Course {next(_seq)}", teacher_id=teacher.id
    )
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


@dataclass
class World:
    """One school with something of everything, every name and text carrying `marker`.

    The tenancy test builds one for school A and checks that no answer to school B contains
    the marker; the role matrix builds one and calls every route in it.
    """

    marker: str
    school: School
    admin: User
    teacher: User
    student: User
    teammates: list[User]
    course: Course
    team: Team
    open_evaluation: Evaluation
    draft_evaluation: Evaluation
    closed_evaluation: Evaluation
    criteria: list[Criterion]
    job: SummaryGenerationJob

    def ids(self, **overrides: Any) -> dict[str, Any]:
        """Values for path parameters and id fields of request bodies, by parameter name."""
        values: dict[str, Any] = {
            "course_id": self.course.id,
            "team_id": self.team.id,
            "evaluation_id": self.open_evaluation.id,
            "draft_evaluation_id": self.draft_evaluation.id,
            "closed_evaluation_id": self.closed_evaluation.id,
            "reviewee_id": self.teammates[0].id,
            "student_id": self.student.id,
            "user_id": self.student.id,
            "teacher_id": self.teacher.id,
            "criterion_id": self.criteria[0].id,
            "job_id": self.job.job_id,
            "member_ids": [self.student.id],
            "student_ids": [self.student.id],
        }
        return values | overrides


def make_world(session: Session, school: School, marker: str = "World") -> World:
    """A school with staff, a course and team, a draft, an open and a closed evaluation.

    The closed evaluation has submitted reviews with comments, a summary and a queued job.
    """
    n = next(_seq)
    slug = marker.lower()

    def person(role: str, i: int) -> User:
        return make_user(
            session,
            school,
            role,
            name=f"{marker} {role.title()} {n}-{i}",
            email=f"{slug}.{role}{n}-{i}@{slug}.example",
        )

    admin, teacher = person("admin", 0), person("teacher", 0)
    students = [person("student", i) for i in range(3)]
    course = make_course(session, school, name=f"{marker} Course {n}", teacher_id=teacher.id)
    team = make_team(session, course, students, name=f"{marker} Team {n}")
    criteria = ((f"{marker} Samenwerking", f"{marker} uitleg"), (f"{marker} Inzet", ""))
    closed = make_evaluation(session, course, criteria, title=f"{marker} Closed {n}")
    open_evaluation(session, closed, teacher)
    _submit_everything(session, closed, marker)
    closed.status, closed.closed_at = "closed", utcnow()
    opened = make_evaluation(session, course, criteria, title=f"{marker} Open {n}")
    open_evaluation(session, opened, teacher)
    draft = make_evaluation(session, course, criteria, title=f"{marker} Draft {n}")
    job = SummaryGenerationJob(
        school_id=school.id,
        job_id=f"{slug}job{n}",
        evaluation_id=closed.id,
        student_id=students[0].id,
        status="queued",
    )
    summary = FeedbackSummary(
        school_id=school.id,
        evaluation_id=closed.id,
        student_id=students[0].id,
        summary_text=f"{marker} samenvatting van je teamgenoten.",
        generation_method="fallback",
        feedback_hash="0" * 64,
        feedback_count=2,
        generated_at=utcnow(),
    )
    session.add_all([job, summary])
    session.commit()
    return World(
        marker=marker,
        school=school,
        admin=admin,
        teacher=teacher,
        student=students[0],
        teammates=students[1:],
        course=course,
        team=team,
        open_evaluation=opened,
        draft_evaluation=draft,
        closed_evaluation=closed,
        criteria=criteria_of(session, opened),
        job=job,
    )


def _submit_everything(session: Session, evaluation: Evaluation, marker: str) -> None:
    """Every allocation of `evaluation` submitted: score 4 and a marked comment per criterion."""
    criteria = criteria_of(session, evaluation)
    allocations = session.scalars(
        select(ReviewAllocation).where(ReviewAllocation.evaluation_id == evaluation.id)
    ).all()
    for allocation in allocations:
        for criterion in criteria:
            session.add(
                ReviewScore(
                    school_id=evaluation.school_id,
                    allocation_id=allocation.id,
                    criterion_id=criterion.id,
                    score=4,
                    comment=f"{marker} opmerking {allocation.id}-{criterion.id}",
                )
            )
        allocation.status, allocation.submitted_at = "submitted", utcnow()
    session.commit()
