"""A course with named teams in an evaluation, and reviews written straight into the database."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from teameval.demo.world import WorldBuilder
from teameval.models import (
    Course,
    Criterion,
    Evaluation,
    ReviewAllocation,
    School,
    Team,
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
    world = WorldBuilder(session, school.id)
    teacher = make_user(session, school, "teacher")
    course = world.course("Project", teacher_id=teacher.id)
    values: dict[str, Any] = {
        "title": "Peer evaluation",
        "status": status,
        "include_self": include_self,
        "deadline": utcnow() + timedelta(days=3),
    } | evaluation_overrides
    evaluation, rubric = world.evaluation(course, criteria, **values)
    session.commit()
    scenario = Scenario(school, teacher, course, evaluation, rubric)
    for team_name, members in teams.items():
        students = []
        for name in members:
            slug = name.lower().replace(" ", ".")
            user = make_user(session, school, "student", name=name, email=f"{slug}@s.example")
            scenario.students[name] = user
            students.append(user)
        team = world.team(course, team_name, students)
        scenario.teams[team_name] = team
        for reviewer in members:
            for reviewee in members:
                if reviewer == reviewee and not include_self:
                    continue
                scenario.allocations[(reviewer, reviewee)] = world.allocation(
                    evaluation, team.id, scenario.students[reviewer], scenario.students[reviewee]
                )
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
    WorldBuilder(session, scenario.school.id).scores(
        allocation,
        [
            (criterion.id, scores[i], comments[i] if i < len(comments) else "")
            for i, criterion in enumerate(scenario.criteria)
        ],
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


def make_reviewed_scenario(
    session: Session,
    school: School,
    teams: Mapping[str, Sequence[str]],
    scores: Sequence[int | None] = (4, 4),
    comments: Sequence[str] = ("Prima", ""),
) -> Scenario:
    """A closed evaluation in which every student received feedback: in each team, each member
    reviews the next one (the last the first)."""
    scenario = make_scenario(session, school, teams)
    for members in teams.values():
        ring = list(members)
        for reviewer, reviewee in zip(ring, ring[1:] + ring[:1], strict=True):
            write_review(session, scenario, reviewer, reviewee, scores, comments)
    return scenario
