"""Load the demo school: an admin, two teachers, 24 students in 6 teams, an open and a closed
evaluation with realistic Dutch reviews.

The data is written with the models directly (not through the services) so that it can hold
states the API only reaches over weeks: a closed evaluation with submitted reviews from the
past, an open one with a mix of submitted, draft and untouched reviews. A fixed seed makes
every load identical apart from the timestamps, which are relative to now.
"""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.auth.security import hash_password
from teameval.demo import content
from teameval.demo.world import WorldBuilder
from teameval.models import (
    Course,
    Evaluation,
    ReviewAllocation,
    ReviewScore,
    School,
    User,
    utcnow,
)

SEED = 20240901
# One documented password per role (README and docs/OPERATIONS.md repeat them). Demo only.
DEMO_PASSWORDS: dict[str, str] = {
    "admin": "demo-beheer-2024",
    "teacher": "demo-docent-2024",
    "student": "demo-leerling-2024",
}
Level = Literal["high", "good", "mixed", "low"]


@dataclass(frozen=True)
class DemoLogin:
    """One sign-in of the demo school."""

    role: str
    name: str
    email: str
    password: str


@dataclass
class _Student:
    user: User
    first_name: str
    team_index: int
    ability: float  # the peer score others tend to give
    self_bias: float  # how much higher (or lower) the student rates themselves
    strengths: list[float]  # per criterion: better or worse than their average


def demo_is_loaded(session: Session) -> bool:
    """Whether the demo school exists already (`run --demo` loads it only once)."""
    stmt = select(func.count()).select_from(School).where(School.name == content.SCHOOL_NAME)
    return bool(session.scalar(stmt))


def database_is_empty(session: Session) -> bool:
    """Whether no school exists at all: a fresh installation."""
    return not session.scalar(select(func.count()).select_from(School))


def demo_logins(session: Session) -> list[DemoLogin]:
    """The logins of the demo school already in the database (admin, teachers, students)."""
    school_id = session.scalar(select(School.id).where(School.name == content.SCHOOL_NAME))
    if school_id is None:
        return []
    order = {"admin": 0, "teacher": 1, "student": 2}
    users = session.scalars(select(User).where(User.school_id == school_id).order_by(User.id))
    logins = [DemoLogin(u.role, u.name, u.email, DEMO_PASSWORDS[u.role]) for u in users]
    return sorted(logins, key=lambda login: order[login.role])


def load_demo(session: Session) -> list[DemoLogin]:
    """Create the demo school (once) and return its logins; a second call writes nothing."""
    if demo_is_loaded(session):
        return demo_logins(session)
    _DemoBuilder(session).build()
    session.commit()
    return demo_logins(session)


def format_logins(logins: Sequence[DemoLogin]) -> str:
    """The logins as an aligned table, for the terminal."""
    labels = {"admin": "beheerder", "teacher": "docent", "student": "leerling"}
    rows = [(labels[x.role], x.name, x.email, x.password) for x in logins]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in rows
    )


def _email(first: str, last: str) -> str:
    plain = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    return f"{plain.lower().replace(' ', '')}@{content.EMAIL_DOMAIN}"


def _level(score: int) -> Level:
    return "high" if score >= 5 else "good" if score == 4 else "mixed" if score == 3 else "low"


