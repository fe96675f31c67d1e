"""Teacher control of summaries on the student page: edit, publish, publish all, hold back."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import FeedbackSummary, School, User, utcnow
from tests.factories.results import Scenario, make_scenario, write_review


def _reviewed(
    session: Session, school: School, release: str = "teacher_review"
) -> tuple[Scenario, User]:
    scenario = make_scenario(session, school, {"A": ["Anna", "Bram"]}, summary_release=release)
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Sterke planner", ""])
    anna = scenario.students["Anna"]
    session.add(
        FeedbackSummary(
            school_id=school.id,
            evaluation_id=scenario.evaluation.id,
            student_id=anna.id,
            summary_text="Gegenereerde tekst.",
            generation_method="ai",
            feedback_hash="h" * 64,
            feedback_count=1,
            generated_at=utcnow(),
        )
    )
    session.commit()
    return scenario, anna


def test_teacher_edits_and_publishes_and_the_student_sees_the_edit(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario, anna = _reviewed(session, school)
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}"
    page = client.get(url)
    assert 'id="review-state">Nog niet vrijgegeven<' in page.text
    assert "Vrijgeven aan leerling" in page.text

    edited = client.post(
        f"{url}/summary",
        data={"csrf_token": csrf, "text": "Aangepaste tekst."},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    published = client.post(f"{url}/publish", data={"csrf_token": csrf}, follow_redirects=False)
    assert published.status_code == 303
    page = client.get(published.headers["location"])
    assert "De samenvatting is vrijgegeven aan de leerling." in page.text
    assert 'id="review-state">Vrijgegeven<' in page.text

    client.cookies.clear()
    page_login(anna)
    overview = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert "Aangepaste tekst." in overview.text
    assert "Gegenereerde tekst." not in overview.text


def test_publish_all_from_the_evaluation_page(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario, _anna = _reviewed(session, school)
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}"
    assert "Alle gereedstaande vrijgeven" in client.get(url).text
    response = client.post(f"{url}/publish-all", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    session.expire_all()
    assert session.query(FeedbackSummary).one().published_at is not None


def test_auto_mode_teacher_edits_holds_back_and_releases_again(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario, anna = _reviewed(session, school, release="auto")
    csrf = page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}"
    page = client.get(url)
    assert 'id="review-state">Vrijgegeven<' in page.text
    assert "De leerling ziet deze samenvatting nu." in page.text
    assert "Achterhouden" in page.text and "Weer vrijgeven" not in page.text
    client.post(f"{url}/summary", data={"csrf_token": csrf, "text": "Aangepast."})

    held = client.post(f"{url}/hold", data={"csrf_token": csrf}, follow_redirects=False)
    assert held.status_code == 303 and "?" not in held.headers["location"]
    page = client.get(held.headers["location"])
    assert "De samenvatting is achtergehouden; de leerling ziet hem niet." in page.text
    assert 'id="review-state">Achtergehouden<' in page.text
    assert "Weer vrijgeven" in page.text
    assert 'id="held-back-notice"' in page.text  # beside the summary too, not only below
    evaluation_page = client.get(f"/teacher/evaluations/{scenario.evaluation.id}").text
    assert "1 samenvatting achtergehouden (de leerling ziet hem niet):" in evaluation_page
    assert f'students/{anna.id}#summary-actions">Anna<' in evaluation_page

    client.cookies.clear()
    page_login(anna)
    overview = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht").text
    assert "Wacht op je docent" in overview and "Aangepast." not in overview

    client.cookies.clear()
    csrf = page_login(scenario.teacher)
    client.post(f"{url}/publish", data={"csrf_token": csrf})
    client.cookies.clear()
    page_login(anna)
    overview = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht").text
    assert "Aangepast." in overview and "Gegenereerde tekst." not in overview
