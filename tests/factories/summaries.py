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
from teameval.demo.world import WorldBuilder
from teameval.models import (
    Course,
    Criterion,
    Evaluation,
    ReviewAllocation,
    School,
    SummaryGenerationJob,
    Team,
    TeamMember,
    User,
    utcnow,
)
from tests.factories.results import Scenario
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
    world = WorldBuilder(session, evaluation.school_id)
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
        assert team_id is not None, "the reviewee is in no team of the course"
        allocation = world.allocation(evaluation, team_id, reviewer, reviewee)
    allocation.status = "submitted"
    allocation.submitted_at = utcnow()
    world.scores(allocation, [(c.id, score, comment) for c in criteria])
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
    world = WorldBuilder(session, school.id)
    teacher = make_user(session, school, "teacher")
    course = world.course(f"Course {n}", teacher_id=teacher.id)
    people = [
        world.user(
            "student",
            f"s{n}-{i}@school{school.id}.example",
            f"Leerling {n}-{i}",
            password_hash=teacher.password_hash,
        )
        for i in range(students)
    ]
    values: dict[str, Any] = {
        "title": f"Evaluatie {n}",
        "status": status,
        "closed_at": utcnow() if status == "closed" else None,
    } | evaluation_overrides
    evaluation, criteria = world.evaluation(course, ("Samenwerking", "Inzet"), **values)
    for t, start in enumerate(range(0, students, team_size)):
        members = people[start : start + team_size]
        team = world.team(course, f"Team {t + 1}", members)
        if feedback:
            _all_review_all(world, evaluation, criteria, team, members)
    session.commit()
    return FeedbackClass(school, teacher, course, people, evaluation, criteria)


def _all_review_all(
    world: WorldBuilder,
    evaluation: Evaluation,
    criteria: Sequence[Criterion],
    team: Team,
    members: Sequence[User],
) -> None:
    for reviewer in members:
        for reviewee in members:
            if reviewer is reviewee:
                continue
            comment = f"{reviewer.name} vindt dat {reviewee.name} goed meedenkt."
            world.review(
                evaluation, team.id, reviewer, reviewee, [(c.id, 4, comment) for c in criteria]
            )


def make_scenario_job(
    session: Session, scenario: Scenario, name: str, **values: Any
) -> SummaryGenerationJob:
    """A summary job row for `name` in the scenario's evaluation, queued with no attempt made
    unless `values` say otherwise; committed."""
    job = SummaryGenerationJob(
        school_id=scenario.school.id,
        job_id=f"job-{scenario.evaluation.id}-{name.lower()}-{next(_seq)}",
        evaluation_id=scenario.evaluation.id,
        student_id=scenario.students[name].id,
        **({"status": "queued", "attempts": 0, "max_attempts": 3} | values),
    )
    session.add(job)
    session.commit()
    return job
