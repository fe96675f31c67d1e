"""The student's overview after closing: chart, scores, the summary section and the quotes."""

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, SummaryGenerationJob, User, utcnow
from tests.factories.results import Scenario, make_scenario, write_review


def _scenario(session: Session, school: School, **overrides: object) -> Scenario:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram", "Cas"]}, **overrides)  # type: ignore[arg-type]
    write_review(
        session, scenario, "Bram", "Anna", [4, 5], ["Anna <script>x</script> plant goed", ""]
    )
    write_review(session, scenario, "Cas", "Anna", [2, 3], ["", "Kwam te laat"])
    write_review(session, scenario, "Anna", "Anna", [5, 5])
    return scenario


def _summary(session: Session, scenario: Scenario, student: User, **overrides: object) -> None:
    values: dict[str, object] = {
        "school_id": scenario.school.id,
        "evaluation_id": scenario.evaluation.id,
        "student_id": student.id,
        "summary_text": "Je teamgenoten waarderen je planning.",
        "generation_method": "fallback",
        "feedback_hash": "x" * 64,
        "feedback_count": 2,
        "generated_at": utcnow(),
    } | overrides
    session.add(FeedbackSummary(**values))
    session.commit()


def test_overview_shows_chart_scores_quotes_escaped(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school)
    page_login(scenario.students["Anna"])
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert page.status_code == 200
    assert "<svg" in page.text and 'role="img"' in page.text
    # Peer average of Samenwerking: (4 + 2) / 2 = 3,0 (Dutch decimal comma); own score 5,0.
    assert "Samenwerking: Teamgenoten 3,0, Jijzelf 5,0." in page.text
    assert "Kwam te laat" in page.text
    assert "<script>x</script>" not in page.text
    assert 'src="/static/js/summary.js"' in page.text


def test_overview_without_a_job_asks_for_one(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school)
    page_login(scenario.students["Anna"])
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert 'data-state="none"' in page.text
    assert "data-auto-request" in page.text
    queue_url = (
        f"/api/v1/feedback-summaries/evaluation/{scenario.evaluation.id}"
        f"/student/{scenario.students['Anna'].id}/queue"
    )
    assert f'data-queue-url="{queue_url}"' in page.text


def test_overview_shows_a_running_job_live(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school)
    anna = scenario.students["Anna"]
    session.add(
        SummaryGenerationJob(
            school_id=school.id,
            job_id="job-abc",
            evaluation_id=scenario.evaluation.id,
            student_id=anna.id,
            status="processing",
        )
    )
    session.commit()
    page_login(anna)
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert 'data-state="processing"' in page.text
    assert 'data-job-id="job-abc"' in page.text
    assert 'aria-busy="true"' in page.text
    assert "Genereren..." in page.text


def test_overview_shows_a_fallback_summary_with_the_basis_badge(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school)
    anna = scenario.students["Anna"]
    _summary(session, scenario, anna)
    page_login(anna)
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert 'data-state="completed"' in page.text
    assert "Je teamgenoten waarderen je planning." in page.text
    badge_start = page.text.index("data-fallback-badge")
    assert ">Basis<" in page.text[badge_start : badge_start + 300]
    assert "hidden>Basis" not in page.text


def test_unpublished_summary_under_teacher_review_stays_hidden(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school, summary_release="teacher_review")
    anna = scenario.students["Anna"]
    _summary(session, scenario, anna, summary_text="Nog niet vrijgegeven tekst")
    page_login(anna)
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert 'data-state="awaiting_review"' in page.text
    assert "Nog niet vrijgegeven tekst" not in page.text

    published = session.query(FeedbackSummary).one()
    published.published_at = published.generated_at + timedelta(seconds=1)
    session.commit()
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert "Nog niet vrijgegeven tekst" in page.text


def test_a_student_cannot_open_another_students_overview(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school)
    other = make_scenario(session, school, {"B": ["Dirk", "Eva"]})
    page_login(scenario.students["Bram"])
    # Another team's evaluation: not found, and nothing of it shows.
    page = client.get(f"/student/evaluations/{other.evaluation.id}/overzicht")
    assert page.status_code == 404
    assert "Dirk" not in page.text and "Eva" not in page.text


def test_before_closing_the_overview_says_what_will_appear_and_when(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _scenario(session, school, status="open")
    anna = scenario.students["Anna"]
    page_login(anna)
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert page.status_code == 200
    assert "Dat lukte niet" not in page.text
    assert "Je resultaten komen hier" in page.text
    assert "Zodra je docent de evaluatie sluit" in page.text
    assert "1 van 3 beoordelingen ingediend" in page.text
    assert f'href="/student/evaluations/{scenario.evaluation.id}"' in page.text
    assert "plant goed" not in page.text  # nothing of the feedback before closing

    anna.language = "en"
    session.commit()
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert "Your results will appear here" in page.text
