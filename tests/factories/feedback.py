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

from teameval.demo.world import WorldBuilder
from teameval.models import Course, Criterion, Evaluation, School, Team, User, utcnow
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
    world = WorldBuilder(session, school.id)
    teacher = make_user(session, school, "teacher", name=teacher_name or f"Docent {n}")
    course = world.course(f"Project {n}", teacher_id=teacher.id)
    students = [
        make_user(session, school, "student", name=name, email=f"fb{n}-{i}@school.example")
        for i, name in enumerate(names)
    ]
    team = world.team(course, f"Team {n}", students)
    values: dict[str, Any] = {
        "title": f"Projectevaluatie {n}",
        "status": status,
        "closed_at": utcnow() if status == "closed" else None,
    } | evaluation_overrides
    evaluation, rubric = world.evaluation(course, criteria, **values)
    by_name = {c.name: c for c in rubric}
    for submitted, given in ((True, reviews), (False, drafts or {})):
        for (i, j), review in given.items():
            scores = [
                (by_name[name].id, score, comment) for name, (score, comment) in review.items()
            ]
            world.review(evaluation, team.id, students[i], students[j], scores, submitted=submitted)
    session.commit()
    return TeamFeedback(school, teacher, course, team, students, evaluation, rubric)
