"""Anchored levels on the pages: typed at creation, shown on the review form and the results."""

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import Criterion, Evaluation, School, User
from tests.factories.course import make_course
from tests.factories.evaluation import make_class_with_team
from tests.factories.results import make_scenario, write_review


def test_levels_typed_on_the_course_page_are_shown_on_the_review_form(
    client: TestClient,
    session: Session,
    school: School,
    teacher: User,
    page_login: Callable[[User], str],
) -> None:
    course = make_course(session, school, teacher_id=teacher.id)
    csrf = page_login(teacher)
    rubric = "Inzet: Doet zijn deel\n  1 = Doet niet mee\n  5 = Neemt het voortouw\nSamenwerking"
    form = {"csrf_token": csrf, "title": "Ankers", "criteria": rubric, "scale_min": "1"}
    created = client.post(
        f"/teacher/courses/{course.id}/evaluations",
        data=form | {"scale_max": "5", "summary_release": "auto"},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    evaluation = session.query(Evaluation).filter_by(title="Ankers").one()
    inzet = session.query(Criterion).filter_by(evaluation_id=evaluation.id, name="Inzet").one()
    assert [x["score"] for x in inzet.levels] == [1, 5]

    refused = client.post(
        f"/teacher/courses/{course.id}/evaluations",
        data=form | {"title": "Te hoog", "criteria": "Inzet\n  9 = Te hoog", "scale_max": "5"},
    )
    assert refused.status_code == 422
    assert "beschrijft score 9, maar de schaal loopt van 1 tot 5" in refused.text
    assert "Inzet\n  9 = Te hoog" in refused.text  # what was typed is kept


def test_the_review_form_shows_each_level_beside_the_scale(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    klass = make_class_with_team(session, school, team_size=2)
    first = klass.criteria[0]
    first.levels = [
        {"score": 1, "description": "Doet niet mee"},
        {"score": 5, "description": "Neemt het voortouw"},
    ]
    session.commit()
    page_login(klass.students[0])
    page = client.get(f"/student/evaluations/{klass.evaluation.id}")
    assert page.status_code == 200
    levels = re.findall(
        r'<li data-score="(\d+)"><span class="level-score">\d+</span> ([^<]+)</li>', page.text
    )
    # once per teammate's form (two reviews: a teammate and themselves)
    assert levels == [("1", "Doet niet mee"), ("5", "Neemt het voortouw")] * 2


def test_the_overview_names_the_level_of_the_peer_average(
    client: TestClient, session: Session, school: School, page_login: Callable[[User], str]
) -> None:
    scenario = make_scenario(session, school, {"T": ["Anna", "Bram", "Cas"]}, status="open")
    criterion = scenario.criteria[0]
    criterion.levels = [{"score": 5, "description": "Doet ruim zijn deel"}]
    session.commit()
    write_review(session, scenario, "Bram", "Anna", [4, 2])
    write_review(session, scenario, "Cas", "Anna", [5, 2])  # 4.5: rounded half up, so 5
    scenario.evaluation.status = "closed"
    session.commit()
    page_login(scenario.students["Anna"])
    page = client.get(f"/student/evaluations/{scenario.evaluation.id}/overzicht")
    assert page.status_code == 200
    assert "Je teamgenoten gemiddeld: “Doet ruim zijn deel”" in page.text
