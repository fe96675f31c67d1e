"""The demo school: its size, the states of its reviews, its comments, and its logins."""

import re
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from teameval.cli import main
from teameval.demo import (
    DEMO_PASSWORDS,
    database_is_empty,
    demo_is_loaded,
    load_demo,
)
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
)


def _count(session: Session, model: type, *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _evaluation(session: Session, status: str) -> Evaluation:
    return session.scalars(select(Evaluation).where(Evaluation.status == status)).one()


def _comments(session: Session, evaluation: Evaluation) -> list[str]:
    stmt = (
        select(ReviewScore.comment)
        .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
        .where(ReviewAllocation.evaluation_id == evaluation.id)
    )
    return list(session.scalars(stmt))


def test_loads_school_users_course_and_teams(session: Session) -> None:
    assert database_is_empty(session)
    logins = load_demo(session)

    assert demo_is_loaded(session) and not database_is_empty(session)
    assert Counter(login.role for login in logins) == {"admin": 1, "teacher": 2, "student": 24}
    assert _count(session, School) == 1
    assert session.scalars(select(School.language)).one() == "nl"
    assert _count(session, User, User.role == "student") == 24
    assert _count(session, Course) == 1
    assert _count(session, Enrolment) == 24
    assert _count(session, Team) == 6
    team_sizes = session.execute(
        select(TeamMember.team_id, func.count()).group_by(TeamMember.team_id)
    ).all()
    assert sorted(size for _team, size in team_sizes) == [4] * 6
    assert len({login.email for login in logins}) == 27
    assert all(len(login.password) >= 10 for login in logins)


def test_second_load_writes_nothing(session: Session) -> None:
    first = load_demo(session)
    second = load_demo(session)

    assert first == second
    assert _count(session, School) == 1
    assert _count(session, User) == 27


def test_evaluations_have_five_described_criteria(session: Session) -> None:
    load_demo(session)

    for status in ("open", "closed"):
        evaluation = _evaluation(session, status)
        criteria = session.scalars(
            select(Criterion).where(Criterion.evaluation_id == evaluation.id)
        ).all()
        assert [c.name for c in sorted(criteria, key=lambda c: c.position)] == [
            "Samenwerking",
            "Communicatie",
            "Inzet",
            "Kwaliteit van het werk",
            "Betrouwbaarheid",
        ]
        assert all(len(c.description) > 20 for c in criteria)
        # Every member reviews every teammate and themselves: 6 teams x 4 x 4.
        assert (
            _count(session, ReviewAllocation, ReviewAllocation.evaluation_id == evaluation.id) == 96
        )


def test_every_student_of_the_closed_evaluation_gave_and_received_feedback(
    session: Session,
) -> None:
    load_demo(session)
    closed = _evaluation(session, "closed")
    submitted = session.scalars(
        select(ReviewAllocation).where(
            ReviewAllocation.evaluation_id == closed.id, ReviewAllocation.status == "submitted"
        )
    ).all()
    students = set(session.scalars(select(User.id).where(User.role == "student")))

    assert {a.reviewer_id for a in submitted} == students
    assert {a.reviewee_id for a in submitted if not a.is_self} == students
    assert len(submitted) >= 90  # most: one forgotten self review, one peer review left a draft
    assert all(a.submitted_at is not None for a in submitted)
    # A submitted review has a score on every criterion.
    scored = session.execute(
        select(ReviewScore.allocation_id, func.count())
        .where(ReviewScore.allocation_id.in_([a.id for a in submitted]))
        .where(ReviewScore.score.is_not(None))
        .group_by(ReviewScore.allocation_id)
    ).all()
    assert len(scored) == len(submitted) and {n for _a, n in scored} == {5}


def test_open_evaluation_has_submitted_draft_and_todo_reviews(session: Session) -> None:
    load_demo(session)
    opened = _evaluation(session, "open")
    statuses = Counter(
        session.scalars(
            select(ReviewAllocation.status).where(ReviewAllocation.evaluation_id == opened.id)
        )
    )

    assert set(statuses) == {"submitted", "draft", "todo"}
    assert all(n >= 10 for n in statuses.values())
    todo_with_scores = session.scalar(
        select(func.count())
        .select_from(ReviewScore)
        .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
        .where(ReviewAllocation.evaluation_id == opened.id, ReviewAllocation.status == "todo")
    )
    assert todo_with_scores == 0
    assert opened.deadline is not None and opened.closed_at is None


def test_closed_comments_are_varied_and_give_anonymisation_work(session: Session) -> None:
    load_demo(session)
    comments = _comments(session, _evaluation(session, "closed"))
    written = [c for c in comments if c]
    first_names = {n.split()[0] for n in session.scalars(select(User.name))}

    assert len(written) >= 250 and len(comments) - len(written) >= 40  # some left empty
    assert len(set(written)) >= 60
    assert any(re.search(r"[\w.]+@[\w.]+", c) for c in written)
    assert any("https://" in c for c in written)
    assert any(re.search(r"06-\d{8}", c) for c in written)
    assert sum(any(name in c for name in first_names) for c in written) >= 30
    assert any("<script>" in c for c in written)  # shown as text by the pages
    # Both glowing and critical feedback, as in a real class.
    scores = Counter(
        session.scalars(
            select(ReviewScore.score)
            .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
            .where(ReviewAllocation.status == "submitted")
        )
    )
    assert scores[5] >= 20 and scores[1] + scores[2] >= 20


def test_load_is_deterministic(session: Session) -> None:
    load_demo(session)
    first = _comments(session, _evaluation(session, "closed"))
    session.execute(delete(School))
    session.commit()

    load_demo(session)
    assert _comments(session, _evaluation(session, "closed")) == first


@pytest.mark.parametrize("role", ["admin", "teacher", "student"])
def test_printed_logins_sign_in_through_the_api(
    session: Session, client: TestClient, role: str
) -> None:
    login = next(x for x in load_demo(session) if x.role == role)
    assert login.password == DEMO_PASSWORDS[role]

    response = client.post(
        "/api/v1/auth/login", json={"email": login.email, "password": login.password}
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["role"] == role and me.json()["school_name"] == "Demo Lyceum"


def test_demo_data_command_prints_the_logins(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data"]) == 0
    out = capsys.readouterr().out
    assert "demo school loaded" in out
    assert "ingrid.bakker@demolyceum.example" in out and DEMO_PASSWORDS["admin"] in out
    assert out.count(DEMO_PASSWORDS["student"]) == 24

    assert main(["demo-data"]) == 0
    assert "already loaded" in capsys.readouterr().out
    assert _count(session, School) == 1


def test_every_score_is_on_a_criterion_of_its_own_evaluation(session: Session) -> None:
    """Regression: the closed evaluation's scores pointed at the open evaluation's criteria."""
    load_demo(session)
    mismatched = session.scalar(
        select(func.count())
        .select_from(ReviewScore)
        .join(ReviewAllocation, ReviewAllocation.id == ReviewScore.allocation_id)
        .join(Criterion, Criterion.id == ReviewScore.criterion_id)
        .where(Criterion.evaluation_id != ReviewAllocation.evaluation_id)
    )
    assert mismatched == 0
    assert _count(session, ReviewScore) > 400  # both evaluations have scores


def test_a_demo_student_sees_peer_averages_of_the_closed_evaluation(
    session: Session, client: TestClient
) -> None:
    login = next(x for x in load_demo(session) if x.role == "student")
    closed = _evaluation(session, "closed")
    token = client.post(
        "/api/v1/auth/login", json={"email": login.email, "password": login.password}
    ).json()["access_token"]

    mine = client.get(
        f"/api/v1/evaluations/{closed.id}/results/mine",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert mine.status_code == 200, mine.text
    assert all(c["peer_average"] is not None for c in mine.json()["criteria"])
    assert all(q["criterion_name"] for q in mine.json()["quotes"])
