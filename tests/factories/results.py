"""A course with named teams in an evaluation, and reviews written straight into the database."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
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


@dataclass
class Scenario:
    """An evaluation with its teams; students and allocations are found by student name."""

    school: School
    teacher: User
    course: Course
    evaluation: Evaluation
    criteria: list[Criterion]
    teams: dict[str, Team] = field(default_factory=dict)
    students: dict[str, User] = field(default_factory=dict)
    allocations: dict[tuple[str, str], ReviewAllocation] = field(default_factory=dict)


def make_scenario(
    session: Session,
    school: School,
    teams: Mapping[str, Sequence[str]],
    criteria: Sequence[str] = ("Samenwerking", "Inzet"),
    status: str = "closed",
    include_self: bool = True,
    **evaluation_overrides: Any,
) -> Scenario:
    """Students named as given, in teams, with every review allocated (todo); committed."""
    teacher = make_user(session, school, "teacher")
    course = Course(school_id=school.id, name="Project", teacher_id=teacher.id)
    session.add(course)
    session.flush()
    values: dict[str, Any] = {
        "school_id": school.id,
        "course_id": course.id,
        "title": "Peer evaluation",
        "status": status,
        "include_self": include_self,
        "deadline": utcnow() + timedelta(days=3),
    } | evaluation_overrides
    evaluation = Evaluation(**values)
    session.add(evaluation)
    session.flush()
    rubric = [
        Criterion(school_id=school.id, evaluation_id=evaluation.id, name=name, position=i)
        for i, name in enumerate(criteria)
    ]
    session.add_all(rubric)
    session.commit()
    scenario = Scenario(school, teacher, course, evaluation, rubric)
    for team_name, members in teams.items():
        team = Team(school_id=school.id, course_id=course.id, name=team_name)
        session.add(team)
        session.flush()
        scenario.teams[team_name] = team
        for name in members:
            slug = name.lower().replace(" ", ".")
            user = make_user(session, school, "student", name=name, email=f"{slug}@s.example")
            scenario.students[name] = user
            session.add(
                TeamMember(
                    school_id=school.id, team_id=team.id, course_id=course.id, student_id=user.id
                )
            )
            session.add(Enrolment(school_id=school.id, course_id=course.id, student_id=user.id))
        for reviewer in members:
            for reviewee in members:
                if reviewer == reviewee and not include_self:
                    continue
                allocation = ReviewAllocation(
                    school_id=school.id,
                    evaluation_id=evaluation.id,
                    team_id=team.id,
                    reviewer_id=scenario.students[reviewer].id,
                    reviewee_id=scenario.students[reviewee].id,
                    is_self=reviewer == reviewee,
                )
                session.add(allocation)
                scenario.allocations[(reviewer, reviewee)] = allocation
    session.commit()
    return scenario


def write_review(
    session: Session,
    scenario: Scenario,
    reviewer: str,
    reviewee: str,
    scores: Sequence[int | None],
    comments: Sequence[str] = (),
    status: str = "submitted",
) -> ReviewAllocation:
    """`reviewer`'s review of `reviewee`: a score (and comment) per criterion, in rubric order."""
    allocation = scenario.allocations[(reviewer, reviewee)]
    for i, criterion in enumerate(scenario.criteria):
        session.add(
            ReviewScore(
                school_id=scenario.school.id,
                allocation_id=allocation.id,
                criterion_id=criterion.id,
                score=scores[i],
                comment=comments[i] if i < len(comments) else "",
            )
        )
    allocation.status = status
    if status == "submitted":
        allocation.submitted_at = utcnow()
    session.commit()
    return allocation


def write_reviews(
    session: Session, scenario: Scenario, reviews: Mapping[tuple[str, str], Sequence[int]]
) -> None:
    """Several submitted reviews at once: (reviewer, reviewee) -> scores."""
    for (reviewer, reviewee), scores in reviews.items():
        write_review(session, scenario, reviewer, reviewee, scores)


# The hand-computed example of tests/results: team ABC, two criteria, self-assessment on.
EXAMPLE_REVIEWS: dict[tuple[str, str], list[int]] = {
    ("Anna", "Bram"): [4, 4],
    ("Anna", "Cas"): [3, 3],
    ("Bram", "Anna"): [5, 3],
    ("Bram", "Cas"): [2, 2],
    ("Cas", "Anna"): [4, 4],
    ("Cas", "Bram"): [5, 5],
    ("Anna", "Anna"): [5, 5],
    ("Bram", "Bram"): [3, 3],
    ("Cas", "Cas"): [4, 4],
}
