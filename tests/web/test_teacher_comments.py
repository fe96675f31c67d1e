"""The comments a student received, for the teacher: beside the summary and per student."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.results import Scenario, make_scenario, write_review


def _team(session: Session, school: School) -> Scenario:
    scenario = make_scenario(session, school, {"Team Blauw": ["Anna", "Bram", "Cas"]})
    write_review(session, scenario, "Bram", "Anna", [4, 5], ["Plant <b>alles</b>", "Werkt hard"])
    write_review(session, scenario, "Cas", "Anna", [3, 4], ["Denkt goed mee", ""])
    write_review(session, scenario, "Anna", "Anna", [5, 5], ["Ik deed veel", ""])
    write_review(session, scenario, "Cas", "Bram", [2, 2], ["Geheim concept"], status="draft")
    return scenario


def test_the_student_page_shows_each_comment_with_its_writer_per_criterion(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _team(session, school)
    anna, bram = scenario.students["Anna"], scenario.students["Bram"]
    page_login(scenario.teacher)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}"
    text = client.get(url).text
    comments = text[text.index('id="comments"') :]
    assert "Ontvangen opmerkingen" in comments
    # Per criterion, in the rubric's order, each with its writer and the score given.
    assert comments.index("Samenwerking") < comments.index("Plant") < comments.index("Inzet")
    assert comments.index("Inzet") < comments.index("Werkt hard")
    assert "Plant &lt;b&gt;alles&lt;/b&gt;" in comments  # escaped, never markup
    assert "Bram" in comments and "score 4" in comments
    assert "Ik deed veel" in comments and "over zichzelf" in comments
    # Bram's page: the draft about him is not shown.
    bram_page = client.get(f"/teacher/evaluations/{scenario.evaluation.id}/students/{bram.id}")
    assert "Geheim concept" not in bram_page.text
    assert "Nog geen opmerkingen ontvangen." in bram_page.text


def test_the_evaluation_page_lists_the_comments_per_student(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _team(session, school)
    anna = scenario.students["Anna"]
    scenario.teacher.language = "en"
    session.commit()
    page_login(scenario.teacher)
    text = client.get(f"/teacher/evaluations/{scenario.evaluation.id}").text
    comments = text[text.index('id="comments"') :]
    assert "Comments per student" in comments
    assert "4 comments" in comments  # Anna's: three from peers and one about herself
    assert "Denkt goed mee" in comments and "Geheim concept" not in comments
    assert f"/students/{anna.id}#comments" in comments


def test_a_student_never_reaches_the_teachers_comments(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = _team(session, school)
    anna = scenario.students["Anna"]
    page_login(anna)
    url = f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}"
    answer = client.get(url)
    assert answer.status_code == 403
    assert "Bram" not in answer.text


def test_the_factor_is_explained_with_its_formula_raw_value_and_clamp(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"Team Blauw": ["Anna", "Bram", "Cas"]})
    # Anna far below Bram: her raw CATME factor falls under the clamp's 0.75.
    write_review(session, scenario, "Cas", "Anna", [1, 1])
    write_review(session, scenario, "Cas", "Bram", [5, 5])
    anna = scenario.students["Anna"]
    page_login(scenario.teacher)
    text = client.get(f"/teacher/evaluations/{scenario.evaluation.id}/students/{anna.id}").text
    assert "Correctiefactor = het gemiddelde dat een leerling van teamgenoten kreeg" in text
    assert "Ruwe waarde 0,333; begrensd tussen 0,75 en 1,10 wordt dat 0,75." in text
    assert "De grens is hier gebruikt." in text
    page = client.get(f"/teacher/evaluations/{scenario.evaluation.id}").text
    assert "De factor is begrensd tussen 0,75 en 1,10." in page
