"""Fixtures built from the factories: signed-in clients per role."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from teameval.models import School, User
from tests.factories.access import AccessClass, make_access_class
from tests.factories.school import PASSWORD, make_school, make_user

Headers = dict[str, Any]


@pytest.fixture
def school(session: Session) -> School:
    """A Dutch school."""
    return make_school(session)


@pytest.fixture
def login(client: TestClient) -> Callable[[User], Headers]:
    """Sign a user in through the API; returns their bearer header."""

    def _login(user: User) -> Headers:
        response = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login


@pytest.fixture
def admin(session: Session, school: School) -> User:
    """An admin of `school`."""
    return make_user(session, school, "admin")


@pytest.fixture
def teacher(session: Session, school: School) -> User:
    """A teacher of `school`."""
    return make_user(session, school, "teacher")


@pytest.fixture
def student(session: Session, school: School) -> User:
    """A student of `school`."""
    return make_user(session, school, "student")


@pytest.fixture
def klass(session: Session, school: School) -> AccessClass:
    """A teacher's course with two students who have no password yet and one who has."""
    return make_access_class(session, school)
