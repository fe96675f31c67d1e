"""Deadlines lie in 2000-2099: anything else is a 422 in the user's language, never a 500."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teameval.models import Evaluation, School, User
from tests.factories.course import make_course
from tests.factories.evaluation import make_evaluation
from tests.factories.school import make_user

Login = Callable[[User], dict[str, Any]]

OUT_OF_RANGE = [
    "9999-12-31T23:30:00-05:00",  # year 10000 in UTC: overflowed while stored
    "9999-12-31T23:30:00Z",  # stored, then every page showing it overflowed
    "2100-01-01T00:00:00Z",
    "1999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+05:00",  # before year 1 in UTC
]


def _count(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Evaluation)) or 0)


@pytest.mark.parametrize("deadline", OUT_OF_RANGE)
def test_api_refuses_a_deadline_out_of_range_on_create_and_update(
    client: TestClient, login: Login, session: Session, school: School, teacher: User, deadline: str
) -> None:
    headers = login(teacher)
    course = make_course(session, school)
    evaluation = make_evaluation(session, course)
    stored = evaluation.deadline
    body = {"course_id": course.id, "title": "T", "criteria": [{"name": "A"}], "deadline": deadline}
    created = client.post("/api/v1/evaluations", json=body, headers=headers)
    assert created.status_code == 422, created.text
    assert created.json()["errors"] == [
        {"field": "deadline", "message": "moet tussen 2000 en 2099 liggen"}
    ]
    updated = client.patch(
        f"/api/v1/evaluations/{evaluation.id}", json={"deadline": deadline}, headers=headers
    )
    assert updated.status_code == 422, updated.text
    assert _count(session) == 1
    session.refresh(evaluation)
    assert evaluation.deadline == stored


def test_api_accepts_the_last_minute_of_2099_and_answers_in_english(
    client: TestClient, login: Login, session: Session, school: School
) -> None:
    english = make_user(session, school, "teacher", language="en")
    course = make_course(session, school)
    body = {"course_id": course.id, "title": "T", "criteria": [{"name": "A"}]}
    late = client.post(
        "/api/v1/evaluations",
        json=body | {"deadline": "2099-12-31T23:59:00+00:00"},
        headers=login(english),
    )
    assert late.status_code == 201, late.text
    assert late.json()["deadline"].startswith("2099-12-31T23:59")
    refused = client.post(
        "/api/v1/evaluations",
        json=body | {"deadline": "2100-01-01T00:00:00Z"},
        headers=login(english),
    )
    assert refused.json()["errors"][0]["message"] == "must lie between 2000 and 2099"