class _DemoBuilder:
    """Writes the demo rows; `rng` is the only source of variation."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rng = random.Random(SEED)
        self.now = utcnow().replace(microsecond=0)
        self.hashes = {role: hash_password(pw) for role, pw in DEMO_PASSWORDS.items()}
        self.team_ids: list[int] = []

    def build(self) -> None:
        school = School(name=content.SCHOOL_NAME, language="nl")
        self.session.add(school)
        self.session.flush()
        self.world = WorldBuilder(self.session, school.id)
        self._user("admin", *content.ADMIN)
        teachers = [self._user("teacher", *name) for name in content.TEACHERS]
        course = self.world.course(
            content.COURSE_NAME, code=content.COURSE_CODE, teacher_id=teachers[0].id
        )
        self.students = self._students(course)
        self.teams = self._teams(course)
        # Each evaluation's reviews right after it: they score `self.criteria`, its rubric.
        closed = self._evaluation(course, teachers[0], content.CLOSED_TITLE, "closed")
        self._closed_reviews(closed)
        opened = self._evaluation(course, teachers[0], content.OPEN_TITLE, "open")
        self._open_reviews(opened)

    def _user(self, role: str, first: str, last: str, class_name: str | None = None) -> User:
        return self.world.user(
            role,
            _email(first, last),
            f"{first} {last}",
            class_name=class_name,
            password_hash=self.hashes[role],
        )

    def _students(self, course: Course) -> list[_Student]:
        students = []
        for i, (first, last) in enumerate(content.STUDENTS):
            user = self._user("student", first, last, content.CLASS_NAMES[i % 2])
            self.world.enrol(course, user)
            # Per team of four: a strong, a solid and an average student, and a fourth who is
            # weak in teams 2 and 5 (with an inflated self-image) and average elsewhere.
            role_in_team = i % 4
            team = i // 4
            ability = [4.5, 4.0, 3.5, 2.2 if team in (1, 4) else 3.4][role_in_team]
            self_bias = [-0.8, 0.0, 0.3, 1.6 if team in (1, 4) else 0.2][role_in_team]
            ability += self.rng.uniform(-0.3, 0.3)
            strengths = [self.rng.uniform(-0.5, 0.5) for _ in content.CRITERIA]
            students.append(_Student(user, first, team, ability, self_bias, strengths))
        return students

    def _teams(self, course: Course) -> list[list[_Student]]:
        teams: list[list[_Student]] = []
        for t, name in enumerate(content.TEAM_NAMES):
            members = [s for s in self.students if s.team_index == t]
            team = self.world.team(course, name, [s.user for s in members], enrol=False)
            self.team_ids.append(team.id)
            teams.append(members)
        return teams

    def _evaluation(self, course: Course, teacher: User, title: str, status: str) -> Evaluation:
        if status == "closed":
            opened_at, deadline = self.now - timedelta(days=28), self.now - timedelta(days=14)
            closed_at: datetime | None = deadline + timedelta(hours=20)
        else:
            opened_at, deadline = self.now - timedelta(days=3), self.now + timedelta(days=7)
            closed_at = None
        evaluation, self.criteria = self.world.evaluation(
            course,
            content.CRITERIA,
            title=title,
            status=status,
            scale_min=1,
            scale_max=5,
            include_self=True,
            deadline=deadline,
            summary_release="auto" if status == "closed" else "teacher_review",
            created_by_id=teacher.id,
            created_at=opened_at - timedelta(days=1),
            opened_at=opened_at,
            closed_at=closed_at,
        )
        return evaluation

    def _pairs(self) -> list[tuple[int, _Student, _Student]]:
        """(team index, reviewer, reviewee) for every allocation, self reviews included."""
        return [
            (t, reviewer, reviewee)
            for t, members in enumerate(self.teams)
            for reviewer in members
            for reviewee in members
        ]

    def _allocation(
        self, evaluation: Evaluation, t: int, reviewer: _Student, reviewee: _Student, status: str
    ) -> ReviewAllocation:
        submitted_at = saved_at = None
        if status != "todo":
            opened_at = evaluation.opened_at or self.now
            last = min(evaluation.deadline or self.now, self.now)
            saved_at = opened_at + self.rng.uniform(0.1, 0.9) * (last - opened_at)
            submitted_at = saved_at if status == "submitted" else None
        return self.world.allocation(
            evaluation,
            self.team_ids[t],
            reviewer.user,
            reviewee.user,
            status,
            submitted_at,
            updated_at=saved_at,
        )

    def _score(self, reviewer: _Student, reviewee: _Student, c: int) -> int:
        value = reviewee.ability + reviewee.strengths[c] + self.rng.gauss(0, 0.45)
        if reviewer is reviewee:
            value += reviewee.self_bias
        return max(1, min(5, round(value)))

    def _comment(self, reviewer: _Student, reviewee: _Student, criterion: str, score: int) -> str:
        if self.rng.random() < 0.22:
            return ""  # many students leave some comments empty
        if reviewer is reviewee:
            return self.rng.choice(content.SELF_COMMENTS[_level(score)])
        template = self.rng.choice(content.PEER_COMMENTS[criterion][_level(score)])
        return self._fill(template, reviewer, reviewee)

    def _fill(self, template: str, reviewer: _Student, reviewee: _Student) -> str:
        others = [
            s for s in self.teams[reviewee.team_index] if s is not reviewer and s is not reviewee
        ]
        other = self.rng.choice(others).first_name if others else reviewer.first_name
        return template.format(naam=reviewee.first_name, ander=other, mail=reviewee.user.email)

    def _scores(
        self, allocation: ReviewAllocation, reviewer: _Student, reviewee: _Student, complete: bool
    ) -> None:
        for c, criterion in enumerate(self.criteria):
            if not complete and self.rng.random() < 0.4:
                continue  # a draft: some criteria not filled in yet
            score = self._score(reviewer, reviewee, c)
            comment = self._comment(reviewer, reviewee, criterion.name, score)
            self.world.scores(allocation, [(criterion.id, score, comment)])

    def _closed_reviews(self, evaluation: Evaluation) -> None:
        """Everyone submitted, except one forgotten self review and one peer review left a draft."""
        peer_index = 0
        for t, reviewer, reviewee in self._pairs():
            status = "submitted"
            if reviewer is reviewee and reviewer is self.teams[5][2]:
                status = "todo"
            elif reviewer is self.teams[2][1] and reviewee is self.teams[2][3]:
                status = "draft"
            allocation = self._allocation(evaluation, t, reviewer, reviewee, status)
            if status != "todo":
                self._scores(allocation, reviewer, reviewee, complete=status == "submitted")
            if status == "submitted" and reviewer is not reviewee:
                self._pin(allocation, reviewer, reviewee, peer_index)
                peer_index += 1

    def _pin(
        self, allocation: ReviewAllocation, reviewer: _Student, reviewee: _Student, index: int
    ) -> None:
        pinned = content.PINNED_COMMENTS.get(index)
        if pinned is None:
            return
        criterion_index, template = pinned
        criterion_id = self.criteria[criterion_index].id
        row = self.session.scalars(
            select(ReviewScore).where(
                ReviewScore.allocation_id == allocation.id,
                ReviewScore.criterion_id == criterion_id,
            )
        ).one()
        row.comment = self._fill(template, reviewer, reviewee)

    def _open_reviews(self, evaluation: Evaluation) -> None:
        """A week before the deadline: about half submitted, a quarter drafts, the rest todo."""
        for t, reviewer, reviewee in self._pairs():
            roll = self.rng.random()
            # Team 1 finished early and team 6 has not started: every state is on show.
            if t == 0:
                status = "submitted"
            elif t == 5:
                status = "todo"
            else:
                status = "submitted" if roll < 0.5 else "draft" if roll < 0.75 else "todo"
            allocation = self._allocation(evaluation, t, reviewer, reviewee, status)
            if status != "todo":
                self._scores(allocation, reviewer, reviewee, complete=status == "submitted")
