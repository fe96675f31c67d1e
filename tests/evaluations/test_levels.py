"""Anchored levels: a sentence per score of a criterion, set at creation, shown to reviewers."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.evaluations.schemas import CriterionRead
from teameval.models import School, User
from teameval.web.forms import criteria_lines, criteria_text
from tests.evaluations.test_routes import _payload
from tests.factories.course import make_course

Login = Callable[[User], dict[str, Any]]

LEVELS = [
    {"score": 5, "description": "Neemt het voortouw"},
    {"score": 1, "description": "Doet niet mee"},
]


def test_levels_are_stored_by_score_and_answered(
    client: TestClient, teacher: User, login: Login, session: Session, school: School
) -> None:
    course = make_course(session, school)
    criteria = [{"name": "Inzet", "levels": LEVELS}, {"name": "Samenwerking"}]
    created = client.post(
        "/api/v1/evaluations", json=_payload(course.id, criteria=criteria), headers=login(teacher)
    )
    assert created.status_code == 201, created.text
    inzet, samenwerking = created.json()["criteria"]
    assert inzet["levels"] == sorted(LEVELS, key=lambda x: x["score"])
    assert samenwerking["levels"] == []
    got = client.get(f"/api/v1/evaluations/{created.json()['id']}", headers=login(teacher))
    assert got.json()["criteria"][0]["levels"] == inzet["levels"]


@pytest.mark.parametrize(
    ("levels", "code", "words"),
    [
        ([{"score": 7, "description": "Te hoog"}], "level_outside_scale", "loopt van 1 tot 5"),
        (
            [{"score": 2, "description": "a"}, {"score": 2, "description": "b"}],
            "level_twice",
            "score 2 twee keer",
        ),
        ([{"score": 2, "description": "   "}], "level_without_text", "zonder beschrijving"),
    ],
)
def test_bad_levels_are_refused_with_a_message(
    client: TestClient,
    teacher: User,
    login: Login,
    session: Session,
    school: School,
    levels: list[dict[str, Any]],
    code: str,
    words: str,
) -> None:
    course = make_course(session, school)
    criteria = [{"name": "Inzet", "levels": levels}]
    refused = client.post(
        "/api/v1/evaluations", json=_payload(course.id, criteria=criteria), headers=login(teacher)
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == code
    assert words in refused.json()["detail"]


def test_the_form_writes_levels_under_their_criterion_and_back() -> None:
    typed = (
        "Inzet: Doet zijn deel\n  1 = Doet niet mee\n  5: Neemt het voortouw\n"
        "Samenwerking\n3 = Redelijk"
    )
    criteria = criteria_lines(typed)
    assert criteria == [
        {
            "name": "Inzet",
            "description": "Doet zijn deel",
            "levels": [
                {"score": 1, "description": "Doet niet mee"},
                {"score": 5, "description": "Neemt het voortouw"},
            ],
        },
        {
            "name": "Samenwerking",
            "description": "",
            "levels": [{"score": 3, "description": "Redelijk"}],
        },
    ]
    read = [
        CriterionRead.model_validate(c | {"id": n, "position": n}) for n, c in enumerate(criteria)
    ]
    assert criteria_lines(criteria_text(read)) == criteria  # editing loses nothing
