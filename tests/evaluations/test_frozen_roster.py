"""Issue 15: a closed evaluation keeps the roster it closed with. Adding a student later (or
taking one off the course) changes neither its quotes nor the feedback its summaries are made
from, so no stored summary goes stale and nothing is regenerated."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from teameval.config import get_settings
from teameval.models import Enrolment, Evaluation, School, TeamMember
from teameval.summaries.generation import collect_feedback
from tests.factories.course import enrol
from tests.factories.feedback import TeamFeedback, make_team_feedback
from tests.factories.school import make_user

Login = Callable[[Any], dict[str, str]]
NAMES = ["Anouk Hendriks", "Bram Visser", "Sem Kok"]
REVIEWS = {
    (1, 0): {"Inzet": (4, "Overleg met Pieter ging goed, en Sem hielp ook.")},
    (2, 0): {"Inzet": (3, "Bram deed het meeste, vond Pieter ook.")},
}


def _quotes(client: TestClient, team: TeamFeedback, login: Login) -> list[str]:
    url = (
        f"/api/v1/feedback-summaries/evaluation/{team.evaluation.id}"
        f"/student/{team.students[0].id}/quotes"
    )
    answer = client.get(url, headers=login(team.students[0]))
    assert answer.status_code == 200, answer.text
    return sorted(q["text"] for q in answer.json()["quotes"])


def test_the_roster_is_frozen_when_the_evaluation_closes(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    team = make_team_feedback(session, school, NAMES, ["Inzet"], REVIEWS, status="open")
    session.commit()
    closed = client.post(
        f"/api/v1/evaluations/{team.evaluation.id}/close", headers=login(team.teacher)
    )
    assert closed.status_code == 200, closed.text
    session.expire_all()
    frozen = session.get(Evaluation, team.evaluation.id)
    assert frozen is not None and frozen.roster_names is not None
    assert set(frozen.roster_names) == {*NAMES, team.teacher.name}

    before = _quotes(client, team, login)
    assert before == [
        "Overleg met Pieter ging goed, en [naam] hielp ook.",
        "[naam] deed het meeste, vond Pieter ook.",
    ]
    snapshot = collect_feedback(
        session, get_settings(), school.id, team.evaluation.id, team.students[0].id
    )

    # After closing: a "Pieter Post" joins the course, Bram and Sem leave it.
    enrol(session, team.course, [make_user(session, school, "student", name="Pieter Post")])
    for model in (Enrolment, TeamMember):
        session.execute(
            delete(model).where(model.student_id.in_([team.students[1].id, team.students[2].id]))
        )
    session.commit()

    assert _quotes(client, team, login) == before
    again = collect_feedback(
        session, get_settings(), school.id, team.evaluation.id, team.students[0].id
    )
    assert again.feedback_hash == snapshot.feedback_hash  # no summary goes stale
    assert again.request == snapshot.request


def test_an_open_evaluation_follows_the_live_roster(
    client: TestClient, session: Session, school: School, login: Login
) -> None:
    team = make_team_feedback(session, school, NAMES, ["Inzet"], REVIEWS, status="open")
    enrol(session, team.course, [make_user(session, school, "student", name="Pieter Post")])
    snapshot = collect_feedback(
        session, get_settings(), school.id, team.evaluation.id, team.students[0].id
    )
    assert snapshot.request.criteria[0].comments == (
        "Overleg met [naam] ging goed, en [naam] hielp ook.",
        "[naam] deed het meeste, vond [naam] ook.",
    )
