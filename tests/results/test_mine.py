"""`GET /results/mine`: a student's own results after closing, and the release rules."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, SummaryGenerationJob, User, utcnow
from tests.factories.results import Scenario, make_scenario, write_review
from tests.factories.school import make_school, make_user

Login = Callable[[User], dict[str, Any]]


def mine(client: TestClient, headers: dict[str, Any], scenario: Scenario) -> Any:
    return client.get(f"/api/v1/evaluations/{scenario.evaluation.id}/results/mine", headers=headers)


def closed_with_comments(session: Session, school: School, **overrides: Any) -> Scenario:
    scenario = make_scenario(
        session, school, {"T": ["Anna Jansen", "Bram de Wit", "Cas"]}, **overrides
    )
    write_review(
        session,
        scenario,
        "Bram de Wit",
        "Anna Jansen",
        [5, 3],
        ["Anna Jansen plant goed", "Mail me op bram@x.example"],
    )
    write_review(session, scenario, "Cas", "Anna Jansen", [4, 4], ["Anna deed veel", ""])
    write_review(session, scenario, "Anna Jansen", "Anna Jansen", [3, 3], ["Ik ben top", ""])
    write_review(
        session, scenario, "Cas", "Bram de Wit", [1, 1], ["geheim concept", ""], status="draft"
    )
    return scenario


def add_summary(session: Session, scenario: Scenario, name: str, **values: Any) -> FeedbackSummary:
    summary = FeedbackSummary(
        school_id=scenario.school.id,
        evaluation_id=scenario.evaluation.id,
        student_id=scenario.students[name].id,
        summary_text="Je teamgenoten waarderen je planning.",
        generation_method="ai",
        feedback_hash="h1",
        feedback_count=2,
        generated_at=utcnow() - timedelta(minutes=5),
        **values,
    )
    session.add(summary)
    session.commit()
    return summary


def test_student_sees_peer_average_against_own_score(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = closed_with_comments(session, school)
    response = mine(client, login(scenario.students["Anna Jansen"]), scenario)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(c["name"], c["peer_average"], c["own_score"]) for c in body["criteria"]] == [
        ("Samenwerking", 4.5, 3.0),
        ("Inzet", 3.5, 3.0),
    ]
    assert body["peer_average"] == 4.0
    assert body["self_average"] == 3.0
    assert body["reviews_received"] == 2
    assert "adjustment_factor" not in body and "flags" not in body


def test_quotes_are_anonymous_peer_comments_only(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = closed_with_comments(session, school)
    body = mine(client, login(scenario.students["Anna Jansen"]), scenario).json()
    texts = sorted(q["text"] for q in body["quotes"])
    assert texts == ["Mail me op [e-mail]", "[naam] deed veel", "[naam] plant goed"]
    assert all(q["text"] != "Ik ben top" for q in body["quotes"])  # own self review
    assert {q["criterion_name"] for q in body["quotes"]} == {"Samenwerking", "Inzet"}
    # A draft written about Bram never shows.
    bram = mine(client, login(scenario.students["Bram de Wit"]), scenario).json()
    assert bram["quotes"] == [] and bram["reviews_received"] == 0


def test_before_closing_the_answer_is_422_with_a_clear_message(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"T": ["Anna", "Bram"]}, status="open")
    response = mine(client, login(scenario.students["Anna"]), scenario)
    assert response.status_code == 422
    assert response.json()["code"] == "evaluation_not_closed"
    assert "gesloten" in response.json()["detail"]


def test_outsiders_get_404(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = make_scenario(session, school, {"T": ["Anna", "Bram"]})
    stranger = make_user(session, school, "student")
    assert mine(client, login(stranger), scenario).status_code == 404
    elsewhere = make_user(session, make_school(session), "student")
    assert mine(client, login(elsewhere), scenario).status_code == 404


def test_auto_release_shows_the_summary_and_a_running_job(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = closed_with_comments(session, school)
    anna = scenario.students["Anna Jansen"]
    assert mine(client, login(anna), scenario).json()["summary"] == {
        "state": "none",
        "job_id": None,
        "summary_text": None,
        "generation_method": None,
        "feedback_count": None,
        "generated_at": None,
        "points": [],
    }
    session.add(
        SummaryGenerationJob(
            school_id=school.id,
            job_id="j1",
            evaluation_id=scenario.evaluation.id,
            student_id=anna.id,
            status="processing",
        )
    )
    session.commit()
    summary = mine(client, login(anna), scenario).json()["summary"]
    assert (summary["state"], summary["job_id"]) == ("processing", "j1")
    add_summary(session, scenario, "Anna Jansen")
    summary = mine(client, login(anna), scenario).json()["summary"]
    assert summary["summary_text"] == "Je teamgenoten waarderen je planning."


def test_teacher_review_hides_unpublished_summaries(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    scenario = closed_with_comments(session, school, summary_release="teacher_review")
    anna = scenario.students["Anna Jansen"]
    summary = add_summary(
        session,
        scenario,
        "Anna Jansen",
        edited_text="Bewerkt door docent.",
        edited_feedback_hash="h1",
    )
    shown = mine(client, login(anna), scenario).json()["summary"]
    assert shown["state"] == "awaiting_review"
    assert shown["summary_text"] is None
    summary.published_at = utcnow()
    session.commit()
    shown = mine(client, login(anna), scenario).json()["summary"]
    assert (shown["state"], shown["summary_text"]) == ("completed", "Bewerkt door docent.")
    # Generated again after publication: invisible until a teacher publishes it again.
    summary.generated_at = utcnow() + timedelta(seconds=1)
    summary.feedback_hash = "h2"
    session.commit()
    assert mine(client, login(anna), scenario).json()["summary"]["state"] == "awaiting_review"
